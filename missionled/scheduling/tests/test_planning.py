"""The facilitator planning engine on small hand-built cases, one hard rule at a time."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from missionled.scheduling.planning import (
    Assignment,
    ExistingAssignment,
    Facilitator,
    Move,
    PlanResult,
    Session,
    plan,
    violations,
)

COURSE = "practising-it"
MORNING = (time(9, 30), time(13))
AFTERNOON = (time(13, 30), time(17))


def day(d: int, month: int = 3) -> date:
    """A date in 2026; 9 March 2026 is a Monday."""
    return date(2026, month, d)


def at(on: date, half: tuple[time, time] = MORNING) -> tuple[datetime, datetime]:
    return datetime.combine(on, half[0]), datetime.combine(on, half[1])


def person(id: str, **fields: object) -> Facilitator:
    values: dict[str, object] = {
        "courses": frozenset({COURSE, "leading-it"}),
        "may_advise_sets": True,
        "regions": frozenset({"London"}),
        "preferred_load": 0,
    }
    values.update(fields)
    return Facilitator(id=id, **values)  # type: ignore[arg-type]


def session(id: str, on: date, half: tuple[time, time] = MORNING, **fields: object) -> Session:
    start, end = at(on, half)
    values: dict[str, object] = {"cohort_id": "C1", "course": COURSE, "kind": "workshop"}
    values.update(fields)
    return Session(id=id, starts_at=start, ends_at=end, **values)  # type: ignore[arg-type]


def set_meeting(id: str, on: date, **fields: object) -> Session:
    values: dict[str, object] = {"course": "leading-it", "kind": "action_learning_set"}
    values.update(fields)
    return session(id, on, **values)


def solve(
    sessions: list[Session],
    people: list[Facilitator],
    existing: tuple[ExistingAssignment, ...] = (),
    travel: int = 120,
) -> PlanResult:
    result = plan(
        sessions,
        people,
        existing,
        travel_minutes_between_regions=travel,
        time_limit_s=5,
        workers=1,
    )
    if result.feasible:
        assert violations(result, sessions, people, travel_minutes_between_regions=travel) == []
    return result


def staff(result: PlanResult, session_id: str) -> set[str]:
    return {a.facilitator_id for a in result.assignments if a.session_id == session_id}


def test_workshop_gets_two_facilitators_and_set_meeting_one() -> None:
    result = solve(
        [session("W", day(9)), set_meeting("A", day(10))], [person("a"), person("b"), person("c")]
    )
    assert result.feasible
    assert len(staff(result, "W")) == 2
    assert len(staff(result, "A")) == 1


def test_only_qualified_facilitators_deliver_a_course() -> None:
    people = [person("a"), person("b"), person("c", courses=frozenset({"leading-it"}))]
    result = solve([session("W", day(9))], people)
    assert staff(result, "W") == {"a", "b"}


def test_no_qualified_facilitator_is_explained() -> None:
    result = solve([session("W", day(9), course="understanding-it")], [person("a"), person("b")])
    assert not result.feasible
    assert result.reasons == (
        "Session W (online understanding-it workshop on Monday 9 March 2026, morning) needs "
        "2 facilitators; no facilitator is qualified for understanding-it.",
    )


def test_set_meeting_needs_someone_who_may_advise_sets() -> None:
    people = [person("a", may_advise_sets=False), person("b")]
    assert staff(solve([set_meeting("A", day(12, 5))], people), "A") == {"b"}
    result = solve([set_meeting("A", day(12, 5))], people[:1])
    assert result.reasons == (
        "Session A (online leading-it set meeting on Tuesday 12 May 2026, morning) needs "
        "1 facilitator; 1 qualified for leading-it, none of them allowed to advise sets.",
    )


def test_face_to_face_only_in_covered_regions() -> None:
    people = [person("a"), person("b"), person("c", regions=frozenset({"Scotland"}))]
    workshop = session("W", day(9), delivery_mode="face_to_face", region="London")
    assert staff(solve([workshop], people), "W") == {"a", "b"}
    scottish = session("S", day(9), delivery_mode="face_to_face", region="Scotland")
    result = solve([scottish], people)
    assert not result.feasible
    assert result.reasons[0].endswith("3 qualified for practising-it, 1 of them covering Scotland.")


def test_unavailable_dates_are_respected() -> None:
    people = [person("a", unavailable=frozenset({day(9)})), person("b"), person("c")]
    assert staff(solve([session("W", day(9))], people), "W") == {"b", "c"}
    result = solve([session("W", day(9))], people[:2])
    assert result.reasons[0].endswith(
        "2 qualified for practising-it, 1 of them free that day.",
    )


def test_no_facilitator_in_two_overlapping_sessions() -> None:
    sessions = [session("A", day(9), needed=1), session("B", day(9), needed=1)]
    result = solve(sessions, [person("a"), person("b")])
    assert staff(result, "A") != staff(result, "B")
    result = solve(sessions, [person("a")])
    assert result.reasons == (
        "Monday 9 March 2026 (morning): 2 sessions need 2 facilitators at once; only 1 "
        "facilitator is qualified for them and free that day.",
    )


def test_morning_and_afternoon_of_one_day_can_go_to_one_person() -> None:
    sessions = [session("A", day(9), needed=1), session("B", day(9), AFTERNOON, needed=1)]
    result = solve(sessions, [person("a")])
    assert result.feasible
    assert staff(result, "A") == staff(result, "B") == {"a"}


def test_travel_time_between_regions_on_one_day() -> None:
    both = frozenset({"London", "North West"})
    people = [person("a", regions=both)]
    sessions = [
        session("L", day(9), needed=1, delivery_mode="face_to_face", region="London"),
        session(
            "M", day(9), AFTERNOON, needed=1, delivery_mode="face_to_face", region="North West"
        ),
    ]
    result = solve(sessions, people)
    assert not result.feasible
    assert result.reasons[0].startswith("No plan meets every rule")
    assert solve(sessions, people, travel=30).feasible
    result = solve(sessions, [*people, person("b")])
    assert staff(result, "L") == {"b"}
    assert staff(result, "M") == {"a"}


def test_weekly_limit() -> None:
    sessions = [session(f"S{d}", day(d), needed=1) for d in (9, 10, 11)]
    result = solve(sessions, [person("a", max_per_week=2)])
    assert result.reasons == (
        "Week of 9 March 2026: 3 sessions need 3 facilitator places; the 1 qualified "
        "facilitator free that week can fill only 2 (weekly limits and leave included).",
    )
    result = solve(sessions, [person("a", max_per_week=2), person("b", max_per_week=2)])
    assert result.feasible
    assert max(result.loads.values()) == 2


def test_monthly_limit() -> None:
    sessions = [session(f"S{d}", day(d), needed=1) for d in (2, 9, 16, 23)]
    result = solve(sessions, [person("a", max_per_month=3)])
    assert result.reasons[0].startswith("March 2026: 4 sessions need 4 facilitator places")
    result = solve(sessions, [person("a", max_per_month=3, preferred_load=4), person("b")])
    assert result.loads == {"a": 3, "b": 1}


def test_continuity_key_keeps_the_same_adviser() -> None:
    meetings = [set_meeting(f"A{i}", day(9 + 7 * i), continuity_key="set-1") for i in range(3)]
    people = [person(name, preferred_load=1) for name in "abc"]
    result = solve(meetings, people)
    assert len({a.facilitator_id for a in result.assignments}) == 1
    assert result.max_deviation == 2


def test_continuity_key_without_a_common_adviser_is_explained() -> None:
    meetings = [set_meeting(f"A{i}", day(9 + 7 * i), continuity_key="set-1") for i in range(3)]
    people = [
        person("a", unavailable=frozenset({day(9)})),
        person("b", unavailable=frozenset({day(16)})),
    ]
    result = solve(meetings, people)
    assert result.reasons == (
        "Sessions A0, A1 and A2 share continuity key set-1 and need the same facilitators; "
        "no facilitator is qualified and free for all of them.",
    )


def test_fairness_follows_preferred_loads() -> None:
    sessions = [session(f"S{d}", day(d), needed=1) for d in (9, 10, 11, 12)]
    even = solve(sessions, [person("a", preferred_load=2), person("b", preferred_load=2)])
    assert even.loads == {"a": 2, "b": 2}
    assert even.max_deviation == 0
    uneven = solve(sessions, [person("a", preferred_load=3), person("b", preferred_load=1)])
    assert uneven.loads == {"a": 3, "b": 1}


def test_fairness_spreads_load_without_preferences() -> None:
    sessions = [session(f"S{d}", day(d), needed=1) for d in (9, 10, 11, 12, 13, 16)]
    result = solve(sessions, [person(name) for name in "abc"])
    assert sorted(result.loads.values()) == [2, 2, 2]


def test_replan_changes_as_little_as_possible() -> None:
    sessions = [session(f"S{d}", day(d), needed=1) for d in (9, 10, 11)]
    existing = tuple(ExistingAssignment(f"S{d}", n) for d, n in ((9, "a"), (10, "b"), (11, "c")))
    people = [person(name, preferred_load=1) for name in "abcd"]
    same = solve(sessions, people, existing)
    assert same.changes == 0
    people[0] = person("a", preferred_load=1, unavailable=frozenset({day(9)}))
    result = solve(sessions, people, existing)
    assert result.changes == 1
    assert staff(result, "S10") == {"b"}
    assert staff(result, "S11") == {"c"}


def test_no_move_when_the_original_time_works() -> None:
    alternative = (at(day(10)),)
    result = solve([session("W", day(9), alternatives=alternative)], [person("a"), person("b")])
    assert result.feasible
    assert result.moved == ()


def test_move_when_only_an_alternative_works() -> None:
    people = [person(n, unavailable=frozenset({day(9)})) for n in "ab"]
    start, end = at(day(10), AFTERNOON)
    result = solve([session("W", day(9), alternatives=((start, end),))], people)
    assert result.moved == (Move("W", start, end),)
    assert staff(result, "W") == {"a", "b"}


def test_move_resolves_a_clash() -> None:
    afternoon = at(day(9), AFTERNOON)
    sessions = [
        session("A", day(9), needed=1),
        session("B", day(9), needed=1, alternatives=(afternoon,)),
    ]
    result = solve(sessions, [person("a")])
    assert result.moved == (Move("B", *afternoon),)


def test_a_cohort_moves_at_most_one_session_to_another_day() -> None:
    # One person, two clashes on the 9th: each cohort can solve one by moving a day.
    elsewhere = {"A2": (at(day(10)),), "B2": (at(day(11)),)}
    sessions = [
        session("A1", day(9), needed=1),
        session("A2", day(9), needed=1, alternatives=elsewhere["A2"]),
        session("B2", day(9), needed=1, alternatives=elsewhere["B2"]),
    ]
    assert not solve(sessions, [person("a")]).feasible
    apart = [
        *sessions[:2],
        session("B2", day(9), needed=1, cohort_id="C2", alternatives=elsewhere["B2"]),
    ]
    result = solve(apart, [person("a")])
    assert result.feasible
    assert {m.session_id for m in result.moved} == {"A2", "B2"}


def test_sessions_sharing_a_window_key_move_together() -> None:
    afternoon = at(day(9), AFTERNOON)
    sets = [
        set_meeting(f"S{n}", day(9), needed=1, window_key="row", alternatives=(afternoon,))
        for n in (1, 2)
    ]
    # "a" is busy on the morning, so both sets go to the afternoon, not only the one "a" takes.
    busy = session("W", day(9), needed=1)
    result = solve([*sets, busy], [person("a"), person("b")])
    assert result.feasible
    assert {m.session_id for m in result.moved} == {"S1", "S2"}
    assert violations(result, [*sets, busy], [person("a"), person("b")]) == []


def test_sessions_sharing_a_window_key_must_share_windows() -> None:
    with pytest.raises(ValueError, match="window key"):
        plan(
            [
                set_meeting("S1", day(9), window_key="row"),
                set_meeting("S2", day(10), window_key="row"),
            ],
            [person("a")],
        )


def test_checker_names_a_split_window_and_a_second_day_move() -> None:
    sessions = [
        set_meeting("S1", day(9), needed=1, window_key="row", alternatives=(at(day(10)),)),
        set_meeting("S2", day(9), needed=1, window_key="row", alternatives=(at(day(10)),)),
        session("W", day(9), needed=1, alternatives=(at(day(11)),)),
    ]
    broken = PlanResult(
        feasible=True,
        assignments=(Assignment("S1", "a"), Assignment("S2", "b"), Assignment("W", "c")),
        moved=(Move("S1", *at(day(10))), Move("W", *at(day(11)))),
    )
    found = violations(broken, sessions, [person(n) for n in "abc"])
    assert any(
        v.startswith("Sessions that share a window key are held in the same window") for v in found
    )
    assert any(v.startswith("At most one session of a cohort moves to another day") for v in found)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="share an id"):
        plan([session("A", day(9)), session("A", day(10))], [person("a")])


def test_face_to_face_session_needs_a_region() -> None:
    with pytest.raises(ValueError, match="needs a region"):
        session("A", day(9), delivery_mode="face_to_face")


def test_checker_names_each_broken_rule() -> None:
    sessions = [
        session("A", day(9), needed=1, delivery_mode="face_to_face", region="Scotland"),
        session("B", day(9), needed=1, course="understanding-it"),
        set_meeting("C", day(9), continuity_key="k"),
        set_meeting("D", day(16), continuity_key="k"),
    ]
    people = [person("a", may_advise_sets=False, unavailable=frozenset({day(9)}), max_per_week=1)]
    pairs = [("A", "a"), ("B", "a"), ("C", "a")]
    bad = PlanResult(feasible=True, assignments=tuple(Assignment(*p) for p in pairs))
    found = "\n".join(violations(bad, sessions, people))
    for rule in (
        "Every session gets exactly",
        "only delivers courses they are qualified for",
        "Only a facilitator who may advise sets",
        "only delivers face-to-face sessions in regions they cover",
        "never given a session on a day they are unavailable",
        "never in two sessions that overlap",
        "more sessions in an ISO week",
        "share a continuity key have the same facilitators",
    ):
        assert rule in found
