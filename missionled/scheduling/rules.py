"""Calendar rules for scheduling a cohort's sessions.

Each rule is a small function whose docstring's first line *is* the rule, in the words that
users see. A rule returns a `RuleViolation` naming the rule and explaining this one breach, or
`None` when it holds. `docs/algorithms/scheduling.md` quotes the same sentences; a test keeps
the two in step.

Nothing here imports Django: callers pass plain frozen dataclasses.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Literal, get_args

from holidays import country_holidays

Region = Literal["england-and-wales", "scotland", "northern-ireland"]
Slot = Literal["morning", "afternoon"]

# Wales shares England's bank holidays, so one region covers both.
_SUBDIVISIONS: Mapping[str, str] = MappingProxyType(
    {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A leap year, so 29 February is a valid blackout boundary.
_LEAP_YEAR = 2000


def long_date(day: date) -> str:
    """Format a date the GOV.UK way, "Friday 3 April 2026", whatever the process locale."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def clock_time(moment: time) -> str:
    """Format a time as a 24-hour clock reading, "09:30"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


@dataclass(frozen=True)
class Blackout:
    """A period, recurring every year, in which no session is held.

    The range is inclusive and may wrap the year end (24 December to 1 January).

    :raises ValueError: if either end is not a real month and day.
    """

    start_month: int
    start_day: int
    end_month: int
    end_day: int
    name: str = ""

    def __post_init__(self) -> None:
        # date() rejects 31 April and month 13 with its own clear message.
        date(_LEAP_YEAR, self.start_month, self.start_day)
        date(_LEAP_YEAR, self.end_month, self.end_day)

    def contains(self, day: date) -> bool:
        """Whether `day` falls inside this blackout, in any year."""
        key = (day.month, day.day)
        start = (self.start_month, self.start_day)
        end = (self.end_month, self.end_day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end

    @property
    def label(self) -> str:
        """The range in words, "24 December to 1 January", then the name if there is one."""
        start = f"{self.start_day} {_MONTH_NAMES[self.start_month - 1]}"
        end = f"{self.end_day} {_MONTH_NAMES[self.end_month - 1]}"
        words = start if start == end else f"{start} to {end}"
        return f"{words} ({self.name})" if self.name else words


DEFAULT_BLACKOUTS: tuple[Blackout, ...] = (Blackout(12, 24, 1, 1, "Christmas and New Year"),)


@dataclass(frozen=True)
class SlotTimes:
    """The two half-day slots a session may occupy, in London wall-clock time.

    :raises ValueError: if a slot ends before it starts or the slots overlap.
    """

    morning_start: time = time(9, 30)
    morning_end: time = time(13, 0)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)

    def __post_init__(self) -> None:
        if not self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end:
            raise ValueError("Slots must run morning then afternoon, each ending after it starts.")

    def bounds(self, slot: Slot) -> tuple[time, time]:
        """The start and end of `slot`.

        :raises ValueError: if `slot` is not "morning" or "afternoon".
        """
        if slot == "morning":
            return self.morning_start, self.morning_end
        if slot == "afternoon":
            return self.afternoon_start, self.afternoon_end
        raise ValueError(f"Unknown slot {slot!r}; use 'morning' or 'afternoon'.")

    def length_minutes(self, slot: Slot) -> int:
        """How long `slot` lasts, in minutes."""
        start, end = self.bounds(slot)
        return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


_CLOCK_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY = r"(\d{1,2})-(\d{1,2})"
_BLACKOUT = re.compile(rf"^{_MONTH_DAY}(?:\s*:\s*{_MONTH_DAY})?(?:\s+([^\d\s].*))?$")
SLOT_FORMAT = "Write it as HH:MM-HH:MM in 24-hour London time, for example 09:30-13:00."
BLACKOUT_FORMAT = (
    "Write each period as MM-DD:MM-DD (or MM-DD for one day), optionally followed by a name, "
    "with commas between periods, for example 12-24:01-01 Christmas and New Year."
)


def slot_bounds_parse(text: str) -> tuple[time, time]:
    """The start and end of a slot written "09:30-13:00".

    :raises ValueError: saying what is wrong and how to write it.
    """
    found = _CLOCK_RANGE.match(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a time range. {SLOT_FORMAT}")
    hours_start, minutes_start, hours_end, minutes_end = (int(part) for part in found.groups())
    try:
        start, end = time(hours_start, minutes_start), time(hours_end, minutes_end)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real time of day. {SLOT_FORMAT}") from exc
    if end <= start:
        raise ValueError(f"{text!r} ends before it starts. {SLOT_FORMAT}")
    return start, end


def blackouts_parse(text: str) -> tuple[Blackout, ...]:
    """Yearly blackout periods written "12-24:01-01 Christmas and New Year, 08-01 Away day".

    Each period is inclusive and may wrap the year end; an empty text means none.

    :raises ValueError: naming the period that is malformed and how to write it.
    """
    return tuple(_blackout_parse(part.strip()) for part in text.split(",") if part.strip())


def _blackout_parse(text: str) -> Blackout:
    found = _BLACKOUT.match(text)
    if found is None:
        raise ValueError(f"{text!r} is not a blackout period. {BLACKOUT_FORMAT}")
    start_month, start_day, end_month, end_day, name = found.groups()
    end_month, end_day = (end_month, end_day) if end_month else (start_month, start_day)
    try:
        return Blackout(
            int(start_month), int(start_day), int(end_month), int(end_day), (name or "").strip()
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real month and day. {BLACKOUT_FORMAT}") from exc


@dataclass(frozen=True)
class CalendarRules:
    """Where and when sessions may be held.

    :raises ValueError: if `region` is not one of `Region`.
    """

    region: Region = "england-and-wales"
    blackouts: tuple[Blackout, ...] = DEFAULT_BLACKOUTS
    slot_times: SlotTimes = field(default_factory=SlotTimes)

    def __post_init__(self) -> None:
        # Regions often arrive from a database row, so check them at runtime too.
        if self.region not in get_args(Region):
            raise ValueError(f"Unknown region {self.region!r}; use one of {get_args(Region)}.")


@dataclass(frozen=True)
class GapTolerance:
    """How many days a session should follow the one before it: a target within a range."""

    target_days: int
    min_days: int
    max_days: int

    def __post_init__(self) -> None:
        if not 1 <= self.min_days <= self.target_days <= self.max_days:
            raise ValueError("A gap needs 1 <= min_days <= target_days <= max_days.")


@dataclass(frozen=True)
class RuleViolation:
    """One broken rule: a machine `code`, a `message` about this case, and the `rule` itself."""

    code: str
    message: str
    rule: str


def rule_text(rule: Callable[..., object]) -> str:
    """The rule in words: the first line of the rule function's docstring."""
    return (inspect.getdoc(rule) or "").splitlines()[0]


