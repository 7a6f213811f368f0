"""The CP-SAT model of facilitator planning.

Each ``_add_*`` function encodes one rule of :mod:`planning_rules`; its docstring names the rule
and says how it is modelled. ``docs/algorithms/planning.md`` explains the model in prose.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from ortools.sat.python import cp_model

from missionled.scheduling.planning_candidates import Problem
from missionled.scheduling.planning_types import Slot, Window, iso_week, month_of, slots_of


@dataclass(frozen=True)
class Item:
    """One way a facilitator could be in a session: the session at one of its windows."""

    session_id: str
    option: int
    facilitator_id: str
    literal: cp_model.IntVar
    window: Window
    region: str | None  # None for an online session


@dataclass(frozen=True)
class Weights:
    """Lexicographic weights: each tier outweighs everything below it at its worst."""

    max_deviation: int
    changes: int
    moves: int
    total_deviation: int = 1


@dataclass
class Built:
    model: cp_model.CpModel
    x: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    choice: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    max_deviation: cp_model.IntVar | None = None
    weights: Weights = field(default_factory=lambda: Weights(1, 1, 1))


def build_model(problem: Problem) -> Built:
    """The whole model: variables only for candidate pairs, every hard rule, the objective."""
    built = Built(model=cp_model.CpModel())
    _add_assignment_vars(problem, built)
    _add_staffing(problem, built)
    _add_items(problem, built)
    _add_one_day_move_per_cohort(problem, built)
    by_person: dict[str, list[Item]] = defaultdict(list)
    for item in built.items:
        by_person[item.facilitator_id].append(item)
    for facilitator_id, items in by_person.items():
        facilitator = problem.facilitator_by_id[facilitator_id]
        _add_no_overlap(built.model, items)
        _add_travel_time(built.model, items, problem)
        _add_limit(
            built.model, items, lambda i: iso_week(i.window[0].date()), facilitator.max_per_week
        )
        _add_limit(
            built.model, items, lambda i: month_of(i.window[0].date()), facilitator.max_per_month
        )
    _add_objective(problem, built)
    return built


def _add_assignment_vars(problem: Problem, built: Built) -> None:
    """One Boolean per candidate (session, facilitator) pair. Sessions that share a continuity key
    share one Boolean per facilitator, which is the rule "Sessions that share a continuity key have
    the same facilitators" with no constraint at all."""
    shared: dict[tuple[str, str], cp_model.IntVar] = {}
    for session in problem.sessions:
        unit = problem.unit_of(session)
        for facilitator_id in problem.options[session.id]:
            if (unit, facilitator_id) not in shared:
                name = f"x[{unit},{facilitator_id}]"
                shared[unit, facilitator_id] = built.model.new_bool_var(name)
            built.x[session.id, facilitator_id] = shared[unit, facilitator_id]


def _add_staffing(problem: Problem, built: Built) -> None:
    """Every session gets exactly the number of distinct facilitators it needs. Qualification,
    set advising and region cover hold because only qualified candidates have a variable."""
    for session in problem.sessions:
        chosen = [built.x[session.id, f] for f in problem.options[session.id]]
        built.model.add(sum(chosen) == session.needed)


def _add_items(problem: Problem, built: Built) -> None:
    """A facilitator is never given a session on a day they are unavailable. A session with
    alternatives picks exactly one window; its facilitators must be free on that window's day.
    Sessions that share a window key share the Booleans that pick the window, which is the rule
    "Sessions that share a window key are held in the same window" with no constraint at all."""
    model = built.model
    shared: dict[str, list[cp_model.IntVar]] = {}
    for session in problem.sessions:
        region = session.region if session.face_to_face else None
        candidates = problem.options[session.id]
        if not session.alternatives:
            for facilitator_id in candidates:
                literal = built.x[session.id, facilitator_id]
                built.items.append(
                    Item(session.id, 0, facilitator_id, literal, session.windows[0], region)
                )
            continue
        unit = session.window_unit
        if unit not in shared:
            shared[unit] = [
                model.new_bool_var(f"at[{unit},{o}]") for o in range(len(session.windows))
            ]
            model.add_exactly_one(shared[unit])
        choices = shared[unit]
        built.choice.update({(session.id, o): c for o, c in enumerate(choices)})
        for facilitator_id, options in candidates.items():
            ways = []
            for option in options:
                way = model.new_bool_var(f"y[{session.id},{option},{facilitator_id}]")
                model.add_implication(way, choices[option])
                ways.append(way)
                window = session.windows[option]
                built.items.append(Item(session.id, option, facilitator_id, way, window, region))
            model.add(sum(ways) == built.x[session.id, facilitator_id])


