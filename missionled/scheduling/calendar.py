"""The session-scheduling engine: place a cohort's sessions on the calendar.

Pure Python, no Django. Callers pass frozen dataclasses and get frozen dataclasses back; the
rules themselves live in `missionled.scheduling.rules`, and the algorithm is written up in
`docs/algorithms/scheduling.md`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from missionled.scheduling.rules import (
    DEFAULT_BLACKOUTS,
    Blackout,
    CalendarRules,
    GapTolerance,
    Region,
    RuleViolation,
    Slot,
    SlotTimes,
    after_previous_session,
    bank_holiday_name,
    day_violations,
    fits_in_slot,
    gap_not_too_long,
    gap_not_too_short,
    gap_on_target,
    long_date,
    starts_at_slot_start,
)

__all__ = [
    "DEFAULT_BLACKOUTS",
    "FIRST_SESSION_SEARCH_DAYS",
    "LONDON",
    "Blackout",
    "CalendarRules",
    "MoveCheck",
    "NoValidSchedule",
    "Region",
    "RuleViolation",
    "ScheduledSession",
    "SessionPattern",
    "Slot",
    "SlotTimes",
    "check_session_move",
    "non_working_reason",
    "schedule_sessions",
]

LONDON = ZoneInfo("Europe/London")
# How far past the earliest start the first session may slip when later sessions cannot fit.
FIRST_SESSION_SEARCH_DAYS = 366
# Enough dead ends to show the pattern of the problem without burying the reader.
_MAX_DEAD_ENDS_REPORTED = 3


@dataclass(frozen=True)
class SessionPattern:
    """One session of a course's rhythm.

    The first session has no gap; each later one has a target gap in days from the session
    before it, and a minimum and maximum it may not leave.

    :raises ValueError: if the gap fields are only partly set or out of order, or the order or
        duration is not positive.
    """

    order: int
    kind: str
    duration_minutes: int
    gap_target_days: int | None = None
    gap_min_days: int | None = None
    gap_max_days: int | None = None

    def __post_init__(self) -> None:
        if self.order < 1 or self.duration_minutes < 1:
            raise ValueError("A session's order and duration must be positive.")
        # Reading the property validates the gap fields.
        _ = self.gap

    @property
    def gap(self) -> GapTolerance | None:
        """The gap from the previous session, or None for a course's first session."""
        fields = (self.gap_target_days, self.gap_min_days, self.gap_max_days)
        if fields == (None, None, None):
            return None
        target, low, high = fields
        if target is None or low is None or high is None:
            raise ValueError(f"Session {self.order} sets only some of its gap fields.")
        return GapTolerance(target_days=target, min_days=low, max_days=high)


@dataclass(frozen=True)
class ScheduledSession:
    """A session placed on the calendar; both datetimes are aware, in Europe/London."""

    order: int
    kind: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class MoveCheck:
    """The outcome of checking a proposed move: errors block it, warnings only advise."""

    errors: list[RuleViolation]
    warnings: list[RuleViolation]

    @property
    def allowed(self) -> bool:
        """Whether the move breaks no hard rule."""
        return not self.errors


class NoValidSchedule(Exception):
    """No schedule satisfies the course's rhythm and the calendar rules.

    `reasons` holds plain-English sentences: first the overall problem, then the windows in
    which every day was ruled out.
    """

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def non_working_reason(day: date, rules: CalendarRules) -> str | None:
    """Why no session can be held on `day`, in words, or None if it is a working day.

    When several rules apply the weekend wins, then the bank holiday, then the blackout.
    """
    broken = day_violations(day, rules)
    return broken[0].message if broken else None


def schedule_sessions(
    pattern: Sequence[SessionPattern],
    earliest_start: date,
    rules: CalendarRules,
    slot: Slot = "morning",
) -> list[ScheduledSession]:
    """Place every session of `pattern` in `slot`, starting on or after `earliest_start`.

    The first session goes on the earliest day that lets the whole course fit; each later one
    on its target gap, else the allowed day nearest the target (earlier on a tie). When a later
    session cannot fit, earlier ones move to their next-best day.

    :raises ValueError: if `pattern` is empty, repeats an order, gives the first session a
        gap or a later one none.
    :raises NoValidSchedule: if no first day within `FIRST_SESSION_SEARCH_DAYS` of
        `earliest_start` lets every session fit, or a session is longer than the slot.
    """
    sessions = _validated_pattern(pattern)
    too_long = [
        broken.message
        for session in sessions
        if (broken := fits_in_slot(session.order, session.duration_minutes, slot, rules))
    ]
    if too_long:
        raise NoValidSchedule(too_long)
    days = _Search(sessions, rules).run(earliest_start)
    return [_placed(session, day, rules, slot) for session, day in zip(sessions, days, strict=True)]


