"""Plan who facilitates which session: load the rows, call the engine, save the plan.

The engine (`missionled.scheduling.planning`) is pure; this service turns confirmed cohorts'
scheduled sessions and the facilitators' profiles into its dataclasses, and its answer into
`Assignment` rows, a `PlanRun` record and an audit entry.

Each session template says how many facilitators its session needs (for a set meeting, how
many advisers each set needs). Every Action Learning Set of a cohort meets at the cohort's set
sessions, so a set session becomes one engine session per set, and a set's meetings share a
continuity key (the same adviser for all of them). Before sets are
formed the cohort counts as many sets as its capacity would make.

Moving a session is a last resort: only when no plan exists with every session where it is does
the service offer the engine alternative windows (`planning_moves`), first the other half of the
same day, then other days within the course's gap tolerance, and re-plan. A set meeting moves
with all its cohort's sets.
"""

import inspect
import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from math import ceil

from django.db import transaction

from missionled.catalogue.models import Course
from missionled.cohorts.hooks import session_changed_notify
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.services.schedule import calendar_rules_for, session_pattern_for
from missionled.core.audit import audit_record
from missionled.core.clock import LONDON
from missionled.core.errors import NotAllowed, RuleBroken
from missionled.facilitation.models import REGIONS, Assignment, FacilitatorProfile, PlanRun
from missionled.facilitation.services.planning_moves import move_windows
from missionled.learning.models import ActionLearningSet
from missionled.organisations.models import Role, User
from missionled.scheduling import planning as engine
from missionled.scheduling.calendar import CalendarRules, SessionPattern
from missionled.scheduling.planning_types import Window
from missionled.scheduling.rules import long_date
from missionled.scheduling.set_formation import set_sizes

logger = logging.getLogger(__name__)

PLANNABLE = (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY)
DEFAULT_DAYS = 182
MAX_DAYS = 400
PROVIDER_ONLY = "Only the provider can plan facilitators."
BAD_RANGE = "The last date must be on or after the first date."
RANGE_TOO_LONG = "Plan at most {days} days at a time."
NO_FACILITATORS = "There are no active facilitators, so no session can be staffed."
# The engine's default, read rather than repeated, so the words below never disagree with it.
TRAVEL_MINUTES: int = (
    inspect.signature(engine.plan).parameters["travel_minutes_between_regions"].default
)
TRAVEL_BLOCKS_PLAN = (
    "No plan leaves {minutes} minutes to travel between face to face sessions in different "
    "regions on the same day, though one exists without that travel time. Same-day face to "
    "face sessions in different regions: {days}. Add facilitators who cover those regions, "
    "or move one of those sessions to another day or online."
)
DEFAULT_PROFILE = FacilitatorProfile(may_advise_sets=True, max_per_week=4, max_per_month=12)


@dataclass(frozen=True)
class Place:
    """What one engine session stands for: a session row, and for a set meeting the set."""

    session: Session
    role: str
    set_number: int | None = None


@dataclass(frozen=True)
class PlanSummary:
    """What a run of the planner found; `reasons` explain why there is no plan."""

    run_id: int
    feasible: bool
    dry_run: bool
    date_from: date
    date_to: date
    sessions_planned: int = 0
    places: int = 0
    facilitators_used: int = 0
    objective: int | None = None
    bound: int | None = None
    gap: float | None = None
    optimal: bool = False
    status: str = ""
    changes: int = 0
    moved: int = 0
    max_deviation: int | None = None
    reasons: tuple[str, ...] = ()
    loads: dict[str, int] = field(default_factory=dict)


def plan_range(*, date_from: date | None, date_to: date | None, today: date) -> tuple[date, date]:
    """The dates to plan: from today for 26 weeks unless given.

    :raises RuleBroken: if the range is back to front or longer than :data:`MAX_DAYS`.
    """
    start = date_from or today
    end = date_to or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        raise RuleBroken(BAD_RANGE, code="invalid", fields={"to": [BAD_RANGE]})
    if (end - start).days > MAX_DAYS:
        message = RANGE_TOO_LONG.format(days=MAX_DAYS)
        raise RuleBroken(message, code="invalid", fields={"to": [message]})
    return start, end


