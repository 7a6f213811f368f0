"""Unit tests for the session-scheduling engine, on known 2026 dates."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from missionled.scheduling import rules as calendar_rules
from missionled.scheduling.calendar import (
    LONDON,
    Blackout,
    CalendarRules,
    NoValidSchedule,
    SessionPattern,
    SlotTimes,
    check_session_move,
    non_working_reason,
    schedule_sessions,
)

UNDERSTANDING_IT = (SessionPattern(1, "workshop", 210),)
PRACTISING_IT = (
    SessionPattern(1, "workshop", 210),
    SessionPattern(2, "workshop", 210, 28, 21, 35),
)
LEADING_IT = (
    SessionPattern(1, "workshop", 210),
    SessionPattern(2, "action_learning_set", 180, 28, 21, 35),
    SessionPattern(3, "action_learning_set", 180, 28, 21, 35),
    SessionPattern(4, "action_learning_set", 180, 28, 21, 35),
    SessionPattern(5, "workshop", 210, 28, 21, 35),
)
COURSE_PATTERNS = {
    "understanding_it": UNDERSTANDING_IT,
    "practising_it": PRACTISING_IT,
    "leading_it": LEADING_IT,
}

ENGLAND = CalendarRules()
SCOTLAND = CalendarRules(region="scotland")
NORTHERN_IRELAND = CalendarRules(region="northern-ireland")
DOCS = Path(__file__).resolve().parents[3] / "docs" / "algorithms" / "scheduling.md"


def _start_days(
    pattern: tuple[SessionPattern, ...], earliest: date, rules: CalendarRules
) -> list[date]:
    return [session.starts_at.date() for session in schedule_sessions(pattern, earliest, rules)]


# --- non_working_reason ---


@pytest.mark.parametrize(
    ("day", "rules", "reason"),
    [
        (date(2026, 4, 4), ENGLAND, "Saturday 4 April 2026 is a weekend"),
        (date(2026, 4, 3), ENGLAND, "Friday 3 April 2026 is a bank holiday (Good Friday)"),
        (date(2026, 4, 6), ENGLAND, "Monday 6 April 2026 is a bank holiday (Easter Monday)"),
        (date(2026, 12, 25), ENGLAND, "Friday 25 December 2026 is a bank holiday (Christmas Day)"),
        (
            date(2026, 12, 24),
            ENGLAND,
            "Thursday 24 December 2026 is inside the blackout 24 December to 1 January "
            "(Christmas and New Year)",
        ),
        (date(2026, 1, 2), SCOTLAND, "Friday 2 January 2026 is a bank holiday (New Year Holiday)"),
        (
            date(2026, 11, 30),
            SCOTLAND,
            "Monday 30 November 2026 is a bank holiday (Saint Andrew's Day)",
        ),
        (
            date(2026, 3, 17),
            NORTHERN_IRELAND,
            "Tuesday 17 March 2026 is a bank holiday (Saint Patrick's Day)",
        ),
    ],
)
def test_non_working_reason_names_the_rule_in_words(
    day: date, rules: CalendarRules, reason: str
) -> None:
    """A non-working day comes with a reason a user can read."""
    assert non_working_reason(day, rules) == reason


@pytest.mark.parametrize(
    ("day", "rules"),
    [
        (date(2026, 4, 6), SCOTLAND),  # Easter Monday is not a Scottish bank holiday.
        (date(2026, 1, 2), ENGLAND),  # 2 January is only a bank holiday in Scotland.
        (date(2026, 11, 30), ENGLAND),  # St Andrew's Day is only a bank holiday in Scotland.
        (date(2026, 3, 17), ENGLAND),
        (date(2026, 4, 7), ENGLAND),
        (date(2026, 12, 23), ENGLAND),  # The day before the default blackout.
    ],
)
def test_working_days_have_no_reason(day: date, rules: CalendarRules) -> None:
    """An ordinary weekday in the region gives None."""
    assert non_working_reason(day, rules) is None


def test_weekend_wins_over_bank_holiday() -> None:
    """Boxing Day 2026 is a Saturday, so the weekend is the reason given."""
    assert non_working_reason(date(2026, 12, 26), ENGLAND) == (
        "Saturday 26 December 2026 is a weekend"
    )


def test_every_violation_carries_its_rule_in_words() -> None:
    """A violation's `rule` is the first line of its rule function's docstring."""
    found = calendar_rules.day_violations(date(2026, 12, 25), ENGLAND)
    assert [v.code for v in found] == ["bank_holiday", "blackout"]
    assert found[0].rule == "A session is never on a bank holiday in the cohort's region."
    assert found[1].rule == "A session is never inside a blackout period."


def test_docs_quote_every_rule() -> None:
    """The algorithm write-up uses each rule's own words."""
    text = DOCS.read_text(encoding="utf-8")
    for rule in (*calendar_rules.HARD_RULES, *calendar_rules.SOFT_RULES):
        assert calendar_rules.rule_text(rule) in text


