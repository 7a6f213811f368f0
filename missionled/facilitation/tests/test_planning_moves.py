"""The windows the planner may move a session to, checked against the calendar itself."""

from datetime import date, datetime, time, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from missionled.facilitation.services.planning_moves import MAX_ALTERNATIVES, move_windows
from missionled.scheduling.calendar import (
    LONDON,
    Blackout,
    CalendarRules,
    SessionPattern,
    schedule_sessions,
)
from missionled.scheduling.rules import Region
from missionled.scheduling.tests.test_calendar import COURSE_PATTERNS

SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
# A blackout every year around the date drawn, so some moves meet one.
SPRING_BREAK = Blackout(4, 1, 4, 10, "Spring break")


def _scheduled(
    pattern: tuple[SessionPattern, ...], earliest: date, rules: CalendarRules
) -> list[datetime]:
    return [s.starts_at for s in schedule_sessions(pattern, earliest, rules)]


@settings(max_examples=60, deadline=None)
@given(
    earliest=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    pattern=st.sampled_from([COURSE_PATTERNS["practising_it"], COURSE_PATTERNS["leading_it"]]),
    region=st.sampled_from(list(SUBDIVISIONS)),
    which=st.integers(min_value=0, max_value=4),
)
def test_a_move_never_lands_on_a_weekend_bank_holiday_or_blackout(
    earliest: date, pattern: tuple[SessionPattern, ...], region: Region, which: int
) -> None:
    rules = CalendarRules(region=region, blackouts=(*CalendarRules().blackouts, SPRING_BREAK))
    starts = _scheduled(pattern, earliest, rules)
    index = which % len(pattern)
    dates = [s.date() for s in starts]
    window = (starts[index], starts[index] + timedelta(minutes=210))
    found = move_windows(
        pattern,
        dates,
        index,
        window,
        rules,
        after=starts[0] - timedelta(days=60),
        last_day=dates[-1] + timedelta(days=60),
    )
    bank = holidays.country_holidays("GB", subdiv=SUBDIVISIONS[region], years=range(2025, 2033))
    assert len(found) <= MAX_ALTERNATIVES
    for start, end in found:
        day = start.astimezone(LONDON).date()
        assert day.weekday() < 5
        assert day not in bank
        assert not any(b.contains(day) for b in rules.blackouts)
        assert start.astimezone(LONDON).time() in (time(9, 30), time(13, 30))
        assert end - start == timedelta(minutes=210)
        moved = [*dates[:index], day, *dates[index + 1 :]]
        for before, after, later in zip(moved, moved[1:], pattern[1:], strict=False):
            gap = later.gap
            assert gap is not None
            assert gap.min_days <= (after - before).days <= gap.max_days


def test_a_one_session_course_only_moves_within_its_day() -> None:
    pattern = COURSE_PATTERNS["understanding_it"]
    start = datetime(2027, 3, 1, 9, 30, tzinfo=LONDON)
    found = move_windows(
        pattern,
        [start.date()],
        0,
        (start, start + timedelta(minutes=210)),
        CalendarRules(),
        after=start - timedelta(days=1),
        last_day=start.date() + timedelta(days=30),
    )
    assert found == ((start + timedelta(hours=4), start + timedelta(hours=4, minutes=210)),)


def test_the_nearest_days_come_first_and_none_starts_before_the_cut_off() -> None:
    pattern = COURSE_PATTERNS["practising_it"]
    first = datetime(2027, 3, 3, 9, 30, tzinfo=LONDON)  # a Wednesday
    dates = [first.date(), first.date() + timedelta(days=28)]
    found = move_windows(
        pattern,
        dates,
        0,
        (first, first + timedelta(minutes=210)),
        CalendarRules(),
        after=first,
        last_day=dates[1],
    )
    days = [start.date() - first.date() for start, _ in found]
    assert [d.days for d in days] == [0, 1, 1, 2, 2, 5]
    assert all(start > first for start, _ in found)