def plannable_sessions(date_from: date, date_to: date) -> list[Session]:
    """Scheduled sessions of confirmed or in-delivery cohorts starting within the dates."""
    start = datetime.combine(date_from, time.min, LONDON)
    end = datetime.combine(date_to + timedelta(days=1), time.min, LONDON)
    return list(
        Session.objects.filter(
            status=Session.Status.SCHEDULED,
            cohort__booking__status__in=PLANNABLE,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("cohort__course", "cohort__department", "cohort__booking")
        .prefetch_related(
            "cohort__learning_sets",
            "cohort__sessions",
            "cohort__course__session_templates",
            "assignments__facilitator",
        )
        .order_by("starts_at", "pk")
    )


def _set_numbers(cohort: Cohort) -> list[int]:
    formed = sorted(s.number for s in cohort.learning_sets.all())
    if formed:
        return formed
    try:
        return list(range(1, len(set_sizes(cohort.capacity)) + 1))
    except ValueError:
        return [1]


def _region(session: Session) -> str | None:
    """The venue's region, which the booking names; an online session has none."""
    if session.delivery_mode != "face_to_face":
        return None
    return session.cohort.booking.venue_region or None


@dataclass
class _Moves:
    """Offers each session its alternative windows (see `planning_moves`), reading each
    course's pattern and each department's calendar rules once."""

    after: datetime
    last_day: date
    same_day: bool
    patterns: dict[int, list[SessionPattern]] = field(default_factory=dict)
    rules: dict[int, CalendarRules] = field(default_factory=dict)

    def windows(self, session: Session) -> tuple[Window, ...]:
        cohort = session.cohort
        if cohort.course_id not in self.patterns:
            self.patterns[cohort.course_id] = session_pattern_for(cohort.course)
        if cohort.department_id not in self.rules:
            self.rules[cohort.department_id] = calendar_rules_for(cohort.department)
        pattern = self.patterns[cohort.course_id]
        siblings = sorted(cohort.sessions.all(), key=lambda s: s.order)
        if [s.order for s in siblings] != [p.order for p in pattern]:
            return ()
        return move_windows(
            pattern,
            [s.starts_at.astimezone(LONDON).date() for s in siblings],
            [s.pk for s in siblings].index(session.pk),
            (session.starts_at.astimezone(LONDON), session.ends_at.astimezone(LONDON)),
            self.rules[cohort.department_id],
            after=self.after,
            last_day=self.last_day,
            same_day=self.same_day,
        )


def _needed(session: Session) -> int:
    """What the session's template asks for; a session whose template has gone gets the
    engine's default for its kind."""
    for template in session.cohort.course.session_templates.all():
        if template.order == session.order:
            return template.facilitators_needed
    return 0


def _places(
    sessions: list[Session], moves: _Moves | None = None
) -> tuple[list[engine.Session], dict[str, Place]]:
    found: list[engine.Session] = []
    places: dict[str, Place] = {}
    for session in sessions:
        cohort = session.cohort
        base = {
            "needed": _needed(session),
            "cohort_id": str(cohort.pk),
            "course": cohort.course.slug,
            "starts_at": session.starts_at.astimezone(LONDON),
            "ends_at": session.ends_at.astimezone(LONDON),
            "delivery_mode": "face_to_face" if _region(session) else "online",
            "region": _region(session),
        }
        alternatives = moves.windows(session) if moves else ()
        if session.kind != "action_learning_set":
            key = f"#{session.pk}"
            found.append(
                engine.Session(
                    id=key,
                    kind="workshop",
                    alternatives=alternatives,
                    **base,  # type: ignore[arg-type]
                )
            )
            places[key] = Place(session, Assignment.Role.WORKSHOP)
            continue
        for number in _set_numbers(cohort):
            key = f"#{session.pk} set {number}"
            continuity = f"cohort {cohort.pk} set {number}"
            found.append(
                engine.Session(
                    id=key,
                    kind="action_learning_set",
                    continuity_key=continuity,
                    alternatives=alternatives,
                    window_key=f"#{session.pk}",
                    **base,  # type: ignore[arg-type]
                )
            )
            places[key] = Place(session, Assignment.Role.SET_ADVISER, number)
    return found, places


def _days_away(profile: FacilitatorProfile, date_from: date, date_to: date) -> frozenset[date]:
    days: set[date] = set()
    for away in profile.unavailabilities.all():
        day = max(away.starts_on, date_from)
        while day <= min(away.ends_on, date_to):
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _facilitators(date_from: date, date_to: date, places: int) -> list[engine.Facilitator]:
    users = list(User.objects.filter(role=Role.FACILITATOR, is_active=True).order_by("email"))
    profiles = {
        p.user_id: p
        for p in FacilitatorProfile.objects.filter(user__in=users).prefetch_related(
            "courses", "unavailabilities"
        )
    }
    every_course = frozenset(Course.objects.values_list("slug", flat=True))
    months = ((date_to - date_from).days + 1) / 30.44
    chosen = [p.preferred_load for p in profiles.values() if p.preferred_load is not None]
    left = max(0, places - sum(round(load * months) for load in chosen))
    even = ceil(left / max(1, len(users) - len(chosen)))
    found = []
    for user in users:
        profile = profiles.get(user.pk)
        if profile is None:
            courses, regions, away = every_course, frozenset(REGIONS), frozenset[date]()
            profile = DEFAULT_PROFILE
        else:
            courses = frozenset(c.slug for c in profile.courses.all())
            regions = frozenset(profile.regions)
            away = _days_away(profile, date_from, date_to)
        preferred = profile.preferred_load
        found.append(
            engine.Facilitator(
                id=user.email,
                courses=courses,
                may_advise_sets=profile.may_advise_sets,
                regions=regions,
                unavailable=away,
                max_per_week=profile.max_per_week,
                max_per_month=profile.max_per_month,
                preferred_load=even if preferred is None else round(preferred * months),
            )
        )
    return found


def _set_advisers(sessions: list[Session]) -> dict[tuple[int, int], set[str]]:
    """Who already advises each (cohort, set number): the set's adviser, or whoever advises it
    at a meeting outside the dates, so a set keeps its adviser across the edge of the plan."""
    cohorts = {s.cohort_id for s in sessions if s.kind == "action_learning_set"}
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    formed = ActionLearningSet.objects.filter(cohort__in=cohorts, adviser__isnull=False)
    for cohort_id, number, email in formed.values_list("cohort_id", "number", "adviser__email"):
        found[(cohort_id, number)].add(email)
    outside = (
        Assignment.objects.filter(
            session__cohort__in=cohorts,
            role=Assignment.Role.SET_ADVISER,
            set_number__isnull=False,
        )
        .exclude(session__in=sessions)
        .values_list("session__cohort_id", "set_number", "facilitator__email")
    )
    for cohort_id, set_number, email in outside:
        if set_number is not None:
            found[(cohort_id, set_number)].add(email)
    return found


def _existing(
    sessions: list[Session], places: dict[str, Place], known: set[str]
) -> list[engine.ExistingAssignment]:
    """Today's assignments as the plan to change least; a set meeting nobody is assigned to yet
    starts from its set's adviser."""
    found = set()
    by_place = {(p.session.pk, p.set_number): key for key, p in places.items()}
    for session in sessions:
        for assignment in session.assignments.all():
            key = by_place.get((session.pk, assignment.set_number))
            if key and assignment.facilitator.email in known:
                found.add((key, assignment.facilitator.email))
    staffed = {key for key, _ in found}
    advisers = _set_advisers(sessions)
    for key, place in places.items():
        if place.set_number is not None and key not in staffed:
            for email in advisers[(place.session.cohort_id, place.set_number)] & known:
                found.add((key, email))
    return [engine.ExistingAssignment(s, f) for s, f in sorted(found)]


def _move(place: Place, move: engine.Move, actor: User | None) -> None:
    """Move the session where the plan put it, raising SEQUENCE so calendars update it."""
    session = place.session
    before = session.starts_at
    session.starts_at, session.ends_at = move.starts_at, move.ends_at
    session.sequence += 1
    session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    audit_record(
        action="facilitation.session.moved",
        obj=session,
        actor=actor,
        payload={"from": before.isoformat(), "to": move.starts_at.isoformat()},
    )
    session_changed_notify(session, actor)


@transaction.atomic
def _save(
    sessions: list[Session],
    places: dict[str, Place],
    result: engine.PlanResult,
    actor: User | None,
) -> None:
    """Replace the sessions' assignments with the plan, make the moves it chose, and give
    formed sets their adviser."""
    for place, move in _row_moves(places, result):
        _move(place, move, actor)
    users = {u.email: u for u in User.objects.filter(email__in=result.loads)}
    Assignment.objects.filter(session__in=sessions).delete()
    rows = []
    advisers: dict[tuple[int, int], User] = {}
    for chosen in result.assignments:
        place = places[chosen.session_id]
        user = users[chosen.facilitator_id]
        rows.append(
            Assignment(
                session=place.session,
                facilitator=user,
                role=place.role,
                set_number=place.set_number,
            )
        )
        if place.set_number is not None:
            advisers[(place.session.cohort_id, place.set_number)] = user
    Assignment.objects.bulk_create(rows)
    for (cohort_id, number), user in advisers.items():
        ActionLearningSet.objects.filter(cohort_id=cohort_id, number=number).exclude(
            adviser=user
        ).update(adviser=user)


def _row_moves(
    places: dict[str, Place], result: engine.PlanResult
) -> list[tuple[Place, engine.Move]]:
    """One move per session row: the sets of a set meeting move together, as one."""
    found: dict[int, tuple[Place, engine.Move]] = {}
    for move in result.moved:
        place = places[move.session_id]
        found.setdefault(place.session.pk, (place, move))
    return list(found.values())


def _move_record(place: Place, move: engine.Move) -> dict[str, object]:
    return {
        "session": place.session.pk,
        "title": place.session.title,
        "to": move.starts_at.astimezone(LONDON).isoformat(),
    }


def _plan_by_session(places: dict[str, Place], result: engine.PlanResult) -> dict[str, list[str]]:
    plan: dict[str, list[str]] = defaultdict(list)
    for chosen in result.assignments:
        plan[str(places[chosen.session_id].session.pk)].append(chosen.facilitator_id)
    return {pk: sorted(emails) for pk, emails in plan.items()}


def _solve(
    sessions: list[Session], date_from: date, date_to: date, time_limit_s: float, now: datetime
) -> tuple[engine.PlanResult, dict[str, Place]]:
    """Plan with every session where it is; only if that fails, let sessions move to the other
    half of their day, and only if that fails too, to other days within the course's rhythm."""
    wanted, places = _places(sessions)
    facilitators = _facilitators(date_from, date_to, sum(s.needed for s in wanted))
    if not wanted:
        return engine.PlanResult(feasible=True, optimal=True, objective=0, bound=0), places
    if not facilitators:
        return engine.PlanResult(feasible=False, reasons=(NO_FACILITATORS,)), places
    existing = _existing(sessions, places, {f.id for f in facilitators})
    result = engine.plan(wanted, facilitators, existing, time_limit_s=time_limit_s)
    if result.feasible:
        return result, places
    for same_day in (True, False):
        moves = _Moves(after=now, last_day=date_to, same_day=same_day)
        movable, places = _places(sessions, moves)
        if any(s.alternatives for s in movable):
            result = engine.plan(movable, facilitators, existing, time_limit_s=time_limit_s)
            if result.feasible:
                break
    if not result.feasible and result.status == "INFEASIBLE":
        result = _blame_travel(result, wanted, facilitators, existing, time_limit_s)
    return result, places


def _regions_by_day(sessions: list[engine.Session]) -> dict[date, list[str]]:
    """Days with face-to-face sessions in more than one region, and those regions."""
    found: dict[date, set[str]] = defaultdict(set)
    for session in sessions:
        if session.region:
            found[session.starts_at.date()].add(session.region)
    return {day: sorted(regions) for day, regions in sorted(found.items()) if len(regions) > 1}


def _blame_travel(
    result: engine.PlanResult,
    wanted: list[engine.Session],
    facilitators: list[engine.Facilitator],
    existing: list[engine.ExistingAssignment],
    time_limit_s: float,
) -> engine.PlanResult:
    """The engine's checks cannot see travel time, so when it proves there is no plan and
    face-to-face sessions in different regions share a day, try once without travel time: if
    that plans, travel is the cause, and the reason names the days to look at."""
    days = _regions_by_day(wanted)
    if not days:
        return result
    free = engine.plan(
        wanted, facilitators, existing, travel_minutes_between_regions=0, time_limit_s=time_limit_s
    )
    if not free.feasible:
        return result
    listed = "; ".join(f"{long_date(day)} ({' and '.join(r)})" for day, r in days.items())
    reason = TRAVEL_BLOCKS_PLAN.format(minutes=TRAVEL_MINUTES, days=listed)
    return replace(result, reasons=(reason, *result.reasons))


def plan_run(
    *,
    date_from: date | None,
    date_to: date | None,
    dry_run: bool,
    actor: User | None,
    now: datetime,
    time_limit_s: float = 20,
) -> PlanSummary:
    """Assign facilitators to every scheduled session of confirmed cohorts within the dates.

    Keeps today's assignments where the rules and fairness allow. Unless `dry_run`, replaces
    those sessions' assignments with the plan in one transaction. Every run is recorded as a
    `PlanRun` with the audit entry `facilitation.plan.run`; a run with no plan saves no
    assignment and carries the engine's reasons.

    :raises NotAllowed: if `actor` is given and is not a provider admin (the command runs with
        no actor). :raises RuleBroken: for a bad date range.
    """
    if actor is not None and actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)
    today = now.astimezone(LONDON).date()
    start, end = plan_range(date_from=date_from, date_to=date_to, today=today)
    sessions = plannable_sessions(start, end)
    result, places = _solve(sessions, start, end, time_limit_s, now)
    if result.feasible and not dry_run:
        _save(sessions, places, result, actor)
    return _record(actor, now, start, end, dry_run, sessions, places, result)