# --- Blackout, SlotTimes, CalendarRules ---


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 12, 23), False),
        (date(2026, 12, 24), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), True),
        (date(2027, 1, 2), False),
    ],
)
def test_default_blackout_wraps_the_year_end(day: date, inside: bool) -> None:
    """The default blackout runs 24 December to 1 January inclusive."""
    assert calendar_rules.DEFAULT_BLACKOUTS[0].contains(day) is inside


def test_blackout_within_a_year() -> None:
    """A blackout that does not wrap covers only its own months."""
    august = Blackout(8, 1, 8, 31, "Summer")
    assert august.contains(date(2027, 8, 31))
    assert not august.contains(date(2027, 9, 1))
    assert not august.contains(date(2027, 7, 31))
    assert august.label == "1 August to 31 August (Summer)"


def test_blackout_accepts_leap_day_and_rejects_impossible_days() -> None:
    """29 February is a real boundary; 31 April is not."""
    assert Blackout(2, 29, 2, 29).label == "29 February"
    with pytest.raises(ValueError, match="day is out of range"):
        Blackout(4, 31, 5, 1)
    with pytest.raises(ValueError, match="month must be in"):
        Blackout(13, 1, 1, 1)


def test_slot_times_must_run_morning_then_afternoon() -> None:
    """Overlapping slots are refused."""
    with pytest.raises(ValueError, match="Slots must run"):
        SlotTimes(morning_end=time(14, 0))


def test_unknown_region_is_refused() -> None:
    """Wales shares England's bank holidays, so it has no region of its own."""
    with pytest.raises(ValueError, match="Unknown region"):
        CalendarRules(region="wales")  # type: ignore[arg-type]


# --- SessionPattern validation ---


@pytest.mark.parametrize(
    ("pattern", "match"),
    [
        ((), "at least one session"),
        ((SessionPattern(1, "a", 60), SessionPattern(1, "b", 60, 7, 7, 7)), "share an order"),
        ((SessionPattern(1, "a", 60, 7, 7, 7),), "cannot have a gap"),
        ((SessionPattern(1, "a", 60), SessionPattern(2, "b", 60)), "need a gap"),
    ],
)
def test_malformed_patterns_are_refused(pattern: tuple[SessionPattern, ...], match: str) -> None:
    """A pattern that is not one course's rhythm is a programming error."""
    with pytest.raises(ValueError, match=match):
        schedule_sessions(pattern, date(2026, 3, 2), ENGLAND)


def test_gap_fields_are_all_or_nothing_and_ordered() -> None:
    """A gap needs its target, minimum and maximum, with min <= target <= max."""
    with pytest.raises(ValueError, match="only some of its gap fields"):
        SessionPattern(2, "workshop", 60, 28, None, 35)
    with pytest.raises(ValueError, match="min_days <= target_days"):
        SessionPattern(2, "workshop", 60, 20, 21, 35)


# --- schedule_sessions ---


def test_single_session_skips_the_weekend_and_easter_monday() -> None:
    """From Saturday 4 April 2026, England's first working day is Tuesday 7 April."""
    assert _start_days(UNDERSTANDING_IT, date(2026, 4, 4), ENGLAND) == [date(2026, 4, 7)]
    # Easter Monday is a working day in Scotland.
    assert _start_days(UNDERSTANDING_IT, date(2026, 4, 4), SCOTLAND) == [date(2026, 4, 6)]


