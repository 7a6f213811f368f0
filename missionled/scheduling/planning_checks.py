"""Cheap necessary checks that explain, in plain English, why no plan can exist.

Each check is a counting argument: if it fails, no plan exists, whatever the solver does. They run
before the solver, so an impossible request is answered at once with something a person can act
on. They are not complete: the solver can still prove infeasibility that none of them finds, and
then :func:`busiest_weeks` names where to look.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from missionled.scheduling.planning_candidates import Problem, free_windows
from missionled.scheduling.planning_types import (
    SLOT_NAMES,
    Facilitator,
    Session,
    Slot,
    describe_session,
    human_date,
    iso_week,
    month_of,
    slots_of,
    week_start,
)

MAX_REASONS = 20
Step = tuple[str, Callable[[Facilitator], bool]]


@dataclass(frozen=True)
class Period:
    """A calendar period with a per-facilitator limit: an ISO week or a calendar month."""

    key: Callable[[date], tuple[int, int]]
    limit: Callable[[Facilitator], int]
    label: Callable[[tuple[int, int]], str]
    limit_name: str


WEEK = Period(
    key=iso_week,
    limit=lambda f: f.max_per_week,
    label=lambda k: f"Week of {week_start(k).day} {week_start(k):%B %Y}",
    limit_name="weekly limits",
)
MONTH = Period(
    key=month_of,
    limit=lambda f: f.max_per_month,
    label=lambda k: f"{date(k[0], k[1], 1):%B %Y}",
    limit_name="monthly limits",
)


def explain(problem: Problem) -> list[str]:
    """Every failed necessary check, most specific first (at most :data:`MAX_REASONS`)."""
    # A session nobody can take also starves its half-day, week and month, and a crowded
    # half-day starves its week: name only the narrowest cause found.
    reasons = [*session_reasons(problem), *continuity_reasons(problem)]
    reasons = reasons or list(slot_reasons(problem))
    reasons = reasons or [*period_reasons(problem, WEEK), *period_reasons(problem, MONTH)]
    if len(reasons) > MAX_REASONS:
        extra = len(reasons) - MAX_REASONS
        reasons = [*reasons[:MAX_REASONS], f"... and {extra} more problems of the same kinds."]
    return reasons


def session_reasons(problem: Problem) -> Iterator[str]:
    """A session needs as many facilitators who could take it as it needs places."""
    for session in problem.sessions:
        pool, counted = list(problem.facilitators), []
        for phrase, keep in _steps(session):
            pool = [f for f in pool if keep(f)]
            counted.append((len(pool), phrase))
            if len(pool) < session.needed:
                yield _shortfall(session, counted)
                break


def continuity_reasons(problem: Problem) -> Iterator[str]:
    """Sessions sharing a continuity key need enough facilitators able to take all of them."""
    for key, members in problem.groups.items():
        sessions = [problem.session_by_id[m] for m in members]
        needed = {s.needed for s in sessions}
        names = _join([s.id for s in sessions])
        if len(needed) > 1:
            yield (
                f"Sessions {names} share continuity key {key} but need different numbers "
                "of facilitators."
            )
            continue
        shared = len(problem.options[members[0]])
        if shared < needed.pop() and all(_enough_alone(problem, s) for s in sessions):
            count = "no facilitator is" if shared == 0 else f"only {shared} facilitator(s) are"
            yield (
                f"Sessions {names} share continuity key {key} and need the same facilitators; "
                f"{count} qualified and free for all of them."
            )


def slot_reasons(problem: Problem) -> Iterator[str]:
    """Sessions in the same half-day need different facilitators."""
    by_slot: dict[Slot, list[Session]] = defaultdict(list)
    for session in problem.sessions:
        if not session.alternatives:
            for slot in slots_of(session.windows[0]):
                by_slot[slot].append(session)
    for (day, half), sessions in sorted(by_slot.items()):
        needed = sum(s.needed for s in sessions)
        free = set().union(*(problem.options[s.id] for s in sessions))
        if len(sessions) > 1 and len(free) < needed:
            yield (
                f"{human_date(day)} ({SLOT_NAMES[half]}): {len(sessions)} sessions need "
                f"{needed} facilitators at once; only {_plural(len(free), 'facilitator')} "
                f"{'is' if len(free) == 1 else 'are'} qualified for them and free that day."
            )


def period_reasons(problem: Problem, period: Period) -> Iterator[str]:
    """Within each week or month, the places needed fit within the facilitators' limits."""
    for key, (needed, capacity, people, count) in sorted(_period_figures(problem, period).items()):
        if needed > capacity:
            yield (
                f"{period.label(key)}: {_plural(count, 'session')} need {needed} facilitator "
                f"places; the {_plural(people, 'qualified facilitator')} free that "
                f"{_unit(period)} can fill only {capacity} ({period.limit_name} and leave "
                "included)."
            )