def check_session_move(
    pattern: Sequence[SessionPattern],
    current_dates: list[date],
    order_to_move: int,
    new_start: datetime,
    rules: CalendarRules,
) -> MoveCheck:
    """Check moving session `order_to_move` to `new_start`, keeping every other session put.

    `current_dates` gives each session's date in pattern order. A naive `new_start` is read as
    London wall-clock time; an aware one is converted to London time first.

    :raises ValueError: if the pattern is malformed, `current_dates` does not match it in
        length, or no session has `order_to_move`.
    """
    sessions = _validated_pattern(pattern)
    if len(current_dates) != len(sessions):
        raise ValueError(f"Expected {len(sessions)} current dates, got {len(current_dates)}.")
    index = _index_of(sessions, order_to_move)
    local = _in_london(new_start)
    errors = day_violations(local.date(), rules)
    errors += [broken for broken in [starts_at_slot_start(local, rules)] if broken]
    warnings: list[RuleViolation] = []
    dates = [*current_dates[:index], local.date(), *current_dates[index + 1 :]]
    for after in (index, index + 1):
        if 1 <= after < len(sessions):
            _check_gap(sessions, dates, after, errors, warnings)
    return MoveCheck(errors=errors, warnings=warnings)


def _check_gap(
    sessions: Sequence[SessionPattern],
    dates: list[date],
    after: int,
    errors: list[RuleViolation],
    warnings: list[RuleViolation],
) -> None:
    """Check the gap between sessions[after - 1] and sessions[after], adding what breaks."""
    earlier, later = sessions[after - 1], sessions[after]
    out_of_order = after_previous_session(
        later.order, dates[after], earlier.order, dates[after - 1]
    )
    if out_of_order:
        # A negative gap would only repeat the same problem in vaguer words.
        errors.append(out_of_order)
        return
    gap = later.gap
    assert gap is not None  # _validated_pattern guarantees every later session has one.
    gap_days = (dates[after] - dates[after - 1]).days
    hard = [rule(earlier.order, gap_days, gap) for rule in (gap_not_too_short, gap_not_too_long)]
    errors.extend(broken for broken in hard if broken)
    soft = gap_on_target(earlier.order, gap_days, gap)
    if soft and not any(hard):
        warnings.append(soft)


def _validated_pattern(pattern: Sequence[SessionPattern]) -> tuple[SessionPattern, ...]:
    """The pattern sorted by order, after checking it describes one course's rhythm."""
    sessions = tuple(sorted(pattern, key=lambda session: session.order))
    if not sessions:
        raise ValueError("A course needs at least one session.")
    if len({session.order for session in sessions}) != len(sessions):
        raise ValueError("Two sessions share an order.")
    if sessions[0].gap is not None:
        raise ValueError(f"Session {sessions[0].order} is first, so it cannot have a gap.")
    missing = [session.order for session in sessions[1:] if session.gap is None]
    if missing:
        raise ValueError(f"Sessions {missing} follow another session, so they need a gap.")
    return sessions


def _index_of(sessions: Sequence[SessionPattern], order: int) -> int:
    for index, session in enumerate(sessions):
        if session.order == order:
            return index
    raise ValueError(f"The course has no session {order}.")


