"""Action Learning Set formation: sizes, optimality against brute force, determinism, requests."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from itertools import combinations

import pytest

from missionled.scheduling.set_formation import (
    Formation,
    Member,
    MixWeights,
    UnknownMembers,
    form_sets,
    mix_score,
    set_sizes,
)

DEPARTMENTS = ("HM Treasury", "DfE", "DHSC", "MoJ", "Home Office", "DWP", "Cabinet Office")
PROFESSIONS = ("Policy", "Finance", "Digital", "Operational Delivery", "Commercial", "Analysis")
GRADES = ("G7", "G6", "SCS1", "SCS2")
QUICK = 2.0


def make_cohort(n: int, seed: int, *, departments: int = 5) -> list[Member]:
    """A cohort with a realistic skew: more G7s and G6s than SCS, a few shared teams."""
    rng = random.Random(seed)
    return [
        Member(
            id=f"m{i:02}",
            department=rng.choice(DEPARTMENTS[:departments]),
            profession=rng.choice(PROFESSIONS),
            grade=rng.choices(GRADES, weights=(5, 4, 2, 1))[0],
            team=rng.choice(("Strategy", "Delivery", None)),
        )
        for i in range(n)
    ]


def partitions(ids: Sequence[str], sizes: Sequence[int]) -> Iterator[list[tuple[str, ...]]]:
    """Every way to fill sets of these sizes, in order (equal-sized sets repeat, harmlessly)."""
    if not sizes:
        yield []
        return
    for first in combinations(ids, sizes[0]):
        rest = [i for i in ids if i not in first]
        for tail in partitions(rest, sizes[1:]):
            yield [first, *tail]


def holds(
    sets: Sequence[Sequence[str]],
    apart: Sequence[tuple[str, str]],
    together: Sequence[tuple[str, str]],
) -> bool:
    where = {m: s for s, group in enumerate(sets) for m in group}
    return all(where[a] != where[b] for a, b in apart) and all(
        where[a] == where[b] for a, b in together
    )


def best_by_brute_force(
    members: Sequence[Member],
    apart: Sequence[tuple[str, str]] = (),
    together: Sequence[tuple[str, str]] = (),
) -> int | None:
    """The best mix score over every partition that honours the requests, or None if none does."""
    ids = sorted(m.id for m in members)
    scores = [
        mix_score(p, members)
        for p in partitions(ids, set_sizes(len(ids)))
        if holds(p, apart, together)
    ]
    return max(scores, default=None)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (4, (4,)),
        (7, (7,)),
        (8, (4, 4)),
        (11, (6, 5)),
        (14, (7, 7)),
        (15, (5, 5, 5)),
        (30, (6,) * 5),
    ],
)
def test_set_sizes_examples(n: int, expected: tuple[int, ...]) -> None:
    """Sets are as even as possible: 14 makes 7 and 7, 11 makes 6 and 5, 15 makes three 5s."""
    assert set_sizes(n) == expected


@pytest.mark.parametrize("n", range(4, 31))
def test_formation_sizes_for_every_cohort_size(n: int) -> None:
    """For 4 to 30 members: the fewest sets of 4 to 7 people, sizes differing by at most one."""
    formation = form_sets(make_cohort(n, seed=n), time_limit_s=QUICK)
    sizes = [len(s) for s in formation.sets]
    assert sum(sizes) == n
    assert all(4 <= size <= 7 for size in sizes)
    assert max(sizes) - min(sizes) <= 1
    assert len(sizes) == -(-n // 7)
    assert sorted(m for s in formation.sets for m in s) == sorted(m.id for m in make_cohort(n, n))


@pytest.mark.parametrize("n", range(4))
def test_too_few_members_raises(n: int) -> None:
    """Fewer than four people cannot form a set."""
    with pytest.raises(ValueError, match="at least 4"):
        form_sets(make_cohort(n, seed=1))


def test_repeated_ids_raise() -> None:
    """A member listed twice is refused rather than silently merged."""
    members = make_cohort(6, seed=1)
    with pytest.raises(ValueError, match="repeated"):
        form_sets([*members, members[0]])


def test_unknown_ids_are_named() -> None:
    """A request naming someone outside the cohort says who."""
    with pytest.raises(UnknownMembers, match="m99, nobody") as caught:
        form_sets(
            make_cohort(8, seed=1), keep_apart=[("m01", "m99")], keep_together=[("nobody", "m02")]
        )
    assert caught.value.ids == ("m99", "nobody")


@pytest.mark.parametrize("n", range(4, 13))
@pytest.mark.parametrize("seed", range(3))
def test_optimal_matches_brute_force(n: int, seed: int) -> None:
    """On small cohorts the solver proves optimality and its score equals the brute-force best."""
    members = make_cohort(n, seed=100 * n + seed, departments=3)
    formation = form_sets(members, time_limit_s=QUICK)
    assert formation.optimal
    assert formation.score == best_by_brute_force(members)
    assert formation.score == mix_score(formation.sets, members)


@pytest.mark.parametrize("n", [8, 9, 11])
def test_optimal_with_requests_matches_brute_force(n: int) -> None:
    """With requests, the proven optimum is still the best partition that honours them."""
    members = make_cohort(n, seed=n, departments=2)
    apart, together = [("m00", "m01"), ("m02", "m03")], [("m00", "m04"), ("m05", "m06")]
    formation = form_sets(members, keep_apart=apart, keep_together=together, time_limit_s=QUICK)
    assert formation.optimal
    assert holds(formation.sets, apart, together)
    assert formation.score == best_by_brute_force(members, apart, together)


def test_same_input_and_seed_give_same_sets() -> None:
    """Repeated runs, and members or requests in another order, give identical sets."""
    members = make_cohort(14, seed=7)
    apart, together = [("m00", "m01"), ("m03", "m09")], [("m02", "m05")]
    first = form_sets(members, keep_apart=apart, keep_together=together, seed=3)
    shuffled = list(reversed(members))
    again = form_sets(
        shuffled,
        keep_apart=[(b, a) for a, b in reversed(apart)],
        keep_together=together,
        seed=3,
    )
    assert first == again
    assert form_sets(members, keep_apart=apart, keep_together=together, seed=3) == first


def test_seed_changes_nothing_that_matters_when_optimal() -> None:
    """Different seeds may pick different optimal sets but never a worse score."""
    members = make_cohort(14, seed=8)
    scores = {form_sets(members, seed=seed, time_limit_s=QUICK).score for seed in range(3)}
    assert len(scores) == 1


def test_requests_are_honoured_and_explained() -> None:
    """Keep-apart pairs sit in different sets and keep-together pairs share one, each explained."""
    members = [
        Member("a", "HM Treasury", "Policy", "G7", name="Amira Khan"),
        Member("b", "HM Treasury", "Policy", "G7", name="Ben Lee"),
        *make_cohort(9, seed=4),
    ]
    formation = form_sets(members, keep_apart=[("a", "m03")], keep_together=[("a", "b")])
    assert holds(formation.sets, [("a", "m03")], [("a", "b")])
    text = "\n".join(formation.explanations)
    assert "11 members make 2 sets (6 and 5): the fewest sets of at most 7 people" in text
    assert "Amira Khan and m03 are in different sets (set " in text
    assert "Amira Khan and Ben Lee are both in set " in text
    assert "Set 1 mixes " in text


def test_mix_spreads_departments() -> None:
    """Two departments of six split three and three in each set, the best mix there is."""
    members = [
        Member(f"{dept}{i}", dept, "Policy", "G7") for dept in ("dfe", "hmt") for i in range(6)
    ]
    formation = form_sets(members, weights=MixWeights(department=1, profession=0, grade=0, team=0))
    for group in formation.sets:
        assert sum(m.startswith("dfe") for m in group) == 3


def test_mix_score_counts_differing_attributes_per_pair() -> None:
    """Each pair of set-mates earns the weight of every attribute on which they differ."""
    a = Member("a", "DfE", "Policy", "G7", team="Schools")
    b = Member("b", "DfE", "Finance", "G7", team="Schools")
    c = Member("c", "HMT", "Finance", "G6")
    # a-b: profession 2; a-c: 4+2+2+1; b-c: 4+2+1 (same profession).
    assert mix_score([["a", "b", "c"]], [a, b, c]) == 2 + 9 + 7


def test_formation_is_a_frozen_value() -> None:
    """Formations are plain values: comparable and immutable."""
    formation = form_sets(make_cohort(5, seed=1))
    assert isinstance(formation, Formation)
    with pytest.raises(AttributeError):
        formation.score = 0  # type: ignore[misc]