def busiest_weeks(problem: Problem, count: int = 3) -> str:
    """The weeks where the places needed come closest to what facilitators can give."""
    figures = _period_figures(problem, WEEK)
    ranked = sorted(figures.items(), key=lambda kv: (-kv[1][0] / max(1, kv[1][1]), kv[0]))
    return "; ".join(
        f"{WEEK.label(key)} ({needed} places needed, at most {capacity} available)"
        for key, (needed, capacity, _, _) in ranked[:count]
    )


def _steps(session: Session) -> list[Step]:
    """Filters in the order a person would check them, each with a phrase for a count."""
    course = session.course
    steps: list[Step] = [(f"qualified for {course}", lambda f: course in f.courses)]
    if session.kind == "action_learning_set":
        steps.append(("allowed to advise sets", lambda f: f.may_advise_sets))
    if session.face_to_face:
        region = session.region
        steps.append((f"covering {region}", lambda f: region in f.regions))
    when = "on one of its possible dates" if session.alternatives else "that day"
    steps.append((f"free {when}", lambda f: bool(free_windows(f, session))))
    return steps


def _shortfall(session: Session, counted: list[tuple[int, str]]) -> str:
    """'... needs 2 facilitators; 12 qualified for X, 3 of them covering Y, 1 of them free.'"""
    places = f"{session.needed} facilitator" + ("s" if session.needed != 1 else "")
    first_count, first_phrase = counted[0]
    parts = [f"{first_count or 'no facilitator is'} {first_phrase}"]
    parts += [f"{count or 'none'} of them {phrase}" for count, phrase in counted[1:]]
    return f"{describe_session(session)} needs {places}; {', '.join(parts)}."


def _enough_alone(problem: Problem, session: Session) -> bool:
    return not any(True for _ in session_reasons(_only(problem, session)))


def _only(problem: Problem, session: Session) -> Problem:
    return Problem(
        sessions=(session,),
        facilitators=problem.facilitators,
        session_by_id=problem.session_by_id,
        facilitator_by_id=problem.facilitator_by_id,
        options=problem.options,
        groups={},
        existing=(),
        travel=problem.travel,
    )


def _period_figures(
    problem: Problem, period: Period
) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Per period: (places needed, places facilitators can give, facilitators, sessions)."""
    needed: dict[tuple[int, int], int] = defaultdict(int)
    sessions: dict[tuple[int, int], int] = defaultdict(int)
    slots: dict[tuple[int, int], dict[str, set[Slot]]] = defaultdict(lambda: defaultdict(set))
    for session in problem.sessions:
        keys = {period.key(start.date()) for start, _ in session.windows}
        if len(keys) != 1:
            continue
        key = keys.pop()
        needed[key] += session.needed
        sessions[key] += 1
        for facilitator_id, indices in problem.options[session.id].items():
            for index in indices:
                slots[key][facilitator_id].update(slots_of(session.windows[index]))
    figures = {}
    for key, places in needed.items():
        per_person = slots[key]
        capacity = sum(
            min(period.limit(problem.facilitator_by_id[f]), len(s)) for f, s in per_person.items()
        )
        figures[key] = (places, capacity, len(per_person), sessions[key])
    return figures


def _unit(period: Period) -> str:
    return "week" if period is WEEK else "month"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
