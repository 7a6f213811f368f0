"""Property tests for the session-scheduling engine, across 2026 to 2032 and every region."""

from collections.abc import Callable
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missionled.scheduling.calendar import (
    FIRST_SESSION_SEARCH_DAYS,
    LONDON,
    Blackout,
    CalendarRules,
    NoValidSchedule,
    SessionPattern,
    Slot,
    check_session_move,
    non_working_reason,
    schedule_sessions,
)
from missionled.scheduling.rules import Region
from missionled.scheduling.tests.test_calendar import COURSE_PATTERNS

REGIONS: tuple[Region, ...] = ("england-and-wales", "scotland", "northern-ireland")
SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
FAST = settings(max_examples=200, deadline=None)

days_2026_to_2032 = st.dates(min_value=date(2026, 1, 1), max_value=date(2032, 12, 31))
patterns = st.sampled_from(list(COURSE_PATTERNS.values()))
regions = st.sampled_from(REGIONS)
slots = st.sampled_from(["morning", "afternoon"])


@FAST
@given(earliest=days_2026_to_2032, pattern=patterns, region=regions, slot=slots)
def test_every_schedule_keeps_every_rule(
    earliest: date, pattern: tuple[SessionPattern, ...], region: Region, slot: Slot
) -> None:
    """No session on a non-working day, gaps within tolerance, in order, in the slot."""
    rules = CalendarRules(region=region)
    sessions = schedule_sessions(pattern, earliest, rules, slot)
    start, end = rules.slot_times.bounds(slot)
    days = [session.starts_at.date() for session in sessions]
    assert [session.order for session in sessions] == [step.order for step in pattern]
    assert days[0] >= earliest
    for session in sessions:
        assert session.starts_at.tzinfo is LONDON
        assert (session.starts_at.time(), session.ends_at.time()) == (start, end)
        assert non_working_reason(session.starts_at.date(), rules) is None
    for step, before, after in zip(pattern[1:], days[:-1], days[1:], strict=True):
        gap = step.gap
        assert gap is not None
        assert gap.min_days <= (after - before).days <= gap.max_days
    for session in sessions:
        check = check_session_move(pattern, days, session.order, session.starts_at, rules)
        assert check.errors == []


@FAST
@given(earliest=days_2026_to_2032, pattern=patterns, region=regions)
def test_default_rules_never_need_backtracking(
    earliest: date, pattern: tuple[SessionPattern, ...], region: Region
) -> None:
    """With the default rules, session 1 is on the first working day and each gap is nearest
    its target: no 21-35 day window is ever wholly ruled out."""
    rules = CalendarRules(region=region)
    days = [s.starts_at.date() for s in schedule_sessions(pattern, earliest, rules)]
    first = earliest
    while non_working_reason(first, rules) is not None:
        first += timedelta(days=1)
    assert days[0] == first
    for step, before, after in zip(pattern[1:], days[:-1], days[1:], strict=True):
        assert after == _nearest_free(before, step, rules)


@FAST
@given(day=days_2026_to_2032, region=regions)
def test_non_working_days_match_the_holidays_library(day: date, region: Region) -> None:
    """A day is non-working exactly when it is a weekend, bank holiday or default blackout."""
    bank_holidays = holidays.country_holidays("GB", subdiv=SUBDIVISIONS[region], years=day.year)
    in_blackout = (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
    expected_working = day.weekday() < 5 and day not in bank_holidays and not in_blackout
    assert (non_working_reason(day, CalendarRules(region=region)) is None) is expected_working


@st.composite
def blackouts(draw: st.DrawFn) -> Blackout:
    """Any blackout of 1 to 300 days, wrapping the year end or not."""
    start = draw(st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 299)))
    return Blackout(start.month, start.day, end.month, end.day, "Drawn")


@st.composite
def rhythms(draw: st.DrawFn) -> tuple[SessionPattern, ...]:
    """A course of 1 to 4 sessions with narrow or wide gap tolerances."""
    steps = [SessionPattern(1, "workshop", 60)]
    for order in range(2, draw(st.integers(1, 4)) + 1):
        low = draw(st.integers(1, 30))
        target = low + draw(st.integers(0, 7))
        high = target + draw(st.integers(0, 7))
        steps.append(SessionPattern(order, "session", 60, target, low, high))
    return tuple(steps)


@FAST
@given(
    earliest=days_2026_to_2032,
    pattern=rhythms(),
    drawn=st.lists(blackouts(), max_size=3),
    region=regions,
)
def test_schedule_matches_an_exhaustive_oracle(
    earliest: date, pattern: tuple[SessionPattern, ...], drawn: list[Blackout], region: Region
) -> None:
    """The engine finds a schedule exactly when one exists, and picks the one the rules prefer:
    the earliest feasible first day, then each feasible day nearest its target."""
    rules = CalendarRules(region=region, blackouts=tuple(drawn))
    expected = _oracle(pattern, earliest, rules)
    if expected is None:
        with pytest.raises(NoValidSchedule) as raised:
            schedule_sessions(pattern, earliest, rules)
        assert raised.value.reasons
    else:
        found = schedule_sessions(pattern, earliest, rules)
        assert [session.starts_at.date() for session in found] == expected


def _nearest_free(before: date, step: SessionPattern, rules: CalendarRules) -> date:
    return _nearest(before, step, lambda day: non_working_reason(day, rules) is None)


def _nearest(before: date, step: SessionPattern, allowed: Callable[[date], bool]) -> date:
    """The allowed day in the step's window nearest its target, earlier on a tie."""
    gap = step.gap
    assert gap is not None
    window = [before + timedelta(days=n) for n in range(gap.min_days, gap.max_days + 1)]
    free = [day for day in window if allowed(day)]
    target = before + timedelta(days=gap.target_days)
    return min(free, key=lambda day: (abs((day - target).days), day))


def _oracle(
    pattern: tuple[SessionPattern, ...], earliest: date, rules: CalendarRules
) -> list[date] | None:
    """Work backwards: the days each session could be on with every later session still
    fitting; then walk forwards taking the preferred day from each feasible set."""
    span = FIRST_SESSION_SEARCH_DAYS + sum(step.gap_max_days or 0 for step in pattern)
    free = {
        day
        for day in (earliest + timedelta(days=n) for n in range(span))
        if non_working_reason(day, rules) is None
    }
    feasible = [free]
    for step in reversed(pattern[1:]):
        later = feasible[0]
        gap = step.gap
        assert gap is not None
        gaps = range(gap.min_days, gap.max_days + 1)
        feasible.insert(0, {d for d in free if any(d + timedelta(days=g) in later for g in gaps)})
    horizon_end = earliest + timedelta(days=FIRST_SESSION_SEARCH_DAYS - 1)
    firsts = [day for day in feasible[0] if day <= horizon_end]
    if not firsts:
        return None
    chosen = [min(firsts)]
    for step, options in zip(pattern[1:], feasible[1:], strict=True):
        chosen.append(_nearest(chosen[-1], step, options.__contains__))
    return chosen
