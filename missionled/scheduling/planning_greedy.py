"""A greedy warm start for the CP-SAT model.

Sessions are taken in date order (a continuity group at its first session). Each is given the
facilitators it had in the existing plan if they still fit, then whoever is furthest below their
preferred load. A moved window is tried only when the original cannot be staffed, a session
sharing a window key takes the window its partners took, and a cohort moves at most one
session to another day. The result obeys every hard rule; it may leave sessions unstaffed, and
then it is only a partial hint.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from missionled.scheduling.planning_candidates import Problem
from missionled.scheduling.planning_types import (
    Session,
    Slot,
    Window,
    iso_week,
    month_of,
    slots_of,
)

Placement = tuple[str, Session, int]  # facilitator id, session, window index


@dataclass
class GreedyPlan:
    staff: dict[str, list[str]] = field(default_factory=dict)
    option: dict[str, int] = field(default_factory=dict)
    complete: bool = True


@dataclass
class _Diary:
    """What each facilitator has been given so far."""

    problem: Problem
    slots: dict[str, set[Slot]] = field(default_factory=lambda: defaultdict(set))
    away: dict[tuple[str, date], list[tuple[Window, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    periods: Counter[tuple[str, object]] = field(default_factory=Counter)
    load: Counter[str] = field(default_factory=Counter)
    held: dict[str, int] = field(default_factory=dict)
    day_moved: dict[str, str] = field(default_factory=dict)

    def may_hold(self, session: Session, option: int, chosen: dict[str, int]) -> bool:
        """The window agrees with its window partners and the cohort's one day move."""
        held = self.held.get(session.window_unit)
        if held is not None:
            return option == held
        if not session.moves_day(option):
            return True
        if self.day_moved.get(session.cohort_id, session.window_unit) != session.window_unit:
            return False
        others = (self.problem.session_by_id[s] for s in chosen if s != session.id)
        return not any(
            o.window_unit != session.window_unit and o.moves_day(chosen[o.id]) for o in others
        )

    def hold(self, session: Session, option: int) -> None:
        self.held[session.window_unit] = option
        if session.moves_day(option):
            self.day_moved[session.cohort_id] = session.window_unit

    def fits(self, facilitator_id: str, session: Session, option: int) -> bool:
        facilitator = self.problem.facilitator_by_id[facilitator_id]
        window = session.windows[option]
        day = window[0].date()
        if self.periods[facilitator_id, iso_week(day)] >= facilitator.max_per_week:
            return False
        if self.periods[facilitator_id, month_of(day)] >= facilitator.max_per_month:
            return False
        if any(slot in self.slots[facilitator_id] for slot in slots_of(window)):
            return False
        return not session.face_to_face or all(
            region == session.region
            or max(window[0], other[0]) - min(window[1], other[1]) >= self.problem.travel
            for other, region in self.away[facilitator_id, day]
        )

    def take(self, placement: Placement, sign: int = 1) -> None:
        facilitator_id, session, option = placement
        window = session.windows[option]
        day = window[0].date()
        taken = self.slots[facilitator_id]
        for slot in slots_of(window):
            if sign > 0:
                taken.add(slot)
            else:
                taken.discard(slot)
        if session.face_to_face and session.region is not None:
            away = self.away[facilitator_id, day]
            if sign > 0:
                away.append((window, session.region))
            else:
                away.remove((window, session.region))
        self.periods[facilitator_id, iso_week(day)] += sign
        self.periods[facilitator_id, month_of(day)] += sign
        self.load[facilitator_id] += sign


def greedy_plan(problem: Problem) -> GreedyPlan:
    """Staff every session it can, in date order, without breaking a hard rule."""
    diary, result = _Diary(problem), GreedyPlan()
    existing: dict[str, set[str]] = defaultdict(set)
    for session_id, facilitator_id in problem.existing:
        existing[session_id].add(facilitator_id)
    for unit in _units(problem):
        placements = _staff_unit(problem, diary, unit, existing)
        if placements is None:
            result.complete = False
            continue
        for facilitator_id, session, option in placements:
            result.staff.setdefault(session.id, []).append(facilitator_id)
            result.option[session.id] = option
            diary.hold(session, option)
    return result


def _units(problem: Problem) -> Iterator[list[Session]]:
    seen: set[str] = set()
    for session in problem.sessions:
        unit = problem.unit_of(session)
        if unit not in seen:
            seen.add(unit)
            key = session.continuity_key
            members = problem.groups[key] if key is not None else (session.id,)
            yield [problem.session_by_id[m] for m in members]


def _staff_unit(
    problem: Problem, diary: _Diary, unit: list[Session], existing: dict[str, set[str]]
) -> list[Placement] | None:
    def priority(facilitator_id: str) -> tuple[bool, int, str]:
        facilitator = problem.facilitator_by_id[facilitator_id]
        was_there = any(facilitator_id in existing[s.id] for s in unit)
        return (
            not was_there,
            diary.load[facilitator_id] - facilitator.preferred_load,
            facilitator_id,
        )

    ordered = sorted(problem.options[unit[0].id], key=priority)
    for allow_moves in (False, True):
        placements = _try_team(problem, diary, unit, ordered, allow_moves)
        if placements is not None:
            return placements
    return None


def _try_team(
    problem: Problem, diary: _Diary, unit: list[Session], ordered: list[str], allow_moves: bool
) -> list[Placement] | None:
    chosen: dict[str, int] = {}
    team: list[Placement] = []
    needed = unit[0].needed
    for facilitator_id in ordered:
        if len(team) == needed * len(unit):
            break
        mine = _place_person(problem, diary, unit, facilitator_id, chosen, allow_moves)
        if mine is not None:
            team.extend(mine)
            chosen.update({session.id: option for _, session, option in mine})
    if len(team) == needed * len(unit):
        return team
    for placement in team:
        diary.take(placement, sign=-1)
    return None


def _place_person(
    problem: Problem,
    diary: _Diary,
    unit: list[Session],
    facilitator_id: str,
    chosen: dict[str, int],
    allow_moves: bool,
) -> list[Placement] | None:
    mine: list[Placement] = []
    for session in unit:
        options = problem.options[session.id][facilitator_id]
        if session.id in chosen:
            options = tuple(o for o in options if o == chosen[session.id])
        elif not allow_moves:
            options = tuple(o for o in options if o == 0)
        taken = chosen | {placed.id: o for _, placed, o in mine}
        options = tuple(o for o in options if diary.may_hold(session, o, taken))
        option = next((o for o in options if diary.fits(facilitator_id, session, o)), None)
        if option is None:
            for placement in mine:
                diary.take(placement, sign=-1)
            return None
        placement = (facilitator_id, session, option)
        diary.take(placement)
        mine.append(placement)
    return mine