def test_session_times_follow_the_slot_across_the_spring_clock_change() -> None:
    """Both sessions start at 09:30 London time, in GMT then in BST."""
    first, second = schedule_sessions(PRACTISING_IT, date(2026, 3, 2), ENGLAND)
    assert first.starts_at == datetime(2026, 3, 2, 9, 30, tzinfo=LONDON)
    assert first.starts_at.utcoffset() == timedelta(0)
    assert second.starts_at == datetime(2026, 3, 30, 9, 30, tzinfo=LONDON)
    assert second.starts_at.utcoffset() == timedelta(hours=1)
    assert second.starts_at.astimezone(UTC).time() == time(8, 30)
    assert second.ends_at - second.starts_at == timedelta(hours=3, minutes=30)


def test_afternoon_slot_across_the_autumn_clock_change() -> None:
    """Clocks go back on Sunday 25 October 2026: 13:30 is 12:30 UTC before and 13:30 after."""
    first, second = schedule_sessions(PRACTISING_IT, date(2026, 9, 25), ENGLAND, "afternoon")
    assert (first.starts_at.date(), second.starts_at.date()) == (
        date(2026, 9, 25),
        date(2026, 10, 23),
    )
    assert first.starts_at.astimezone(UTC).time() == time(12, 30)
    third = schedule_sessions(UNDERSTANDING_IT, date(2026, 10, 25), ENGLAND, "afternoon")[0]
    assert third.starts_at.date() == date(2026, 10, 26)
    assert third.starts_at.astimezone(UTC).time() == time(13, 30)
    assert third.ends_at == datetime(2026, 10, 26, 17, 0, tzinfo=LONDON)


def test_configured_slot_times_are_used() -> None:
    """The slot times come from the rules, not from the engine."""
    rules = CalendarRules(slot_times=SlotTimes(time(10, 0), time(12, 30), time(14, 0), time(16, 0)))
    pattern = (SessionPattern(1, "workshop", 120),)
    (session,) = schedule_sessions(pattern, date(2026, 3, 2), rules, "afternoon")
    assert (session.starts_at.time(), session.ends_at.time()) == (time(14, 0), time(16, 0))


def test_target_on_good_friday_moves_to_the_nearest_day() -> None:
    """28 days after Friday 6 March 2026 is Good Friday; Thursday 2 April is nearest."""
    assert _start_days(PRACTISING_IT, date(2026, 3, 6), ENGLAND) == [
        date(2026, 3, 6),
        date(2026, 4, 2),
    ]


def test_equally_near_days_prefer_the_earlier() -> None:
    """With Wednesday 10 June blacked out, Tuesday 9 June beats Thursday 11 June."""
    rules = CalendarRules(blackouts=(Blackout(6, 10, 6, 10, "Away day"),))
    assert _start_days(PRACTISING_IT, date(2026, 5, 13), rules)[1] == date(2026, 6, 9)


def test_leading_it_in_england_and_scotland() -> None:
    """The worked example in docs/algorithms/scheduling.md."""
    september = date(2026, 9, 7)
    assert _start_days(LEADING_IT, september, ENGLAND) == [
        date(2026, 9, 7),
        date(2026, 10, 5),
        date(2026, 11, 2),
        date(2026, 11, 30),
        date(2026, 12, 23),
    ]
    assert _start_days(LEADING_IT, september, SCOTLAND) == [
        date(2026, 9, 7),
        date(2026, 10, 5),
        date(2026, 11, 2),
        date(2026, 12, 1),
        date(2026, 12, 23),
    ]


def test_backtracks_when_a_later_session_cannot_fit() -> None:
    """An exact 7-day gap into a blacked-out week pushes the first session past it."""
    pattern = (SessionPattern(1, "workshop", 60), SessionPattern(2, "workshop", 60, 7, 7, 7))
    rules = CalendarRules(blackouts=(Blackout(8, 10, 8, 14, "Closed week"),))
    assert _start_days(pattern, date(2026, 8, 3), rules) == [date(2026, 8, 17), date(2026, 8, 24)]