def _in_london(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def _placed(
    session: SessionPattern, day: date, rules: CalendarRules, slot: Slot
) -> ScheduledSession:
    start, end = rules.slot_times.bounds(slot)
    # Building each end from wall-clock time keeps DST right: 09:30 is 09:30 in GMT and BST.
    return ScheduledSession(
        order=session.order,
        kind=session.kind,
        starts_at=datetime.combine(day, start, tzinfo=LONDON),
        ends_at=datetime.combine(day, end, tzinfo=LONDON),
    )


_DAY_KINDS = {
    "weekend": ("weekend day", "weekend days"),
    "bank_holiday": ("bank holiday", "bank holidays"),
    "blackout": ("blackout day", "blackout days"),
}


def _holiday(day: date, rules: CalendarRules) -> str:
    return bank_holiday_name(day, rules.region) or ""


class _Search:
    """Depth-first search over days, nearest-to-target first, remembering dead ends.

    Whether sessions k.. can follow session k-1 on day d depends only on (k, d), so each
    failed pair is remembered and never explored twice; the search is linear in the number of
    sessions times the days in the horizon, times the width of a gap window.
    """

    def __init__(self, sessions: tuple[SessionPattern, ...], rules: CalendarRules) -> None:
        self._sessions = sessions
        self._rules = rules
        self._failed: set[tuple[int, date]] = set()
        self._dead_ends: dict[str, None] = {}  # An ordered set of reasons.
        self._rejections: dict[date, list[RuleViolation]] = {}

    def run(self, earliest_start: date) -> list[date]:
        """The chosen day of every session, in order.

        :raises NoValidSchedule: if no first day in the horizon works.
        """
        last = earliest_start + timedelta(days=FIRST_SESSION_SEARCH_DAYS - 1)
        candidates = [earliest_start + timedelta(days=n) for n in range(FIRST_SESSION_SEARCH_DAYS)]
        workable = [day for day in candidates if self._is_free(day)]
        for first in workable:
            rest = self._place_from(1, first)
            if rest is not None:
                return [first, *rest]
        opening = self._sessions[0]
        span = f"from {long_date(earliest_start)} to {long_date(last)}"
        if not workable:
            summary = self._summarise(candidates)
            raise NoValidSchedule(
                [f"Session {opening.order} ({opening.kind}) has no day {span}: {summary}."]
            )
        headline = (
            f"No first day {span} lets all {len(self._sessions)} sessions fit "
            "the course's gaps and the calendar."
        )
        raise NoValidSchedule([headline, *self._reported_dead_ends()])

    def _place_from(self, index: int, previous: date) -> list[date] | None:
        """Days for sessions[index:] after `previous`, or None if they cannot all fit."""
        if index == len(self._sessions):
            return []
        window = self._window(index, previous)
        workable = [day for day in window if self._is_free(day)]
        if not workable:
            self._dead_ends[self._dead_end_reason(index, previous, window)] = None
        for day in workable:
            if (index, day) in self._failed:
                continue
            rest = self._place_from(index + 1, day)
            if rest is not None:
                return [day, *rest]
            self._failed.add((index, day))
        return None

    def _window(self, index: int, previous: date) -> list[date]:
        """The allowed days for sessions[index], nearest the target first, earlier on ties."""
        gap = self._sessions[index].gap
        assert gap is not None  # _validated_pattern guarantees every later session has one.
        offsets = range(gap.min_days, gap.max_days + 1)
        ranked = sorted(offsets, key=lambda days: (abs(days - gap.target_days), days))
        return [previous + timedelta(days=days) for days in ranked]

    def _is_free(self, day: date) -> bool:
        if day not in self._rejections:
            self._rejections[day] = day_violations(day, self._rules)
        return not self._rejections[day]

    def _dead_end_reason(self, index: int, previous: date, window: list[date]) -> str:
        session, before = self._sessions[index], self._sessions[index - 1]
        gap = session.gap
        assert gap is not None  # As in _window.
        return (
            f"Session {session.order} ({session.kind}) must be {gap.min_days} to "
            f"{gap.max_days} days after session {before.order}; with session {before.order} "
            f"on {long_date(previous)} that is {long_date(min(window))} to "
            f"{long_date(max(window))}, and every day is ruled out: {self._summarise(window)}."
        )

    def _summarise(self, days: list[date]) -> str:
        """Count days by the first rule each breaks: "8 weekend days, 1 bank holiday (...)"."""
        firsts = {day: self._rejections[day][0].code for day in days if self._rejections[day]}
        counts = Counter(firsts.values())
        holidays = sorted(
            {_holiday(day, self._rules) for day, code in firsts.items() if code == "bank_holiday"}
        )
        parts = []
        for code, (singular, plural) in _DAY_KINDS.items():
            count = counts[code]
            if not count:
                continue
            part = f"{count} {singular if count == 1 else plural}"
            if code == "bank_holiday":
                part += f" ({', '.join(holidays)})"
            parts.append(part)
        return ", ".join(parts)

    def _reported_dead_ends(self) -> list[str]:
        reasons = list(self._dead_ends)
        shown = reasons[:_MAX_DEAD_ENDS_REPORTED]
        hidden = len(reasons) - len(shown)
        if hidden:
            shown.append(f"There were {hidden} more windows like these.")
        return shown
