"""The hard rules of facilitator planning, as an independent checker.

Each rule is a function whose docstring *is* the rule. :func:`violations` runs them all over a
finished plan. It shares no code with the CP-SAT model, so a test or the benchmark can use it to
catch a modelling mistake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations

from missionled.scheduling.planning_types import (
    Facilitator,
    PlanResult,
    Session,
    Window,
    iso_week,
    month_of,
)


@dataclass(frozen=True)
class PlanView:
    """A finished plan, indexed for the rules."""

    sessions: dict[str, Session]
    facilitators: dict[str, Facilitator]
    windows: dict[str, Window]
    staff: dict[str, list[str]]
    duties: dict[str, list[str]]
    travel: timedelta


Rule = Callable[[PlanView], Iterator[str]]


def rule_text(rule: Rule) -> str:
    return (rule.__doc__ or rule.__name__).strip().splitlines()[0]


def every_session_staffed(view: PlanView) -> Iterator[str]:
    """Every session gets exactly the number of distinct facilitators it needs."""
    for session in view.sessions.values():
        staff = view.staff.get(session.id, [])
        if len(staff) != len(set(staff)):
            yield f"session {session.id} lists a facilitator twice"
        if len(set(staff)) != session.needed:
            yield f"session {session.id} has {len(set(staff))}, needs {session.needed}"
    for session_id in view.staff.keys() - view.sessions.keys():
        yield f"unknown session {session_id} is staffed"


def known_facilitators(view: PlanView) -> Iterator[str]:
    """Only known facilitators are assigned."""
    for facilitator_id in view.duties.keys() - view.facilitators.keys():
        yield f"unknown facilitator {facilitator_id}"


def qualified_for_course(view: PlanView) -> Iterator[str]:
    """A facilitator only delivers courses they are qualified for."""
    for facilitator, session in _pairs(view):
        if session.course not in facilitator.courses:
            yield f"{facilitator.id} is not qualified for {session.course} ({session.id})"


def set_meetings_need_advisers(view: PlanView) -> Iterator[str]:
    """Only a facilitator who may advise sets advises an Action Learning Set meeting."""
    for facilitator, session in _pairs(view):
        if session.kind == "action_learning_set" and not facilitator.may_advise_sets:
            yield f"{facilitator.id} may not advise sets ({session.id})"


def covers_region(view: PlanView) -> Iterator[str]:
    """A facilitator only delivers face-to-face sessions in regions they cover."""
    for facilitator, session in _pairs(view):
        if session.delivery_mode == "face_to_face" and session.region not in facilitator.regions:
            yield f"{facilitator.id} does not cover {session.region} ({session.id})"


def available_on_day(view: PlanView) -> Iterator[str]:
    """A facilitator is never given a session on a day they are unavailable."""
    for facilitator, session in _pairs(view):
        day = view.windows[session.id][0].date()
        if day in facilitator.unavailable:
            yield f"{facilitator.id} is unavailable on {day} ({session.id})"


def no_overlap(view: PlanView) -> Iterator[str]:
    """A facilitator is never in two sessions that overlap."""
    for facilitator_id, first, second in _duty_pairs(view):
        (start_a, end_a), (start_b, end_b) = view.windows[first], view.windows[second]
        if start_a < end_b and start_b < end_a:
            yield f"{facilitator_id} is in {first} and {second}"


def travel_time(view: PlanView) -> Iterator[str]:
    """A facilitator has the travel time between face-to-face sessions in different regions on the
    same day."""
    for facilitator_id, first, second in _duty_pairs(view):
        a, b = view.sessions[first], view.sessions[second]
        if not (a.delivery_mode == b.delivery_mode == "face_to_face") or a.region == b.region:
            continue
        (start_a, end_a), (start_b, end_b) = view.windows[first], view.windows[second]
        if start_a.date() != start_b.date():
            continue
        gap = max(start_a, start_b) - min(end_a, end_b)
        if gap < view.travel:
            where = f"{a.region} to {b.region}"
            yield f"{facilitator_id} cannot travel from {where} ({first}, {second})"


def weekly_limit(view: PlanView) -> Iterator[str]:
    """A facilitator never has more sessions in an ISO week than their weekly limit."""
    yield from _limit(view, lambda window: iso_week(window[0].date()), "max_per_week", "week")


def monthly_limit(view: PlanView) -> Iterator[str]:
    """A facilitator never has more sessions in a calendar month than their monthly limit."""
    yield from _limit(view, lambda window: month_of(window[0].date()), "max_per_month", "month")


def continuity(view: PlanView) -> Iterator[str]:
    """Sessions that share a continuity key have the same facilitators."""
    teams: dict[str, set[frozenset[str]]] = defaultdict(set)
    for session in view.sessions.values():
        if session.continuity_key is not None:
            teams[session.continuity_key].add(frozenset(view.staff.get(session.id, [])))
    for key, distinct in teams.items():
        if len(distinct) > 1:
            yield f"continuity key {key} has {len(distinct)} different teams"


def moves_allowed(view: PlanView) -> Iterator[str]:
    """A session only moves to one of its listed alternative windows."""
    for session_id, window in view.windows.items():
        if window not in view.sessions[session_id].windows:
            yield f"session {session_id} moved to an unlisted window"


def same_window(view: PlanView) -> Iterator[str]:
    """Sessions that share a window key are held in the same window."""
    held: dict[str, set[Window]] = defaultdict(set)
    for session_id, window in view.windows.items():
        key = view.sessions[session_id].window_key
        if key is not None:
            held[key].add(window)
    for key, windows in held.items():
        if len(windows) > 1:
            yield f"window key {key} is held in {len(windows)} different windows"


def one_day_move_per_cohort(view: PlanView) -> Iterator[str]:
    """At most one session of a cohort moves to another day."""
    moved: dict[str, set[str]] = defaultdict(set)
    for session_id, window in view.windows.items():
        session = view.sessions[session_id]
        if window[0].date() != session.starts_at.date():
            moved[session.cohort_id].add(session.window_unit)
    for cohort_id, units in moved.items():
        if len(units) > 1:
            yield f"cohort {cohort_id} has {len(units)} sessions moved to another day"


RULES: tuple[Rule, ...] = (
    every_session_staffed,
    known_facilitators,
    qualified_for_course,
    set_meetings_need_advisers,
    covers_region,
    available_on_day,
    no_overlap,
    travel_time,
    weekly_limit,
    monthly_limit,
    continuity,
    moves_allowed,
    same_window,
    one_day_move_per_cohort,
)


def violations(
    plan: PlanResult,
    sessions: Iterable[Session],
    facilitators: Iterable[Facilitator],
    *,
    travel_minutes_between_regions: int = 120,
) -> list[str]:
    """Every hard rule the plan breaks, as '<rule>: <detail>'; empty for a valid plan."""
    by_id = {session.id: session for session in sessions}
    windows = {session_id: s.windows[0] for session_id, s in by_id.items()}
    windows.update({m.session_id: (m.starts_at, m.ends_at) for m in plan.moved})
    staff: dict[str, list[str]] = defaultdict(list)
    duties: dict[str, list[str]] = defaultdict(list)
    for assignment in plan.assignments:
        staff[assignment.session_id].append(assignment.facilitator_id)
        duties[assignment.facilitator_id].append(assignment.session_id)
    view = PlanView(
        sessions=by_id,
        facilitators={f.id: f for f in facilitators},
        windows={k: w for k, w in windows.items() if k in by_id},
        staff=dict(staff),
        duties=dict(duties),
        travel=timedelta(minutes=travel_minutes_between_regions),
    )
    if view.staff.keys() - by_id.keys():
        return [f"{rule_text(every_session_staffed)}: {m}" for m in every_session_staffed(view)]
    return [f"{rule_text(rule)}: {message}" for rule in RULES for message in rule(view)]


def _pairs(view: PlanView) -> Iterator[tuple[Facilitator, Session]]:
    for facilitator_id, session_ids in view.duties.items():
        facilitator = view.facilitators.get(facilitator_id)
        if facilitator is not None:
            for session_id in session_ids:
                yield facilitator, view.sessions[session_id]


def _duty_pairs(view: PlanView) -> Iterator[tuple[str, str, str]]:
    for facilitator_id, session_ids in view.duties.items():
        ordered = sorted(set(session_ids), key=lambda s: view.windows[s])
        for first, second in combinations(ordered, 2):
            if view.windows[second][0] - view.windows[first][1] > timedelta(days=1):
                continue
            yield facilitator_id, first, second


def _limit(
    view: PlanView, period: Callable[[Window], object], attribute: str, name: str
) -> Iterator[str]:
    for facilitator, counts in _period_counts(view, period).items():
        limit: int = getattr(facilitator, attribute)
        for key, count in counts.items():
            if count > limit:
                yield f"{facilitator.id} has {count} sessions in {name} {key}, limit {limit}"


def _period_counts(
    view: PlanView, period: Callable[[Window], object]
) -> dict[Facilitator, dict[object, int]]:
    counts: dict[Facilitator, dict[object, int]] = {}
    for facilitator, session in _pairs(view):
        per = counts.setdefault(facilitator, defaultdict(int))
        per[period(view.windows[session.id])] += 1
    return counts
