"""Missions API: public reads, and figures recorded by mission analysts and provider admins."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from missionled.api.auth import bearer
from missionled.api.pagination import PageNumberPagination
from missionled.api.schemas import ErrorOut
from missionled.core.clock import now, today
from missionled.missions.models import OwnerAssessment
from missionled.missions.selectors import (
    MilestoneView,
    milestone_get,
    mission_get,
    mission_list,
    mission_views,
    progress_point_get,
    progress_point_list,
    progress_rows,
)
from missionled.missions.services.progress import progress_point_add, progress_point_correct
from missionled.missions.status import STATUS_RULE

router = Router(tags=["Missions"])


class ValueOnDate(Schema):
    value: float | None
    date: date | None


class MilestoneOut(Schema):
    slug: str
    name: str
    unit: str
    baseline: ValueOnDate
    target: ValueOnDate
    latest: ValueOnDate | None = None
    status: str


class MissionOut(Schema):
    slug: str
    name: str
    milestones: list[MilestoneOut]


class OwnerAssessmentOut(Schema):
    quarter: str
    rating: str
    narrative: str


class MilestoneDetailOut(MilestoneOut):
    metric: str
    direction: str
    baseline_text: str
    target_text: str
    trajectory: list[ValueOnDate]
    status_reason: str
    owner_assessment: OwnerAssessmentOut | None
    owner_assessments: list[OwnerAssessmentOut]
    owner_disagrees: bool
    source_urls: list[str]
    retired_on: date | None
    replaced_by: str | None


class MissionDetailOut(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    retired: bool
    status_rule: str
    milestones: list[MilestoneDetailOut]


class ProgressPointIn(Schema):
    value: float
    date: date
    source_url: str
    note: str = ""


class ProgressPointOut(Schema):
    id: int
    milestone: str
    date: date
    value: float
    unit: str
    source_url: str
    note: str
    confidence: str
    supersedes: int | None
    superseded_by: int | None


def _num(value: Any) -> float | None:
    return float(value) if value is not None else None


def _milestone(view: MilestoneView) -> dict[str, Any]:
    m, latest = view.milestone, view.latest
    return {
        "slug": m.slug,
        "name": m.name,
        "unit": m.unit,
        "baseline": {"value": _num(m.baseline_value), "date": m.baseline_date},
        "target": {"value": _num(m.target_value), "date": m.target_date},
        "latest": {"value": _num(latest.value), "date": latest.date} if latest else None,
        "status": str(view.status),
    }


def _assessment(assessment: OwnerAssessment) -> dict[str, Any]:
    return {
        "quarter": assessment.quarter,
        "rating": assessment.rating,
        "narrative": assessment.narrative,
    }


def _milestone_detail(view: MilestoneView) -> dict[str, Any]:
    m, assessment = view.milestone, view.assessment
    return _milestone(view) | {
        "metric": m.metric,
        "direction": m.direction,
        "baseline_text": m.baseline_text,
        "target_text": m.target_text,
        "trajectory": [{"value": v, "date": on} for on, v in m.trajectory_points()],
        "status_reason": view.reason,
        "owner_assessment": _assessment(assessment) if assessment else None,
        "owner_assessments": [_assessment(a) for a in view.quarters],
        "owner_disagrees": view.disagrees,
        "source_urls": m.source_urls,
        "retired_on": m.retired_at,
        "replaced_by": m.replaced_by.slug if m.replaced_by else None,
    }


@router.get("/missions", response=list[MissionOut], auth=None, summary="List the missions")
def mission_list_api(request: HttpRequest) -> list[dict[str, Any]]:
    """Each mission with its milestones' baseline, target, latest figure and computed status
    (`on_track`, `at_risk`, `off_track`, `no_recent_data`, `no_target`, `no_data`)."""
    on = today()
    return [
        {
            "slug": mission.slug,
            "name": mission.name,
            "milestones": [_milestone(v) for v in mission_views(mission, on)],
        }
        for mission in mission_list()
    ]


@router.get(
    "/missions/{slug}",
    response={200: MissionDetailOut, 404: ErrorOut},
    auth=None,
    summary="One mission",
)
def mission_detail_api(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The mission with each milestone in full: text baselines and targets, trajectory,
    the status rule and reason, and the owner's latest assessment with every quarter's
    (`owner_assessments`, newest first)."""
    mission = mission_get(slug=slug)
    return {
        "slug": mission.slug,
        "name": mission.name,
        "short_name": mission.short_name,
        "description": mission.description,
        "retired": mission.retired,
        "status_rule": STATUS_RULE,
        "milestones": [_milestone_detail(v) for v in mission_views(mission, today())],
    }


@router.get(
    "/milestones/{slug}/progress",
    response=list[ProgressPointOut],
    auth=None,
    summary="A milestone's published figures",
)
@paginate(PageNumberPagination)
def milestone_progress_api(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Every figure, oldest first, including corrections (`supersedes`) and the figures they
    replace (`superseded_by`). Who recorded a figure is not published."""
    milestone = milestone_get(slug=slug)
    return progress_rows(list(progress_point_list(milestone=milestone)))


@router.post(
    "/milestones/{slug}/progress",
    response={
        201: ProgressPointOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=bearer,
    summary="Record a published figure",
)
def milestone_progress_add_api(
    request: HttpRequest, slug: str, payload: ProgressPointIn
) -> Status[dict[str, Any]]:
    """Mission analysts and provider admins only. `value` is a number; `date` is the date the
    figure describes (not in the future); `source_url` is the published source (http or https)."""
    milestone = milestone_get(slug=slug)
    point = progress_point_add(
        actor=request.user,
        milestone=milestone,
        value=payload.value,
        on=payload.date,
        source_url=payload.source_url,
        note=payload.note,
        now=now(),
    )
    return Status(201, progress_rows([point])[0])


@router.post(
    "/progress/{point_id}/corrections",
    response={
        201: ProgressPointOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=bearer,
    summary="Correct a published figure",
)
def progress_point_correct_api(
    request: HttpRequest, point_id: int, payload: ProgressPointIn
) -> Status[dict[str, Any]]:
    """Mission analysts and provider admins only. The corrected figure supersedes the old one,
    which stays in the history; a figure can be corrected once (409 after that: correct the
    newer figure instead)."""
    point = progress_point_correct(
        actor=request.user,
        point=progress_point_get(pk=point_id),
        value=payload.value,
        on=payload.date,
        source_url=payload.source_url,
        note=payload.note,
        now=now(),
    )
    return Status(201, progress_rows([point])[0])
