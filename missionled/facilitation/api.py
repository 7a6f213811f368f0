"""Planning over HTTP: run the plan (provider), list one's own assignments (facilitator)."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from missionled.api.auth import bearer
from missionled.api.pagination import PageNumberPagination
from missionled.cohorts.api import ERRORS, LondonDateTime
from missionled.core.clock import now
from missionled.facilitation.models import Assignment
from missionled.facilitation.selectors import assignment_list_for_user
from missionled.facilitation.services.planning import PlanSummary, plan_run
from missionled.organisations.models import User

router = Router(tags=["Facilitator planning"], auth=bearer)


def plan_time_limit() -> float:
    """Seconds the solver may take for a request; `PLAN_TIME_LIMIT_S` in settings, or 20."""
    return float(getattr(settings, "PLAN_TIME_LIMIT_S", 20))


class PlanIn(Schema):
    date_from: date | None = Field(None, alias="from", description="First day; today if left out")
    date_to: date | None = Field(None, alias="to", description="Last day; 26 weeks on if left out")
    dry_run: bool = Field(False, description="Work the plan out but save nothing")


class PlanOut(Schema):
    run: int
    feasible: bool
    dry_run: bool
    date_from: date = Field(..., serialization_alias="from")
    date_to: date = Field(..., serialization_alias="to")
    sessions_planned: int
    places: int
    facilitators_used: int
    objective: int | None
    bound: int | None
    gap: float | None
    optimal: bool
    changes: int
    moved: int
    max_deviation: int | None
    reasons: list[str]
    loads: dict[str, int]


class AssignmentOut(Schema):
    session: int
    cohort: int
    course: str
    department: str
    title: str
    kind: str
    role: str
    set_number: int | None
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    delivery_mode: str

    @staticmethod
    def resolve_session(obj: Assignment) -> int:
        return obj.session_id

    @staticmethod
    def resolve_cohort(obj: Assignment) -> int:
        return obj.session.cohort_id

    @staticmethod
    def resolve_course(obj: Assignment) -> str:
        return obj.session.cohort.course.slug

    @staticmethod
    def resolve_department(obj: Assignment) -> str:
        return obj.session.cohort.department.acronym

    @staticmethod
    def resolve_title(obj: Assignment) -> str:
        return obj.session.title

    @staticmethod
    def resolve_kind(obj: Assignment) -> str:
        return obj.session.kind

    @staticmethod
    def resolve_starts_at(obj: Assignment) -> object:
        return obj.session.starts_at

    @staticmethod
    def resolve_ends_at(obj: Assignment) -> object:
        return obj.session.ends_at

    @staticmethod
    def resolve_delivery_mode(obj: Assignment) -> str:
        return obj.session.delivery_mode


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _plan_out(summary: PlanSummary) -> dict[str, object]:
    return {
        "run": summary.run_id,
        "feasible": summary.feasible,
        "dry_run": summary.dry_run,
        "date_from": summary.date_from,
        "date_to": summary.date_to,
        "sessions_planned": summary.sessions_planned,
        "places": summary.places,
        "facilitators_used": summary.facilitators_used,
        "objective": summary.objective,
        "bound": summary.bound,
        "gap": summary.gap,
        "optimal": summary.optimal,
        "changes": summary.changes,
        "moved": summary.moved,
        "max_deviation": summary.max_deviation,
        "reasons": list(summary.reasons),
        "loads": summary.loads,
    }


@router.post(
    "/plan",
    response={200: PlanOut, **ERRORS},
    summary="Assign facilitators to the confirmed cohorts' sessions (provider)",
    by_alias=True,
    description="Answers `feasible: false` with `reasons` a person can act on when no plan exists.",
)
def plan_run_api(request: HttpRequest, payload: PlanIn) -> dict[str, object]:
    summary = plan_run(
        date_from=payload.date_from,
        date_to=payload.date_to,
        dry_run=payload.dry_run,
        actor=_actor(request),
        now=now(),
        time_limit_s=plan_time_limit(),
    )
    return _plan_out(summary)


@router.get(
    "/me/assignments",
    response={200: list[AssignmentOut], **ERRORS},
    summary="The sessions you facilitate (facilitator)",
)
@paginate(PageNumberPagination)
def assignment_list_api(request: HttpRequest) -> list[Assignment]:
    return assignment_list_for_user(_actor(request))  # type: ignore[return-value]