def _add_one_day_move_per_cohort(problem: Problem, built: Built) -> None:
    """At most one session of a cohort moves to another day. Each alternative was checked against
    the cohort's other sessions where they are, so two day moves could break a gap between
    them; modelled as one at-most-one over the cohort's day-moving window choices."""
    by_cohort: dict[str, dict[int, cp_model.IntVar]] = defaultdict(dict)
    for (session_id, option), literal in built.choice.items():
        session = problem.session_by_id[session_id]
        if session.moves_day(option):
            by_cohort[session.cohort_id][literal.index] = literal
    for literals in by_cohort.values():
        if len(literals) > 1:
            built.model.add_at_most_one(literals.values())


def _add_no_overlap(model: cp_model.CpModel, items: list[Item]) -> None:
    """A facilitator is never in two sessions that overlap. Modelled by half-day slot: at most one
    of a facilitator's items per slot. Two overlapping windows always share a slot, so this is
    never weaker than the rule (for half-day sessions it is exactly the rule)."""
    by_slot: dict[Slot, list[cp_model.IntVar]] = defaultdict(list)
    for item in items:
        for slot in slots_of(item.window):
            by_slot[slot].append(item.literal)
    for literals in by_slot.values():
        if len(literals) > 1:
            _at_most_one(model, literals)


def _add_travel_time(model: cp_model.CpModel, items: list[Item], problem: Problem) -> None:
    """A facilitator has the travel time between face-to-face sessions in different regions on the
    same day. Items are grouped by (window, region); two groups that are too close together in
    different regions share one at-most-one."""
    groups: dict[tuple[Window, str], list[cp_model.IntVar]] = defaultdict(list)
    for item in items:
        if item.region is not None:
            groups[item.window, item.region].append(item.literal)
    for (first, region_a), (second, region_b) in combinations(sorted(groups), 2):
        if region_a == region_b or first[0].date() != second[0].date():
            continue
        if max(first[0], second[0]) - min(first[1], second[1]) < problem.travel:
            _at_most_one(model, groups[first, region_a] + groups[second, region_b])


def _add_limit(
    model: cp_model.CpModel, items: list[Item], period: Callable[[Item], object], limit: int
) -> None:
    """A facilitator never has more sessions in an ISO week (or calendar month) than their limit."""
    by_period: dict[object, list[cp_model.IntVar]] = defaultdict(list)
    for item in items:
        by_period[period(item)].append(item.literal)
    for literals in by_period.values():
        if len(literals) > limit:
            model.add(sum(literals) <= limit)


def _add_objective(problem: Problem, built: Built) -> None:
    """Lexicographic via weights: largest deviation from preferred load, then changes from the
    existing plan, then moved sessions, then the total deviation as a final tie-break."""
    model = built.model
    per_person: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (_, facilitator_id), literal in built.x.items():
        per_person[facilitator_id].append(literal)
    deviations, bounds = [], []
    for facilitator in problem.facilitators:
        load, preferred = per_person[facilitator.id], facilitator.preferred_load
        bound = max(preferred, len(load) - preferred)
        deviation = model.new_int_var(0, bound, f"dev[{facilitator.id}]")
        model.add(deviation >= sum(load) - preferred)
        model.add(deviation >= preferred - sum(load))
        deviations.append(deviation)
        bounds.append(bound)
    built.max_deviation = model.new_int_var(0, max(bounds, default=0), "max_dev")
    for deviation in deviations:
        model.add(built.max_deviation >= deviation)
    kept = [built.x[pair] for pair in problem.existing if pair in built.x]
    # Sessions held in one window share its Booleans; one move of theirs is counted once.
    moves = list({c.index: c for (_, option), c in built.choice.items() if option != 0}.values())
    built.weights = w = _weights(sum(bounds), len(moves), problem)
    model.minimize(
        w.max_deviation * built.max_deviation
        + w.changes * (len(problem.existing) - sum(kept))
        + w.moves * sum(moves)
        + w.total_deviation * sum(deviations)
    )


def _weights(total_deviation_bound: int, movable: int, problem: Problem) -> Weights:
    moves = total_deviation_bound + 1
    changes = moves * (movable + 1)
    return Weights(
        max_deviation=changes * (len(problem.existing) + 1), changes=changes, moves=moves
    )


def _at_most_one(model: cp_model.CpModel, literals: Iterable[cp_model.IntVar]) -> None:
    # A continuity group shares one literal across its sessions, so it can appear twice here;
    # then that facilitator cannot take the group at all.
    by_index: dict[int, cp_model.IntVar] = {}
    counts: Counter[int] = Counter()
    for literal in literals:
        by_index[literal.index] = literal
        counts[literal.index] += 1
    for index, count in counts.items():
        if count > 1:
            model.add(by_index[index] == 0)
    model.add_at_most_one([by_index[i] for i, count in counts.items() if count == 1])
