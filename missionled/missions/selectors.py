"""Every read the public sees. Nothing here exposes who added a figure."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from missionled.core.clock import LONDON
from missionled.core.errors import NotFound
from missionled.missions.models import Milestone, Mission, OwnerAssessment, ProgressPoint
from missionled.missions.status import (
    STATUS_LABELS,
    Plan,
    Point,
    Status,
    StatusResult,
    milestone_status,
)

MISSION_NOT_FOUND = "There is no mission called {slug!r}."
MILESTONE_NOT_FOUND = "There is no milestone called {slug!r}."
POINT_NOT_FOUND = "There is no published figure with the id {pk}."

STATUS_TAG_CLASSES = {
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.NO_RECENT_DATA: "govuk-tag--grey",
    Status.NO_TARGET: "govuk-tag--grey",
    Status.NO_DATA: "govuk-tag--grey",
}

OWNER_MEANS = {
    OwnerAssessment.Rating.ON_TRACK: Status.ON_TRACK,
    OwnerAssessment.Rating.PROBABLE: Status.ON_TRACK,
    OwnerAssessment.Rating.FEASIBLE: Status.AT_RISK,
    OwnerAssessment.Rating.AT_RISK: Status.AT_RISK,
    OwnerAssessment.Rating.UNACHIEVABLE: Status.OFF_TRACK,
}
AGREEMENT_RULE = (
    "The owner's rating agrees with the computed status when \u201con track\u201d or "
    "\u201cprobable\u201d meets \u201con track\u201d, \u201cfeasible\u201d or \u201cat risk\u201d "
    "meets \u201cat risk\u201d, and \u201cunachievable\u201d meets \u201coff track\u201d. "
    "Where the figures are out of date, the status they last showed is used."
)


def number_format(value: Decimal | float | None) -> str:
    """275600.0000 → "275,600"; 61.5000 → "61.5"."""
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), ",f")


def date_format(on: date | None) -> str:
    return f"{on.day} {on:%B %Y}" if on else ""


@dataclass
class MilestoneView:
    """A milestone with its current figures, computed status and the owner's view."""

    milestone: Milestone
    points: list[ProgressPoint]
    result: StatusResult
    assessment: OwnerAssessment | None
    corrections: list[ProgressPoint] = field(default_factory=list)
    quarters: list[OwnerAssessment] = field(default_factory=list)
    """The assessment shown for each quarter, newest quarter first."""
    replaces: list[Milestone] = field(default_factory=list)
    """Retired milestones this one carries on from."""

    @property
    def latest(self) -> ProgressPoint | None:
        return self.points[-1] if self.points else None

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]

    @property
    def measured_label(self) -> str:
        return STATUS_LABELS[self.result.measured] if self.result.measured else ""

    @property
    def disagrees(self) -> bool:
        computed = self.result.measured or self.status
        if self.assessment is None or computed not in OWNER_MEANS.values():
            return False
        return OWNER_MEANS[OwnerAssessment.Rating(self.assessment.rating)] != computed

    @property
    def reason(self) -> str:
        return status_reason(self)

    @property
    def chart_summary(self) -> str:
        return chart_summary(self)


def _plan(milestone: Milestone) -> Plan:
    def point(on: date | None, value: Decimal | None) -> Point | None:
        return Point(on, float(value)) if on is not None and value is not None else None

    return Plan(
        baseline=point(milestone.baseline_date, milestone.baseline_value),
        target=point(milestone.target_date, milestone.target_value),
        direction="lower" if milestone.direction == Milestone.Direction.LOWER else "higher",
        trajectory=tuple(Point(on, value) for on, value in milestone.trajectory_points()),
        publication_interval_days=milestone.publication_interval_days,
    )


def milestone_view(milestone: Milestone, today: date) -> MilestoneView:
    """Needs `all_points`, `all_assessments` and `all_replaced` prefetched (see `mission_list`)."""
    every = list(milestone.all_points)  # type: ignore[attr-defined]
    superseded = {p.supersedes_id for p in every if p.supersedes_id}
    points = sorted((p for p in every if p.pk not in superseded), key=lambda p: p.date)
    latest = Point(points[-1].date, float(points[-1].value)) if points else None
    quarters = _shown_per_quarter(milestone.all_assessments)  # type: ignore[attr-defined]
    return MilestoneView(
        milestone=milestone,
        points=points,
        result=milestone_status(_plan(milestone), latest, today),
        assessment=quarters[0] if quarters else None,
        corrections=[p for p in points if p.supersedes_id],
        quarters=quarters,
        replaces=list(milestone.all_replaced),  # type: ignore[attr-defined]
    )