def test_backtracks_a_middle_session() -> None:
    """Session 2 leaves its target day so that session 3 can keep its exact gap."""
    pattern = (
        SessionPattern(1, "workshop", 60),
        SessionPattern(2, "action_learning_set", 60, 7, 6, 8),
        SessionPattern(3, "workshop", 60, 7, 7, 7),
    )
    # Session 2's target is Wednesday 12 August, which would put session 3 on the 19th.
    rules = CalendarRules(blackouts=(Blackout(8, 19, 8, 19, "Conference"),))
    assert _start_days(pattern, date(2026, 8, 5), rules) == [
        date(2026, 8, 5),
        date(2026, 8, 11),
        date(2026, 8, 18),
    ]


def test_no_first_day_explains_itself() -> None:
    """A blackout covering the whole year leaves no day for the first session."""
    rules = CalendarRules(blackouts=(Blackout(1, 1, 12, 31, "Closed"),))
    with pytest.raises(NoValidSchedule) as raised:
        schedule_sessions(UNDERSTANDING_IT, date(2026, 1, 1), rules)
    assert raised.value.reasons == [
        "Session 1 (workshop) has no day from Thursday 1 January 2026 to Friday 1 January 2027: "
        "104 weekend days, 9 bank holidays (Boxing Day (observed), Christmas Day, "
        "Easter Monday, Good Friday, Late Summer Bank Holiday, May Day, New Year's Day, "
        "Spring Bank Holiday), 253 blackout days."
    ]


def test_empty_gap_window_explains_itself() -> None:
    """When every later window is ruled out, the reasons name the session and the window."""
    rules = CalendarRules(blackouts=(Blackout(1, 15, 12, 31, "Closed"),))
    with pytest.raises(NoValidSchedule) as raised:
        schedule_sessions(PRACTISING_IT, date(2026, 1, 5), rules)
    reasons = raised.value.reasons
    assert reasons[0] == (
        "No first day from Monday 5 January 2026 to Tuesday 5 January 2027 lets all 2 sessions "
        "fit the course's gaps and the calendar."
    )
    assert reasons[1] == (
        "Session 2 (workshop) must be 21 to 35 days after session 1; with session 1 on "
        "Monday 5 January 2026 that is Monday 26 January 2026 to Monday 9 February 2026, "
        "and every day is ruled out: 4 weekend days, 11 blackout days."
    )
    assert reasons[-1].startswith("There were ")
    assert str(raised.value).startswith("No first day")


def test_session_longer_than_the_slot_cannot_be_scheduled() -> None:
    """A 4-hour session does not fit a 3½-hour slot."""
    pattern = (SessionPattern(1, "workshop", 240),)
    with pytest.raises(NoValidSchedule) as raised:
        schedule_sessions(pattern, date(2026, 3, 2), ENGLAND)
    assert raised.value.reasons == [
        "Session 1 lasts 240 minutes, but the morning slot is only 210 minutes long."
    ]


# --- check_session_move ---

PRACTISING_DATES = [date(2026, 3, 2), date(2026, 3, 30)]


def _codes(violations: list[calendar_rules.RuleViolation]) -> list[str]:
    return [violation.code for violation in violations]


def test_move_onto_target_is_clean() -> None:
    """Moving to the target gap at a slot start gives no errors and no warnings."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 2, datetime(2026, 3, 30, 13, 30), ENGLAND
    )
    assert check.allowed
    assert (check.errors, check.warnings) == ([], [])


def test_move_off_target_warns() -> None:
    """A gap inside the tolerance but off the target is a warning only."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 2, datetime(2026, 4, 1, 9, 30, tzinfo=LONDON), ENGLAND
    )
    assert check.allowed
    assert [w.message for w in check.warnings] == [
        "The gap after session 1 would be 30 days; the course aims for 28 days."
    ]


