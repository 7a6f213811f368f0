"""Property tests: on random small cohorts the hard rules always hold, or the conflict is real."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionled.scheduling.set_formation import (
    ConstraintsConflict,
    Formation,
    Member,
    form_sets,
    set_sizes,
)
from missionled.scheduling.tests.test_set_formation import best_by_brute_force, holds

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def cohorts(draw: st.DrawFn, min_n: int = 4, max_n: int = 16) -> list[Member]:
    n = draw(st.integers(min_n, max_n))
    pick = st.sampled_from
    return [
        Member(
            id=f"m{i:02}",
            department=draw(pick(("DfE", "HMT", "MoJ"))),
            profession=draw(pick(("Policy", "Finance", "Digital"))),
            grade=draw(pick(("G7", "G6", "SCS1", "SCS2"))),
            team=draw(pick(("Alpha", "Beta", None))),
        )
        for i in range(n)
    ]


def request_pairs(members: list[Member], most: int) -> st.SearchStrategy[list[tuple[str, str]]]:
    ids = st.sampled_from([m.id for m in members])
    return st.lists(st.tuples(ids, ids), max_size=most)


def assert_sound(members: list[Member], sets: tuple[tuple[str, ...], ...]) -> None:
    sizes = [len(s) for s in sets]
    assert all(4 <= size <= 7 for size in sizes)
    assert max(sizes) - min(sizes) <= 1
    assert sorted(m for s in sets for m in s) == sorted(m.id for m in members)


@PROPERTY
@given(data=st.data(), members=cohorts())
def test_feasible_requests_always_hold(data: st.DataObject, members: list[Member]) -> None:
    """Requests drawn from a hidden valid split are always honoured, sizes 4-7 and even."""
    sizes = set_sizes(len(members))
    order = data.draw(st.permutations([m.id for m in members]))
    hidden = {
        m: next(s for s, end in enumerate(_ends(sizes)) if i < end) for i, m in enumerate(order)
    }
    pairs = data.draw(request_pairs(members, 6))
    apart = [(a, b) for a, b in pairs if hidden[a] != hidden[b]]
    together = [(a, b) for a, b in pairs if hidden[a] == hidden[b]]
    formation = form_sets(members, keep_apart=apart, keep_together=together, time_limit_s=2.0)
    assert_sound(members, formation.sets)
    assert holds(formation.sets, apart, together)


def _ends(sizes: tuple[int, ...]) -> list[int]:
    return [sum(sizes[: s + 1]) for s in range(len(sizes))]


@PROPERTY
@given(data=st.data(), members=cohorts(max_n=10))
def test_conflict_reported_exactly_when_no_split_exists(
    data: st.DataObject, members: list[Member]
) -> None:
    """Any requests: either a sound, optimal split that honours them, or a real conflict."""
    apart = data.draw(request_pairs(members, 5))
    together = data.draw(request_pairs(members, 5))
    best = best_by_brute_force(members, apart, together)
    outcome = _attempt(members, apart, together)
    if isinstance(outcome, ConstraintsConflict):
        assert best is None
        assert outcome.conflicts
        assert all(text.endswith(".") for text in outcome.conflicts)
        return
    assert_sound(members, outcome.sets)
    assert holds(outcome.sets, apart, together)
    assert outcome.optimal
    assert outcome.score == best


def _attempt(
    members: list[Member], apart: list[tuple[str, str]], together: list[tuple[str, str]]
) -> Formation | ConstraintsConflict:
    try:
        return form_sets(members, keep_apart=apart, keep_together=together, time_limit_s=2.0)
    except ConstraintsConflict as conflict:
        return conflict
