"""Every read of the plan a user sees: provider admins see it all, a facilitator their own."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from missionled.cohorts.models import Session
from missionled.core.clock import LONDON
from missionled.core.errors import NotAllowed, NotFound
from missionled.facilitation.models import Assignment, FacilitatorProfile, PlanRun
from missionled.facilitation.services.planning import plannable_sessions
from missionled.organisations.models import Role, User

PLANNING_PROVIDER_ONLY = "Only the provider plans facilitators."
FACILITATORS_ONLY = "Only facilitators have assignments."
RUN_NOT_FOUND = "There is no plan run {pk}."
FACILITATOR_NOT_FOUND = "There is no facilitator {pk}."


def require_planner(user: User) -> None:
    """:raises NotAllowed: unless `user` is a provider admin."""
    if user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PLANNING_PROVIDER_ONLY)


def assignment_list_for_user(user: User) -> QuerySet[Assignment]:
    """The facilitator's own assignments, soonest first.

    :raises NotAllowed: for anyone who is not a facilitator.
    """
    if user.role != Role.FACILITATOR:
        raise NotAllowed(FACILITATORS_ONLY)
    return (
        Assignment.objects.filter(facilitator=user)
        .select_related("session__cohort__course", "session__cohort__department")
        .order_by("session__starts_at", "session_id")
    )


def plan_run_get(user: User, pk: int | None) -> PlanRun | None:
    """One run (or the latest when `pk` is None). :raises NotAllowed, NotFound:"""
    require_planner(user)
    runs = PlanRun.objects.select_related("actor")
    if pk is None:
        return runs.first()
    run = runs.filter(pk=pk).first()
    if run is None:
        raise NotFound(RUN_NOT_FOUND.format(pk=pk))
    return run


@dataclass(frozen=True)
class TimelineRow:
    session: Session
    facilitators: list[str]


@dataclass(frozen=True)
class TimelineWeek:
    starts_on: date
    rows: list[TimelineRow]


def plan_timeline(run: PlanRun) -> list[TimelineWeek]:
    """The run's sessions by ISO week with who runs them: the proposal for a dry run, the saved
    assignments otherwise (later edits included)."""
    sessions = plannable_sessions(run.date_from, run.date_to)
    weeks: dict[date, list[TimelineRow]] = defaultdict(list)
    for session in sessions:
        if run.dry_run or not run.feasible:
            people = run.plan.get(str(session.pk), [])
        else:
            people = sorted(a.facilitator.email for a in session.assignments.all())
        day = session.starts_at.astimezone(LONDON).date()
        weeks[day - timedelta(days=day.weekday())].append(TimelineRow(session, people))
    return [TimelineWeek(start, rows) for start, rows in sorted(weeks.items())]


@dataclass(frozen=True)
class FacilitatorTimeline:
    email: str
    rows: list[TimelineRow]


def plan_timeline_by_facilitator(weeks: list[TimelineWeek]) -> list[FacilitatorTimeline]:
    """The same plan per facilitator, each person's sessions in date order. Built from the
    weekly timeline, so it costs no query of its own."""
    by_person: dict[str, list[TimelineRow]] = defaultdict(list)
    for week in weeks:
        for row in week.rows:
            for email in row.facilitators:
                by_person[email].append(row)
    return [FacilitatorTimeline(email, rows) for email, rows in sorted(by_person.items())]


def profile_user_for(actor: User, pk: int | None) -> User:
    """Whose profile `actor` may open: their own, or any facilitator's for the provider.

    :raises NotAllowed: for other roles, or a facilitator opening someone else's.
    :raises NotFound: for a provider admin and an unknown facilitator.
    """
    if pk is None or pk == actor.pk:
        if actor.role != Role.FACILITATOR:
            raise NotAllowed(FACILITATORS_ONLY)
        return actor
    require_planner(actor)
    user = User.objects.filter(pk=pk, role=Role.FACILITATOR).first()
    if user is None:
        raise NotFound(FACILITATOR_NOT_FOUND.format(pk=pk))
    return user


def facilitator_list(user: User) -> QuerySet[User]:
    """Every facilitator, for the provider. :raises NotAllowed:"""
    require_planner(user)
    return User.objects.filter(role=Role.FACILITATOR).order_by("email")


def profiles_with_unavailability(profile: FacilitatorProfile) -> FacilitatorProfile:
    return FacilitatorProfile.objects.prefetch_related("courses", "unavailabilities").get(
        pk=profile.pk
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, LONDON)
    return start, start + timedelta(days=1)