def _record(
    actor: User | None,
    now: datetime,
    start: date,
    end: date,
    dry_run: bool,
    sessions: list[Session],
    places: dict[str, Place],
    result: engine.PlanResult,
) -> PlanSummary:
    loads = {email: n for email, n in sorted(result.loads.items()) if n}
    run = PlanRun.objects.create(
        actor=actor,
        ran_at=now,
        date_from=start,
        date_to=end,
        dry_run=dry_run,
        feasible=result.feasible,
        optimal=result.optimal,
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        sessions_planned=len(sessions) if result.feasible else 0,
        facilitators_used=len(loads),
        changes=result.changes,
        max_deviation=result.max_deviation,
        reasons=list(result.reasons),
        loads=loads,
        plan=_plan_by_session(places, result),
        moves=[_move_record(place, move) for place, move in _row_moves(places, result)],
    )
    summary = PlanSummary(
        run_id=run.pk,
        feasible=result.feasible,
        dry_run=dry_run,
        date_from=start,
        date_to=end,
        sessions_planned=run.sessions_planned,
        places=len(result.assignments),
        facilitators_used=len(loads),
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        optimal=result.optimal,
        status=result.status,
        changes=result.changes,
        moved=len(run.moves),
        max_deviation=result.max_deviation,
        reasons=result.reasons,
        loads=loads,
    )
    audit_record(
        action="facilitation.plan.run",
        obj=run,
        actor=actor,
        at=now,
        payload={
            "from": str(start),
            "to": str(end),
            "dry_run": dry_run,
            "feasible": result.feasible,
            "sessions": run.sessions_planned,
            "changes": result.changes,
            "reasons": list(result.reasons),
        },
    )
    logger.info("Plan run %s: feasible=%s sessions=%s", run.pk, result.feasible, len(sessions))
    return summary