def test_move_onto_good_friday_is_an_error() -> None:
    """A bank holiday blocks the move."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 2, datetime(2026, 4, 3, 9, 30, tzinfo=LONDON), ENGLAND
    )
    assert _codes(check.errors) == ["bank_holiday"]
    assert check.errors[0].message == "Friday 3 April 2026 is a bank holiday (Good Friday)"


def test_move_onto_weekend_and_into_blackout() -> None:
    """Weekend and blackout days are errors too."""
    leading = [date(2026, 9, 7), date(2026, 10, 5), date(2026, 11, 2), date(2026, 11, 30)]
    leading.append(date(2026, 12, 23))
    saturday = datetime(2027, 1, 2, 9, 30, tzinfo=LONDON)
    christmas_eve = datetime(2026, 12, 24, 9, 30, tzinfo=LONDON)
    assert _codes(check_session_move(LEADING_IT, leading, 5, saturday, ENGLAND).errors) == [
        "weekend"
    ]
    assert _codes(check_session_move(LEADING_IT, leading, 5, christmas_eve, ENGLAND).errors) == [
        "blackout"
    ]


def test_move_with_too_long_gap_names_the_gap() -> None:
    """The message says which gap and what the course allows."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 2, datetime(2026, 4, 13, 9, 30, tzinfo=LONDON), ENGLAND
    )
    assert _codes(check.errors) == ["gap_too_long"]
    assert check.errors[0].message == (
        "The gap after session 1 would be 42 days; the course allows 21 to 35 days."
    )
    assert check.warnings == []


def test_moving_the_first_session_checks_the_gap_after_it() -> None:
    """Moving session 1 later shortens the gap to session 2."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 1, datetime(2026, 3, 16, 9, 30, tzinfo=LONDON), ENGLAND
    )
    assert _codes(check.errors) == ["gap_too_short"]
    assert check.errors[0].message == (
        "The gap after session 1 would be 14 days; the course allows 21 to 35 days."
    )


def test_move_past_the_next_session_breaks_the_order() -> None:
    """A middle session moved after its successor breaks the order, not a gap."""
    leading = [date(2026, 9, 7), date(2026, 10, 5), date(2026, 11, 2), date(2026, 11, 30)]
    leading.append(date(2026, 12, 23))
    check = check_session_move(
        LEADING_IT, leading, 3, datetime(2026, 12, 1, 9, 30, tzinfo=LONDON), ENGLAND
    )
    assert _codes(check.errors) == ["gap_too_long", "order_broken"]
    assert check.errors[1].message == (
        "Session 4 would be on Monday 30 November 2026, which is not after "
        "session 3 on Tuesday 1 December 2026."
    )


def test_move_to_a_time_outside_the_slots() -> None:
    """Only the slot start times are allowed."""
    check = check_session_move(
        PRACTISING_IT, PRACTISING_DATES, 2, datetime(2026, 3, 31, 11, 0, tzinfo=LONDON), ENGLAND
    )
    assert _codes(check.errors) == ["outside_slot"]
    assert check.errors[0].message == (
        "A session cannot start at 11:00; it must start at 09:30 (morning) or 13:30 (afternoon)."
    )


def test_move_reads_aware_times_in_london() -> None:
    """08:30 UTC on 30 March 2026 is 09:30 BST; 09:30 UTC is 10:30 BST."""
    good = datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    bad = datetime(2026, 3, 30, 9, 30, tzinfo=UTC)
    assert check_session_move(PRACTISING_IT, PRACTISING_DATES, 2, good, ENGLAND).allowed
    assert _codes(check_session_move(PRACTISING_IT, PRACTISING_DATES, 2, bad, ENGLAND).errors) == [
        "outside_slot"
    ]


def test_move_refuses_mismatched_input() -> None:
    """Unknown sessions and the wrong number of dates are programming errors."""
    when = datetime(2026, 3, 30, 9, 30, tzinfo=LONDON)
    with pytest.raises(ValueError, match="no session 3"):
        check_session_move(PRACTISING_IT, PRACTISING_DATES, 3, when, ENGLAND)
    with pytest.raises(ValueError, match="Expected 2 current dates"):
        check_session_move(PRACTISING_IT, PRACTISING_DATES[:1], 2, when, ENGLAND)
