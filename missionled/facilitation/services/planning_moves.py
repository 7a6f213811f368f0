"""Where the planner may move a session: the windows it offers the engine as alternatives.

A move obeys exactly the rules of a manual move (`check_session_move` with the department's
`calendar_rules_for`): a working day that is no bank holiday or blackout, a slot start, and the
course's gaps to the sessions before and after it, both kept where they are. That is why the
engine moves at most one session of a cohort to another day.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from missionled.scheduling.calendar import (
    CalendarRules,
    SessionPattern,
    check_session_move,
)
from missionled.scheduling.planning_types import Window

# The nearest windows are the least disruptive, and each one adds a Boolean per candidate
# facilitator to the model, so a session offers at most this many.
MAX_ALTERNATIVES = 6


def move_days(pattern: Sequence[SessionPattern], dates: Sequence[date], index: int) -> list[date]:
    """The days session `index` may move to without leaving the gap tolerance to either
    neighbour, nearest its own day first (earlier on a tie); only its own day if the course has
    no other session to keep a rhythm with."""
    day = dates[index]
    ranges = []
    if index > 0 and (gap := pattern[index].gap) is not None:
        before = dates[index - 1]
        ranges.append((before + timedelta(gap.min_days), before + timedelta(gap.max_days)))
    if index + 1 < len(pattern) and (gap := pattern[index + 1].gap) is not None:
        after = dates[index + 1]
        ranges.append((after - timedelta(gap.max_days), after - timedelta(gap.min_days)))
    if not ranges:
        return [day]
    low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
    days = [low + timedelta(n) for n in range((high - low).days + 1)]
    return sorted(days, key=lambda d: (abs((d - day).days), d))


def move_windows(
    pattern: Sequence[SessionPattern],
    dates: Sequence[date],
    index: int,
    window: Window,
    rules: CalendarRules,
    *,
    after: datetime,
    last_day: date,
    same_day: bool = False,
) -> tuple[Window, ...]:
    """Up to :data:`MAX_ALTERNATIVES` windows for session `index` (whose window is `window`,
    in London time) that a manual move would allow, starting after `after` and on or before
    `last_day`, nearest first; with `same_day`, only the other half of its own day.

    :raises ValueError: if `dates` does not match `pattern`.
    """
    start, end = window
    length = end - start
    days = [start.date()] if same_day else move_days(pattern, dates, index)
    slots = rules.slot_times
    halves = (
        (slots.morning_start, slots.morning_end),
        (slots.afternoon_start, slots.afternoon_end),
    )
    found: list[Window] = []
    for day in (d for d in days if d <= last_day):
        for begins, ends in halves:
            moved = datetime.combine(day, begins, start.tzinfo)
            fits = moved + length <= datetime.combine(day, ends, start.tzinfo)
            if moved != start and moved > after and fits:
                order = pattern[index].order
                if check_session_move(pattern, list(dates), order, moved, rules).allowed:
                    found.append((moved, moved + length))
            if len(found) == MAX_ALTERNATIVES:
                return tuple(found)
    return tuple(found)
