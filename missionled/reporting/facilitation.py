"""Facilitator load, read from the planning assignments once they are recorded."""

from django.apps import apps

from missionled.reporting.filters import ReportFilters
from missionled.reporting.tables import Column, Table

NOT_RECORDED = "Facilitator assignments are not recorded in this service yet."


def load_table(filters: ReportFilters) -> Table:
    columns = [
        Column("facilitator", "Facilitator"),
        Column("sessions", "Sessions assigned", "int"),
    ]
    if not apps.is_installed("missionled.facilitation"):
        return Table("facilitator_load", "Facilitator load", columns, [], note=NOT_RECORDED)
    return Table("facilitator_load", "Facilitator load", columns, [], note=NOT_RECORDED)