def _broken(rule: Callable[..., object], code: str, message: str) -> RuleViolation:
    return RuleViolation(code=code, message=message, rule=rule_text(rule))


@functools.cache
def _bank_holidays(region: str, year: int) -> Mapping[date, str]:
    # Building a holidays calendar is slow next to a lookup, and schedules probe the same
    # year hundreds of times, so keep one read-only map per region and year.
    found = country_holidays("GB", subdiv=_SUBDIVISIONS[region], years=year)
    return MappingProxyType(dict(found.items()))


def bank_holiday_name(day: date, region: Region) -> str | None:
    """The bank holiday's name on `day` in `region`, or None if it is not a bank holiday."""
    return _bank_holidays(region, day.year).get(day)


# --- Day rules: each takes the day and the calendar rules. ---


def not_on_weekend(day: date, rules: CalendarRules) -> RuleViolation | None:
    """A session is never on a Saturday or Sunday."""
    if day.weekday() < 5:
        return None
    return _broken(not_on_weekend, "weekend", f"{long_date(day)} is a weekend")


def not_on_bank_holiday(day: date, rules: CalendarRules) -> RuleViolation | None:
    """A session is never on a bank holiday in the cohort's region."""
    name = bank_holiday_name(day, rules.region)
    if name is None:
        return None
    message = f"{long_date(day)} is a bank holiday ({name})"
    return _broken(not_on_bank_holiday, "bank_holiday", message)