def _shown_per_quarter(assessments: list[OwnerAssessment]) -> list[OwnerAssessment]:
    """Newest quarter first; a later assessment for a quarter stands in for an earlier one.
    Needs `assessments` ordered by quarter and then creation, both newest first."""
    shown: dict[str, OwnerAssessment] = {}
    for assessment in assessments:
        shown.setdefault(assessment.quarter, assessment)
    return list(shown.values())


def _milestones_prefetch() -> Prefetch[Any]:
    points = ProgressPoint.objects.select_related("supersedes").order_by("date", "created_at")
    assessments = OwnerAssessment.objects.order_by("-quarter", "-created_at")
    replaces = Milestone.objects.select_related("mission").order_by("order", "name")
    milestones = Milestone.objects.select_related("replaced_by__mission").order_by("order", "name")
    return Prefetch(
        "milestones",
        queryset=milestones.prefetch_related(
            Prefetch("points", queryset=points, to_attr="all_points"),
            Prefetch("assessments", queryset=assessments, to_attr="all_assessments"),
            Prefetch("replaces", queryset=replaces, to_attr="all_replaced"),
        ),
    )


def mission_list() -> QuerySet[Mission]:
    """Missions that are not retired, with every milestone (retired ones too) and its figures."""
    return (
        Mission.objects.filter(retired=False)
        .select_related("lead_department")
        .prefetch_related(_milestones_prefetch())
    )


def mission_list_retired() -> QuerySet[Mission]:
    """Retired missions, for the index to list apart: their pages keep their history."""
    return Mission.objects.filter(retired=True).order_by("order", "name")


def mission_get(*, slug: str) -> Mission:
    """Any mission by slug, retired or not: a retired mission keeps its public history."""
    mission = (
        Mission.objects.select_related("lead_department")
        .prefetch_related(_milestones_prefetch())
        .filter(slug=slug)
        .first()
    )
    if mission is None:
        raise NotFound(MISSION_NOT_FOUND.format(slug=slug), code="mission_not_found")
    return mission


def mission_views(mission: Mission, today: date) -> list[MilestoneView]:
    return [milestone_view(m, today) for m in mission.milestones.all()]


def milestone_get(*, slug: str) -> Milestone:
    milestone = Milestone.objects.select_related("mission").filter(slug=slug).first()
    if milestone is None:
        raise NotFound(MILESTONE_NOT_FOUND.format(slug=slug), code="milestone_not_found")
    return milestone


def milestone_view_get(*, slug: str, today: date) -> MilestoneView:
    milestone = milestone_get(slug=slug)
    mission = mission_get(slug=milestone.mission.slug)
    return next(v for v in mission_views(mission, today) if v.milestone.pk == milestone.pk)


def owner_assessment_list(*, milestone: Milestone) -> QuerySet[OwnerAssessment]:
    """Every owner's assessment of a milestone, newest quarter first, including those a later
    assessment for the same quarter replaced."""
    return (
        OwnerAssessment.objects.filter(milestone=milestone)
        .select_related("milestone")
        .order_by("-quarter", "-created_at", "-id")
    )


def progress_point_list(*, milestone: Milestone) -> QuerySet[ProgressPoint]:
    """Every figure for a milestone, oldest first, corrections and the figures they replace."""
    return (
        ProgressPoint.objects.filter(milestone=milestone)
        .select_related("milestone", "supersedes")
        .order_by("date", "created_at", "id")
    )


MAX_ID = 2**31 - 1  # the smallest integer key any of our databases uses


def progress_point_get(*, pk: int) -> ProgressPoint:
    in_range = 1 <= pk <= MAX_ID
    point = (
        ProgressPoint.objects.select_related("milestone__mission").filter(pk=pk).first()
        if in_range
        else None
    )
    if point is None:
        raise NotFound(POINT_NOT_FOUND.format(pk=pk), code="progress_point_not_found")
    return point


def progress_point_recent(*, limit: int = 50) -> QuerySet[ProgressPoint]:
    return ProgressPoint.objects.select_related("milestone__mission").order_by(
        "-created_at", "-id"
    )[:limit]


def last_updated(mission: Mission | None = None) -> datetime | None:
    """When any published data (missions, milestones, figures, assessments) last changed."""
    missions = Mission.objects.all()
    milestones = Milestone.objects.all()
    points = ProgressPoint.objects.all()
    assessments = OwnerAssessment.objects.all()
    if mission is not None:
        missions = missions.filter(pk=mission.pk)
        milestones = milestones.filter(mission=mission)
        points = points.filter(milestone__mission=mission)
        assessments = assessments.filter(milestone__mission=mission)
    stamps = [
        missions.aggregate(at=Max("updated_at"))["at"],
        milestones.aggregate(at=Max("updated_at"))["at"],
        points.aggregate(at=Max("created_at"))["at"],
        assessments.aggregate(at=Max("created_at"))["at"],
    ]
    present = [s for s in stamps if s is not None]
    return max(present) if present else None


