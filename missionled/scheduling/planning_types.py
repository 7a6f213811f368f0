"""Inputs and outputs of the facilitator planning engine, and the calendar helpers they share.

Everything here is a frozen dataclass or a pure function: no Django, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

SessionKind = Literal["workshop", "action_learning_set"]
DeliveryMode = Literal["online", "face_to_face"]
Window = tuple[datetime, datetime]
Slot = tuple[date, int]

# A day splits into a morning and an afternoon slot here (13:00-13:30 is the lunch gap).
SLOT_SPLIT = time(13, 15)
SLOT_NAMES = ("morning", "afternoon")
DEFAULT_NEEDED = {"workshop": 2, "action_learning_set": 1}


@dataclass(frozen=True, slots=True)
class Facilitator:
    """A person who can facilitate workshops and, if allowed, advise Action Learning Sets.

    ``regions`` are the regions where they deliver face-to-face; anyone can deliver online.
    ``preferred_load`` is the number of sessions they would like over the planning horizon.
    """

    id: str
    courses: frozenset[str]
    may_advise_sets: bool = False
    regions: frozenset[str] = frozenset()
    unavailable: frozenset[date] = frozenset()
    max_per_week: int = 5
    max_per_month: int = 20
    preferred_load: int = 0


@dataclass(frozen=True, slots=True)
class Session:
    """One half-day session of a cohort that needs facilitators.

    ``needed`` of 0 (the default) means 2 for a workshop and 1 for a set meeting.
    ``alternatives`` are other (start, end) windows the caller has already checked against
    weekends, bank holidays and blackouts; the engine may use one, at a cost. Each was checked
    with the cohort's other sessions where they are, so at most one session of a cohort moves
    to another day. Sessions sharing a ``window_key`` (the sets of one cohort meeting at once)
    have the same windows and are always held in the same one.

    :raises ValueError: if a window ends before it starts, or a face-to-face session has no region.
    """

    id: str
    cohort_id: str
    course: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    delivery_mode: DeliveryMode = "online"
    region: str | None = None
    needed: int = 0
    continuity_key: str | None = None
    alternatives: tuple[Window, ...] = ()
    window_key: str | None = None

    def __post_init__(self) -> None:
        if self.needed == 0:
            object.__setattr__(self, "needed", DEFAULT_NEEDED[self.kind])
        if self.needed < 0:
            raise ValueError(f"Session {self.id}: needed must not be negative.")
        for start, end in self.windows:
            if end <= start:
                raise ValueError(f"Session {self.id}: a window ends before it starts.")
        if self.delivery_mode == "face_to_face" and not self.region:
            raise ValueError(f"Session {self.id}: a face-to-face session needs a region.")

    @property
    def windows(self) -> tuple[Window, ...]:
        """The original window first, then the alternatives, in the order given."""
        return ((self.starts_at, self.ends_at), *self.alternatives)

    @property
    def face_to_face(self) -> bool:
        return self.delivery_mode == "face_to_face"

    @property
    def window_unit(self) -> str:
        """The key shared by sessions that are held in the same window."""
        if self.window_key is None:
            return f"session:{self.id}"
        return f"window:{self.window_key}"

    def moves_day(self, option: int) -> bool:
        """Whether window ``option`` is on another day than the session's own."""
        return self.windows[option][0].date() != self.starts_at.date()


@dataclass(frozen=True, slots=True)
class ExistingAssignment:
    session_id: str
    facilitator_id: str


@dataclass(frozen=True, slots=True)
class Assignment:
    session_id: str
    facilitator_id: str


@dataclass(frozen=True, slots=True)
class Move:
    """A session the plan moves to one of its alternative windows."""

    session_id: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class PlanResult:
    """What :func:`plan` returns.

    ``objective`` and ``bound`` are in the weighted units explained in
    ``docs/algorithms/planning.md``; ``max_deviation``, ``changes`` and the length of ``moved``
    are the same solution in plain numbers. ``reasons`` explains an infeasible plan.
    """

    feasible: bool
    assignments: tuple[Assignment, ...] = ()
    moved: tuple[Move, ...] = ()
    objective: int | None = None
    bound: int | None = None
    optimal: bool = False
    changes: int = 0
    loads: dict[str, int] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    max_deviation: int | None = None
    status: str = ""
    variables: int = 0
    wall_time_s: float = 0.0

    @property
    def gap(self) -> float | None:
        """Relative distance between the objective and the proven bound (0 means optimal)."""
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))


def slot_of(moment: datetime) -> Slot:
    """The half-day slot a moment falls in: (date, 0 for morning or 1 for afternoon)."""
    return moment.date(), 0 if moment.time() < SLOT_SPLIT else 1


def slots_of(window: Window) -> tuple[Slot, ...]:
    """Every half-day slot a window touches; two overlapping windows always share one."""
    start, end = window
    slots = [slot_of(start)]
    last = slot_of(end - timedelta(microseconds=1))
    while slots[-1] < last:
        day, half = slots[-1]
        slots.append((day, 1) if half == 0 else (day + timedelta(days=1), 0))
    return tuple(slots)


def iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


def week_start(week: tuple[int, int]) -> date:
    return date.fromisocalendar(week[0], week[1], 1)


def human_date(day: date) -> str:
    """'Tuesday 12 May 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def describe_session(session: Session, window: Window | None = None) -> str:
    """How a person would name the session, e.g. 'Session S1 (face-to-face leading-it workshop
    in Scotland on Tuesday 12 May 2026, morning)'."""
    start = (window or session.windows[0])[0]
    kind = "set meeting" if session.kind == "action_learning_set" else "workshop"
    mode = f"face-to-face {session.course} {kind} in {session.region}"
    if not session.face_to_face:
        mode = f"online {session.course} {kind}"
    when = f"{human_date(start.date())}, {SLOT_NAMES[slot_of(start)[1]]}"
    return f"Session {session.id} ({mode} on {when})"