def not_in_blackout(day: date, rules: CalendarRules) -> RuleViolation | None:
    """A session is never inside a blackout period."""
    for blackout in rules.blackouts:
        if blackout.contains(day):
            message = f"{long_date(day)} is inside the blackout {blackout.label}"
            return _broken(not_in_blackout, "blackout", message)
    return None


DAY_RULES: tuple[Callable[[date, CalendarRules], RuleViolation | None], ...] = (
    not_on_weekend,
    not_on_bank_holiday,
    not_in_blackout,
)


def day_violations(day: date, rules: CalendarRules) -> list[RuleViolation]:
    """Every day rule that `day` breaks, weekend first, then bank holiday, then blackout."""
    return [broken for rule in DAY_RULES if (broken := rule(day, rules)) is not None]


# --- Session rules. ---


def starts_at_slot_start(local_start: datetime, rules: CalendarRules) -> RuleViolation | None:
    """A session starts when the morning or afternoon slot starts, in London time."""
    slots = rules.slot_times
    if local_start.time() in (slots.morning_start, slots.afternoon_start):
        return None
    message = (
        f"A session cannot start at {clock_time(local_start.time())}; it must start at "
        f"{clock_time(slots.morning_start)} (morning) or "
        f"{clock_time(slots.afternoon_start)} (afternoon)."
    )
    return _broken(starts_at_slot_start, "outside_slot", message)


def fits_in_slot(
    order: int, duration_minutes: int, slot: Slot, rules: CalendarRules
) -> RuleViolation | None:
    """A session fits inside one half-day slot."""
    length = rules.slot_times.length_minutes(slot)
    if duration_minutes <= length:
        return None
    message = (
        f"Session {order} lasts {duration_minutes} minutes, "
        f"but the {slot} slot is only {length} minutes long."
    )
    return _broken(fits_in_slot, "longer_than_slot", message)


def after_previous_session(
    order: int, day: date, previous_order: int, previous_day: date
) -> RuleViolation | None:
    """Sessions happen in the course's order, each on a later day than the one before."""
    if day > previous_day:
        return None
    message = (
        f"Session {order} would be on {long_date(day)}, which is not after "
        f"session {previous_order} on {long_date(previous_day)}."
    )
    return _broken(after_previous_session, "order_broken", message)


def gap_not_too_short(after_order: int, gap_days: int, gap: GapTolerance) -> RuleViolation | None:
    """The gap between a session and the one before it is at least the course's minimum."""
    if gap_days >= gap.min_days:
        return None
    return _broken(gap_not_too_short, "gap_too_short", _gap_message(after_order, gap_days, gap))


def gap_not_too_long(after_order: int, gap_days: int, gap: GapTolerance) -> RuleViolation | None:
    """The gap between a session and the one before it is at most the course's maximum."""
    if gap_days <= gap.max_days:
        return None
    return _broken(gap_not_too_long, "gap_too_long", _gap_message(after_order, gap_days, gap))


def gap_on_target(after_order: int, gap_days: int, gap: GapTolerance) -> RuleViolation | None:
    """The gap between a session and the one before it is the course's target where possible.

    This rule is soft: breaking it gives a warning, not an error.
    """
    if gap_days == gap.target_days:
        return None
    message = (
        f"The gap after session {after_order} would be {_days(gap_days)}; "
        f"the course aims for {_days(gap.target_days)}."
    )
    return _broken(gap_on_target, "gap_off_target", message)


def _gap_message(after_order: int, gap_days: int, gap: GapTolerance) -> str:
    return (
        f"The gap after session {after_order} would be {_days(gap_days)}; "
        f"the course allows {gap.min_days} to {gap.max_days} days."
    )


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


HARD_RULES: tuple[Callable[..., RuleViolation | None], ...] = (
    *DAY_RULES,
    starts_at_slot_start,
    fits_in_slot,
    after_previous_session,
    gap_not_too_short,
    gap_not_too_long,
)
SOFT_RULES: tuple[Callable[..., RuleViolation | None], ...] = (gap_on_target,)
