"""Loads the missions, their milestones and published figures from `missions/data/`.

`missions.json` holds the facts, copied from the compiled reference data with its sources;
`milestones.json` says how each metric becomes a milestone the service can chart.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from missionled.missions.models import Milestone, Mission, ProgressPoint
from missionled.organisations.models import Department

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def _urls(sources: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(s["url"] for s in sources if s.get("url")))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


def _describe(part: dict[str, Any]) -> str:
    """A baseline or target as the source states it, so nothing is lost in the mapping."""
    words = [str(part[key]) for key in ("period", "deadline") if part.get(key)]
    value = part.get("value")
    if value is not None:
        words.insert(0, f"{value} {part.get('unit', '')}".strip())
    interim = part.get("interim")
    if interim:
        words.append(
            f"interim: {interim['value']} {interim.get('unit', '')} by {interim['deadline']}"
        )
    text = "As published: " + ", ".join(words) + "."
    return f"{text} {part['note']}" if part.get("note") else text


def _metrics(
    mission: dict[str, Any],
) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    found = {}
    for milestone in mission["milestones"]:
        for metric in milestone.get("metrics") or [milestone]:
            found[(milestone["id"], metric["id"])] = (milestone, metric)
    return found


def _mission_rows(data: dict[str, Any]) -> list[Mission]:
    departments = {d.acronym: d for d in Department.objects.all()}
    rows = []
    for entry in data["missions"]:
        lead = entry.get("lead_department") or {}
        rows.append(
            Mission(
                slug=entry["id"],
                name=entry["official_name"],
                short_name=entry["short_name"],
                description=entry.get("description", ""),
                ambition=entry.get("manifesto_ambition", ""),
                order=entry["order"],
                lead_department=departments.get(lead.get("acronym", "")),
                lead_department_note=lead.get("note", "")[:300],
                source_urls=_urls(entry.get("sources", [])),
            )
        )
    return rows


def _trajectory(plan: dict[str, Any], metric: dict[str, Any]) -> list[list[Any]]:
    return [[on, value] for on, value in plan.get("trajectory", [])]


def _milestone_row(
    plan: dict[str, Any],
    order: int,
    mission: Mission,
    parent: dict[str, Any],
    metric: dict[str, Any],
) -> Milestone:
    baseline, target = metric["baseline"], metric["target"]
    baseline_value = plan["baseline"].get("value", baseline.get("value"))
    return Milestone(
        mission=mission,
        slug=plan["slug"],
        name=plan["name"],
        plan_milestone=parent.get("plan_for_change_milestone", ""),
        summary=parent.get("summary", ""),
        geography=parent.get("geography", ""),
        order=order,
        metric=metric["metric"],
        unit=plan["chart_unit"],
        baseline_value=_number(baseline_value),
        baseline_date=date.fromisoformat(plan["baseline"]["date"]),
        baseline_text=plan["baseline"].get("text") or _describe(baseline),
        target_value=_number(target.get("value")),
        target_date=date.fromisoformat(plan["target"]["date"]),
        target_text=_describe(target),
        direction=plan["direction"],
        publication_interval_days=plan["publication_interval_days"],
        trajectory=_trajectory(plan, metric),
        source_urls=_urls(parent.get("sources", []) + baseline.get("sources", [])),
        other_figures=_other_figures(plan, metric),
    )


def _point_key(point: dict[str, Any]) -> tuple[str, str]:
    return point["period"], f"{point['period']}|{point.get('unit', '')}"


def _charted_date(plan: dict[str, Any], point: dict[str, Any]) -> str | None:
    period, period_unit = _point_key(point)
    if _number(point.get("value")) is None:
        return None
    found: str | None = plan["charted"].get(period_unit) or plan["charted"].get(period)
    return found


def _other_figures(plan: dict[str, Any], metric: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "period": point["period"],
            "value": str(point["value"]),
            "unit": point.get("unit", ""),
            "note": point.get("note", ""),
            "confidence": point.get("confidence", ""),
            "source_urls": _urls(point.get("sources", [])),
        }
        for point in metric.get("progress", [])
        if _charted_date(plan, point) is None
    ]


def _point_rows(
    plan: dict[str, Any], milestone: Milestone, metric: dict[str, Any]
) -> list[ProgressPoint]:
    rows = []
    for point in metric.get("progress", []):
        on, value = _charted_date(plan, point), _number(point["value"])
        if on is None or value is None:
            continue
        sources = _urls(point.get("sources", []))
        rows.append(
            ProgressPoint(
                milestone=milestone,
                value=value,
                date=date.fromisoformat(on),
                source_url=sources[0] if sources else "",
                note=point.get("note", ""),
                confidence=point.get("confidence", ""),
                reference_key=f"{milestone.slug}|{_point_key(point)[1]}",
            )
        )
    return rows


def _missions_sync(data: dict[str, Any]) -> dict[str, Mission]:
    existing = {m.slug: m for m in Mission.objects.all()}
    new = [m for m in _mission_rows(data) if m.slug not in existing]
    Mission.objects.bulk_create(new)
    existing.update({m.slug: m for m in new})
    return existing


@transaction.atomic
def missions_load() -> int:
    """Add the missions, milestones and published figures that are not there yet.

    Idempotent. Rows already present are left as they are, because admins may have renamed
    or retired them since; a published figure is added once (matched by its reference key),
    so corrections made since are kept. Returns the number of milestones in the data."""
    data, plans = _read("missions.json"), _read("milestones.json")["milestones"]
    missions = _missions_sync(data)
    metrics = {key: value for entry in data["missions"] for key, value in _metrics(entry).items()}
    existing = {m.slug: m for m in Milestone.objects.all()}
    new_milestones: list[Milestone] = []
    sources: list[tuple[Milestone, dict[str, Any], dict[str, Any]]] = []
    for order, plan in enumerate(plans, start=1):
        parent, metric = metrics[(plan["milestone"], plan["metric"])]
        mission = missions[next(m["id"] for m in data["missions"] if parent in m["milestones"])]
        milestone = existing.get(plan["slug"])
        if milestone is None:
            milestone = _milestone_row(plan, order, mission, parent, metric)
            new_milestones.append(milestone)
        sources.append((milestone, plan, metric))
    Milestone.objects.bulk_create(new_milestones)
    loaded = set(
        ProgressPoint.objects.filter(reference_key__isnull=False).values_list(
            "reference_key", flat=True
        )
    )
    points = [
        point
        for milestone, plan, metric in sources
        for point in _point_rows(plan, milestone, metric)
        if point.reference_key not in loaded
    ]
    ProgressPoint.objects.bulk_create(points)
    return len(plans)
