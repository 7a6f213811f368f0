"""Requests that cannot all hold are refused with the conflicting requests named in words."""

from __future__ import annotations

from itertools import pairwise

import pytest

from missionled.scheduling.set_formation import ConstraintsConflict, Member, form_sets

NAMES = (
    "Amira Khan",
    "Ben Lee",
    "Carl Dean",
    "Dina Obi",
    "Ed Ross",
    "Fay Wu",
    "Gus Pym",
    "Hal Ng",
    "Ivy Roe",
    "Jo Fox",
    "Kit Ray",
    "Lu Ma",
    "Mo Li",
    "Ned Bo",
)


def cohort(n: int = 14) -> list[Member]:
    return [
        Member(f"m{i:02}", f"D{i % 3}", f"P{i % 4}", ("G7", "G6")[i % 2], name=name)
        for i, name in enumerate(NAMES[:n])
    ]


def conflicts(n: int = 14, **requests: list[tuple[str, str]]) -> tuple[str, ...]:
    with pytest.raises(ConstraintsConflict) as caught:
        form_sets(cohort(n), time_limit_s=2.0, **requests)  # type: ignore[arg-type]
    assert str(caught.value) == " ".join(caught.value.conflicts)
    return caught.value.conflicts


def chain(*ids: int) -> list[tuple[str, str]]:
    return [(f"m{a:02}", f"m{b:02}") for a, b in pairwise(ids)]


def test_keep_together_chain_larger_than_a_set() -> None:
    """A chain of keep-together requests cannot put more people in a set than it holds."""
    assert conflicts(keep_together=chain(*range(8))) == (
        "Keeping together Amira Khan with Ben Lee, Ben Lee with Carl Dean, Carl Dean with "
        "Dina Obi, Dina Obi with Ed Ross, Ed Ross with Fay Wu, Fay Wu with Gus Pym and Gus Pym "
        "with Hal Ng puts 8 people in one set, but no set in this cohort holds more than 7.",
    )


def test_chain_limit_is_the_largest_set_in_this_cohort() -> None:
    """With 11 members the sets are 6 and 5, so seven people kept together cannot fit."""
    (text,) = conflicts(11, keep_together=chain(*range(7)))
    assert text.endswith("puts 7 people in one set, but no set in this cohort holds more than 6.")


def test_pair_kept_together_and_apart_directly() -> None:
    """A pair both kept together and kept apart is reported as such."""
    assert conflicts(keep_together=chain(0, 1), keep_apart=chain(1, 0)) == (
        "Amira Khan and Ben Lee are to be kept apart, but keeping together Amira Khan with "
        "Ben Lee puts them in the same set.",
    )


def test_pair_kept_apart_but_joined_by_a_chain() -> None:
    """Keeping apart two people whom a keep-together chain joins names the chain."""
    assert conflicts(keep_together=chain(0, 1, 2), keep_apart=chain(0, 2)) == (
        "Amira Khan and Carl Dean are to be kept apart, but keeping together Amira Khan with "
        "Ben Lee and Ben Lee with Carl Dean puts them in the same set.",
    )


def test_keep_apart_clique_bigger_than_the_number_of_sets() -> None:
    """Three people who must all be apart cannot fit into two sets."""
    assert conflicts(keep_apart=chain(0, 1, 2, 0)) == (
        "Keep-apart requests (Amira Khan from Ben Lee, Amira Khan from Carl Dean, Ben Lee from "
        "Carl Dean) need 3 different sets, but 14 members make only 2 sets.",
    )


def test_keep_apart_in_a_single_set_cohort() -> None:
    """A cohort of seven or fewer is one set, so nobody can be kept apart."""
    assert conflicts(6, keep_apart=chain(0, 1)) == (
        "Keep-apart requests (Amira Khan from Ben Lee) need 2 different sets, "
        "but 6 members make only 1 set.",
    )


def test_keep_apart_clique_through_keep_together_chains() -> None:
    """A clique of keep-together groups names the requests that join each group."""
    (text,) = conflicts(keep_together=[*chain(0, 1), *chain(2, 3)], keep_apart=chain(0, 2, 4, 1))
    assert text == (
        "Keep-apart requests (Amira Khan from Carl Dean, Ben Lee from Ed Ross, Carl Dean from "
        "Ed Ross) need 3 different sets, but 14 members make only 2 sets, once keep-together "
        "requests (Amira Khan with Ben Lee, Carl Dean with Dina Obi) hold."
    )


def test_person_kept_apart_from_themselves() -> None:
    """A keep-apart request naming one person twice is refused."""
    assert conflicts(keep_apart=[("m00", "m00")]) == (
        "Amira Khan is asked to be kept apart from themselves.",
    )


def test_odd_cycle_found_by_the_solver_names_only_the_cycle() -> None:
    """Five people in a ring of keep-apart requests cannot split into two sets."""
    (text,) = conflicts(keep_apart=[*chain(0, 1, 2, 3, 4, 0), *chain(5, 6)])
    assert text.startswith("These requests cannot all hold with sets of 7 and 7 people: ")
    assert text.count("apart") == 5
    assert "Gus Pym" not in text


def test_groups_that_cannot_pack_into_the_sets() -> None:
    """Groups of 5, 5 and 4 cannot fill two sets of 7; the solver names the chains involved."""
    together = [*chain(0, 1, 2, 3, 4), *chain(5, 6, 7, 8, 9), *chain(10, 11, 12, 13)]
    (text,) = conflicts(keep_together=together)
    assert text.startswith("These requests cannot all hold with sets of 7 and 7 people: keep ")
    assert "keep Kit Ray and Lu Ma together" in text
    assert "apart" not in text