def status_reason(view: MilestoneView) -> str:
    """One sentence saying why the milestone has its status."""
    result, latest, unit = view.result, view.latest, view.milestone.unit
    if result.status == Status.NO_TARGET:
        return "There is no numeric baseline and target to measure progress against."
    if latest is None:
        return "No figure has been published yet."
    figure = (
        f"The newest figure, {number_format(latest.value)} ({unit}) for {date_format(latest.date)},"
    )
    where = _where(result)
    if result.status == Status.NO_RECENT_DATA:
        return (
            f"{figure} is older than this measure's usual publication interval of "
            f"{view.milestone.publication_interval_days} days. When published it {where}, "
            f"so it was {view.measured_label.lower()}."
        )
    return f"{figure} {where}."


def _where(result: StatusResult) -> str:
    expected = number_format(round(result.expected or 0, 2))
    shortfall = result.shortfall or 0.0
    if shortfall <= 0:
        return f"was on or ahead of the trajectory value of {expected}"
    return (
        f"was behind the trajectory value of {expected} by {shortfall:.1%} of the whole change "
        "from baseline to target"
    )


def chart_summary(view: MilestoneView) -> str:
    """The chart in words, for people who cannot see it."""
    m = view.milestone
    parts = [f"{m.name}, in {m.unit}."]
    if view.points:
        first, last = view.points[0], view.points[-1]
        parts.append(
            f"{len(view.points)} published figure{'s' if len(view.points) != 1 else ''}, "
            f"from {number_format(first.value)} for {date_format(first.date)} "
            f"to {number_format(last.value)} for {date_format(last.date)}."
        )
    else:
        parts.append("No figures have been published yet.")
    if m.baseline_value is not None and m.target_value is not None:
        parts.append(
            f"The trajectory runs from {number_format(m.baseline_value)} on "
            f"{date_format(m.baseline_date)} to {number_format(m.target_value)} by "
            f"{date_format(m.target_date)}."
        )
    return " ".join(parts)


def milestone_rows(views: list[MilestoneView]) -> list[dict[str, Any]]:
    """The milestones table as open data."""
    return [_milestone_row(v) for v in views]


def _milestone_row(view: MilestoneView) -> dict[str, Any]:
    m, latest = view.milestone, view.latest
    return {
        "mission": m.mission.slug,
        "milestone": m.slug,
        "name": m.name,
        "unit": m.unit,
        "direction": m.direction,
        "baseline_value": _num(m.baseline_value),
        "baseline_date": _iso(m.baseline_date),
        "baseline_text": m.baseline_text,
        "target_value": _num(m.target_value),
        "target_date": _iso(m.target_date),
        "target_text": m.target_text,
        "latest_value": _num(latest.value) if latest else None,
        "latest_date": _iso(latest.date) if latest else None,
        "status": str(view.status),
        "owner_rating": view.assessment.rating if view.assessment else None,
        "owner_quarter": view.assessment.quarter if view.assessment else None,
        "owner_narrative": view.assessment.narrative if view.assessment else None,
        "retired_on": _iso(m.retired_at),
        "replaced_by": m.replaced_by.slug if m.replaced_by else None,
    }


def progress_rows(points: list[ProgressPoint] | QuerySet[ProgressPoint]) -> list[dict[str, Any]]:
    """A milestone's figures as open data: who added them is never included."""
    replaced = {p.supersedes_id: p.pk for p in points if p.supersedes_id}
    return [
        {
            "id": p.pk,
            "milestone": p.milestone.slug,
            "date": _iso(p.date),
            "value": _num(p.value),
            "unit": p.milestone.unit,
            "source_url": p.source_url,
            "note": p.note,
            "confidence": p.confidence,
            "supersedes": p.supersedes_id,
            "superseded_by": replaced.get(p.pk),
        }
        for p in points
    ]


def assessment_rows(assessments: list[OwnerAssessment]) -> list[dict[str, Any]]:
    """A milestone's owner's assessments as open data, in the order given (see
    `owner_assessment_list`). `replaced` marks one a later assessment for its quarter stands in
    for. Who recorded them is never included."""
    seen: set[str] = set()
    rows = []
    for a in assessments:
        rows.append(
            {
                "id": a.pk,
                "milestone": a.milestone.slug,
                "quarter": a.quarter,
                "rating": a.rating,
                "rating_label": a.get_rating_display(),
                "narrative": a.narrative,
                "recorded_on": _iso(a.created_at.astimezone(LONDON).date()),
                "replaced": a.quarter in seen,
            }
        )
        seen.add(a.quarter)
    return rows


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(on: date | None) -> str | None:
    return on.isoformat() if on else None
