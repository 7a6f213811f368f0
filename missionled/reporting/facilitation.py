"""Facilitator load, read from the planning assignments once they are recorded."""

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Count, Q

from missionled.reporting.attendance import optional_model
from missionled.reporting.filters import ReportFilters
from missionled.reporting.tables import ChartSpec, Column, Table

NOT_RECORDED = "Facilitator assignments are not recorded in this service yet."
NOTE = "Scheduled sessions each facilitator is assigned to, as a workshop lead or set adviser."


def load_table(filters: ReportFilters, now: datetime) -> Table:
    columns = [
        Column("facilitator", "Facilitator"),
        Column("sessions", "Sessions assigned", "int"),
        Column("upcoming", "Still to run", "int"),
        Column("workshops", "As workshop lead", "int"),
        Column("sets", "As set adviser", "int"),
    ]
    if not apps.is_installed("missionled.facilitation"):
        return Table("facilitator_load", "Facilitator load", columns, [], note=NOT_RECORDED)
    assignment = optional_model("facilitation", "Assignment")
    grouped = (
        assignment.objects.filter(
            filters.q("session__cohort__booking__"), session__status="scheduled"
        )
        .values("facilitator__name", "facilitator__email")
        .annotate(
            sessions=Count("id"),
            upcoming=Count("id", filter=Q(session__starts_at__gte=now)),
            workshops=Count("id", filter=Q(role="workshop")),
            sets=Count("id", filter=Q(role="set_adviser")),
        )
        .order_by("-sessions", "facilitator__email")
    )
    rows: list[dict[str, Any]] = []
    for row in grouped:
        item = dict(row)
        item["facilitator"] = item.pop("facilitator__name") or item["facilitator__email"]
        item.pop("facilitator__email")
        rows.append(item)
    chart = ChartSpec("facilitator", ("sessions", "upcoming"), horizontal=True)
    return Table("facilitator_load", "Facilitator load", columns, rows, chart, note=NOTE)
