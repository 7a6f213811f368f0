"""Properties of the planning engine on small random instances."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from missionled.scheduling.planning import Facilitator, Session, plan, violations
from missionled.scheduling.planning_candidates import build_problem
from missionled.scheduling.planning_checks import explain
from missionled.scheduling.planning_model import build_model

COURSES = ("practising-it", "leading-it")
REGIONS = ("London", "Scotland")
# Two weeks that cross a month end, so weekly and monthly limits both bite.
DAYS = [date(2026, 3, 23) + timedelta(days=n) for n in range(14) if n % 7 < 5]
HALVES = ((time(9, 30), time(13)), (time(13, 30), time(17)))


@st.composite
def facilitators(draw: st.DrawFn, id: str) -> Facilitator:
    return Facilitator(
        id=id,
        courses=frozenset(draw(st.sets(st.sampled_from(COURSES), min_size=1))),
        may_advise_sets=draw(st.booleans()),
        regions=frozenset(draw(st.sets(st.sampled_from(REGIONS)))),
        unavailable=frozenset(draw(st.sets(st.sampled_from(DAYS), max_size=3))),
        max_per_week=draw(st.integers(1, 3)),
        max_per_month=draw(st.integers(1, 5)),
        preferred_load=draw(st.integers(0, 4)),
    )


@st.composite
def windows(draw: st.DrawFn) -> tuple[datetime, datetime]:
    day, (start, end) = draw(st.sampled_from(DAYS)), draw(st.sampled_from(HALVES))
    return datetime.combine(day, start), datetime.combine(day, end)


@st.composite
def sessions(draw: st.DrawFn, id: str) -> Session:
    kind = draw(st.sampled_from(("workshop", "action_learning_set")))
    face_to_face = draw(st.booleans())
    starts_at, ends_at = draw(windows())
    return Session(
        id=id,
        cohort_id="C",
        course=draw(st.sampled_from(COURSES)),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        delivery_mode="face_to_face" if face_to_face else "online",
        region=draw(st.sampled_from(REGIONS)) if face_to_face else None,
        needed=draw(st.integers(1, 2)),
        continuity_key=draw(st.sampled_from((None, None, "k1", "k2"))),
        alternatives=tuple(draw(st.lists(windows(), max_size=2))),
    )


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Session], list[Facilitator], int]:
    people = [draw(facilitators(f"f{i}")) for i in range(draw(st.integers(1, 5)))]
    work = [draw(sessions(f"s{i}")) for i in range(draw(st.integers(1, 7)))]
    return work, people, draw(st.sampled_from((0, 60, 120)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_returned_plan_keeps_every_hard_rule(
    instance: tuple[list[Session], list[Facilitator], int],
) -> None:
    work, people, travel = instance
    result = plan(work, people, travel_minutes_between_regions=travel, time_limit_s=2, workers=1)
    if result.feasible:
        assert violations(result, work, people, travel_minutes_between_regions=travel) == []
        assert sum(result.loads.values()) == sum(s.needed for s in work)
    else:
        assert result.reasons


@settings(max_examples=80, deadline=None)
@given(instances())
def test_failed_checks_mean_the_model_is_infeasible(
    instance: tuple[list[Session], list[Facilitator], int],
) -> None:
    """The plain-English checks are necessary conditions: they never reject a solvable problem."""
    work, people, travel = instance
    problem = build_problem(work, people, (), travel)
    if not explain(problem):
        return
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 2
    solver.parameters.num_workers = 1
    assert solver.solve(build_model(problem).model) == cp_model.INFEASIBLE


@settings(max_examples=40, deadline=None)
@given(instances())
def test_loosening_limits_never_makes_a_plan_impossible(
    instance: tuple[list[Session], list[Facilitator], int],
) -> None:
    work, people, travel = instance
    first = plan(work, people, travel_minutes_between_regions=travel, time_limit_s=2, workers=1)
    loose = [replace(p, max_per_week=10, max_per_month=20) for p in people]
    second = plan(work, loose, travel_minutes_between_regions=travel, time_limit_s=2, workers=1)
    assert second.feasible or not first.feasible
