"""The facilitator planning engine: who facilitates which session, and which sessions move.

Pure Python and OR-Tools CP-SAT, no Django. A service loads rows, builds the frozen dataclasses
below, calls :func:`plan` and saves the :class:`PlanResult`. The model is explained in
``docs/algorithms/planning.md``; :func:`violations` checks any plan against the hard rules.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from ortools.sat.python import cp_model

from missionled.scheduling.planning_candidates import Problem, build_problem
from missionled.scheduling.planning_checks import busiest_weeks, explain
from missionled.scheduling.planning_greedy import GreedyPlan, greedy_plan
from missionled.scheduling.planning_model import Built, build_model
from missionled.scheduling.planning_rules import RULES, rule_text, violations
from missionled.scheduling.planning_types import (
    Assignment,
    ExistingAssignment,
    Facilitator,
    Move,
    PlanResult,
    Session,
)

__all__ = [
    "RULES",
    "Assignment",
    "ExistingAssignment",
    "Facilitator",
    "Move",
    "PlanResult",
    "Session",
    "plan",
    "rule_text",
    "violations",
]

NO_SIMPLE_CAUSE = (
    "No plan meets every rule, and no single session, day, week or month explains it on its own. "
    "Look first at the busiest weeks: {weeks}."
)
OUT_OF_TIME = (
    "No plan was found within {seconds:g} seconds, and none was proved impossible. Allow more "
    "time, or ease the busiest weeks: {weeks}."
)


def plan(
    sessions: Iterable[Session],
    facilitators: Iterable[Facilitator],
    existing: Iterable[ExistingAssignment] = (),
    *,
    travel_minutes_between_regions: int = 120,
    time_limit_s: float = 30,
    seed: int = 0,
    workers: int = 2,
) -> PlanResult:
    """Assign facilitators to every session, fairly, changing ``existing`` as little as possible.

    Minimises, in this order: the largest gap between a facilitator's load and their preferred
    load; the number of existing assignments dropped; the number of sessions moved to an
    alternative window; the total gap. Returns ``feasible=False`` with plain-English ``reasons``
    when no plan exists or none was found in ``time_limit_s``.

    :raises ValueError: if two sessions or two facilitators share an id.
    """
    started = time.perf_counter()
    problem = build_problem(sessions, facilitators, existing, travel_minutes_between_regions)
    reasons = explain(problem)
    if reasons:
        return PlanResult(feasible=False, reasons=tuple(reasons), status="CHECKS_FAILED")
    built = build_model(problem)
    _hint(built, greedy_plan(problem))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(built.model)
    elapsed = time.perf_counter() - started
    variables = len(built.model.proto.variables)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _result(problem, built, solver, status, variables, elapsed)
    template = NO_SIMPLE_CAUSE if status == cp_model.INFEASIBLE else OUT_OF_TIME
    reason = template.format(seconds=time_limit_s, weeks=busiest_weeks(problem))
    return PlanResult(
        feasible=False,
        reasons=(reason,),
        status=solver.status_name(status),
        variables=variables,
        wall_time_s=elapsed,
    )


def _hint(built: Built, warm: GreedyPlan) -> None:
    """Hint the greedy plan, which starts from the existing one, for every session it staffed."""
    hinted: set[int] = set()

    def hint(literal: cp_model.IntVar, value: bool) -> None:
        if literal.index not in hinted:
            hinted.add(literal.index)
            built.model.add_hint(literal, value)

    for (session_id, facilitator_id), literal in built.x.items():
        if session_id in warm.staff:
            hint(literal, facilitator_id in warm.staff[session_id])
    for (session_id, option), literal in built.choice.items():
        if session_id in warm.staff:
            hint(literal, warm.option[session_id] == option)
    for item in built.items:
        if (item.session_id, item.option) in built.choice and item.session_id in warm.staff:
            staffed = item.facilitator_id in warm.staff[item.session_id]
            hint(item.literal, staffed and warm.option[item.session_id] == item.option)


def _result(
    problem: Problem,
    built: Built,
    solver: cp_model.CpSolver,
    status: cp_model.CpSolverStatus,
    variables: int,
    elapsed: float,
) -> PlanResult:
    assignments = tuple(
        Assignment(session_id, facilitator_id)
        for (session_id, facilitator_id), literal in built.x.items()
        if solver.boolean_value(literal)
    )
    moved = []
    for (session_id, option), literal in built.choice.items():
        if option != 0 and solver.boolean_value(literal):
            start, end = problem.session_by_id[session_id].windows[option]
            moved.append(Move(session_id, start, end))
    chosen = {(a.session_id, a.facilitator_id) for a in assignments}
    counts = Counter(a.facilitator_id for a in assignments)
    assert built.max_deviation is not None
    return PlanResult(
        feasible=True,
        assignments=assignments,
        moved=tuple(moved),
        objective=round(solver.objective_value),
        bound=round(solver.best_objective_bound),
        optimal=status == cp_model.OPTIMAL,
        changes=sum(1 for pair in problem.existing if pair not in chosen),
        loads={f.id: counts[f.id] for f in problem.facilitators},
        max_deviation=solver.value(built.max_deviation),
        status=solver.status_name(status),
        variables=variables,
        wall_time_s=elapsed,
    )
