"""Presenter rota for an Action Learning Set's meetings."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missionled.scheduling.presenters import (
    PresenterRotaImpossible,
    check_presenters,
    plan_presenters,
)

SEVEN = ("Amira", "Ben", "Carl", "Dina", "Ed", "Fay", "Gus")


def test_seven_members_over_three_meetings() -> None:
    """Seven members present once each, three at the first meeting and two at the others."""
    assert plan_presenters(SEVEN) == (("Amira", "Ben", "Carl"), ("Dina", "Ed"), ("Fay", "Gus"))


def test_plan_is_deterministic_and_in_the_order_given() -> None:
    """The same members in the same order always give the same rota."""
    assert plan_presenters(SEVEN[::-1]) == plan_presenters(SEVEN[::-1])
    assert plan_presenters(SEVEN[::-1])[0] == ("Gus", "Fay", "Ed")


def test_fewer_members_than_meetings_present_in_turn() -> None:
    """With two members and three meetings, nobody's meeting is empty."""
    assert plan_presenters(["Amira", "Ben"]) == (("Amira",), ("Ben",), ("Amira",))


def test_impossible_rota_is_explained() -> None:
    """Seven members cannot all present over three meetings of at most two presenters."""
    with pytest.raises(PresenterRotaImpossible) as caught:
        plan_presenters(SEVEN, meetings=3, per_meeting_max=2)
    assert str(caught.value) == (
        "7 members cannot each present across 3 meetings with at most 2 presenting at each; "
        "that allows only 6 presentations."
    )


@pytest.mark.parametrize(
    ("members", "meetings", "most", "message"),
    [
        ((), 3, 5, "at least one member"),
        (("Amira", "Amira", "Ben"), 3, 5, "repeated: Amira"),
        (SEVEN, 0, 5, "at least 1"),
        (SEVEN, 3, 0, "at least 1"),
    ],
)
def test_bad_input_is_refused(
    members: tuple[str, ...], meetings: int, most: int, message: str
) -> None:
    """Empty sets, repeated members and limits below one are refused."""
    with pytest.raises(ValueError, match=message):
        plan_presenters(members, meetings, most)


@settings(max_examples=100, database=None, derandomize=True)
@given(n=st.integers(1, 20), meetings=st.integers(1, 5), most=st.integers(1, 7))
def test_plans_are_sound_and_even(n: int, meetings: int, most: int) -> None:
    """Any possible plan passes its own check, with meeting and personal loads within one."""
    members = [f"m{i}" for i in range(n)]
    if n > meetings * most:
        with pytest.raises(PresenterRotaImpossible):
            plan_presenters(members, meetings, most)
        return
    rota = plan_presenters(members, meetings, most)
    assert check_presenters(members, rota, meetings, most) == ()
    loads = [len(presenters) for presenters in rota]
    assert max(loads) - min(loads) <= 1
    personal = Counter(p for presenters in rota for p in presenters)
    assert max(personal.values()) - min(personal.values()) <= 1


def test_check_accepts_a_sound_adjustment() -> None:
    """An adviser may move people between meetings and let someone present twice."""
    rota = [["Gus", "Amira"], ["Ben", "Carl", "Dina"], ["Ed", "Fay", "Amira"]]
    assert check_presenters(SEVEN, rota) == ()


def test_check_lists_every_problem() -> None:
    """Outsiders, doubles, overfull or empty meetings and people left out are all named."""
    rota = [
        ["Amira", "Amira", "Zoe"],
        [],
        ["Ben", "Carl", "Dina", "Ed", "Fay", "Gus"],
    ]
    assert check_presenters(SEVEN, rota) == (
        "Zoe presents at meeting 1 but is not in this set.",
        "Amira is listed more than once at meeting 1.",
        "Nobody presents at meeting 2.",
        "Meeting 3 has 6 presenters; at most 5 can present.",
    )


def test_check_names_missing_presenters_and_meetings() -> None:
    """A rota short of a meeting, leaving people out, says both."""
    rota = [["Amira", "Ben", "Carl"], ["Dina", "Ed"]]
    assert check_presenters(SEVEN, rota) == (
        "The rota covers 2 meetings; the set has 3 meetings.",
        "Fay does not present at any meeting.",
        "Gus does not present at any meeting.",
    )
