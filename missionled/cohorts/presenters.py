"""What a booking page shows: which actions the user has, and the timeline in words."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from missionled.cohorts.models import Booking
from missionled.core.clock import LONDON
from missionled.core.models import AuditEntry
from missionled.organisations.models import Role

TIMELINE_WORDS = {
    "cohorts.booking.requested": "Booking requested",
    "cohorts.booking.confirmed": "Booking confirmed and sessions scheduled",
    "cohorts.booking.declined": "Booking declined",
    "cohorts.booking.cancelled": "Booking cancelled",
    "cohorts.booking.started": "Delivery started",
    "cohorts.booking.completed": "Course completed",
    "cohorts.booking.capacity_changed": "Capacity changed",
    "cohorts.booking.session_moved": "Session moved",
    "cohorts.booking.session_cancelled": "Session cancelled",
    "cohorts.booking.session_joining_details_changed": "Joining details changed",
}


@dataclass(frozen=True)
class BookingActions:
    confirm: bool
    decline: bool
    cancel: bool

    @property
    def any(self) -> bool:
        return self.confirm or self.decline or self.cancel


def booking_actions(user: Any, booking: Booking) -> BookingActions:
    """The state changes `user` may make to `booking` now; the services still decide."""
    admin = getattr(user, "role", None) == Role.PROVIDER_ADMIN
    own = getattr(user, "role", None) == Role.COORDINATOR and (
        user.department_id == booking.department_id
    )
    requested = booking.status == Booking.Status.REQUESTED
    cancellable = booking.status in (Booking.Status.REQUESTED, Booking.Status.CONFIRMED)
    return BookingActions(
        confirm=admin and requested,
        decline=admin and requested,
        cancel=(admin or own) and cancellable,
    )


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    what: str
    who: str
    detail: str


def _local(value: str) -> str:
    moment = parse_datetime(value)
    return f"{moment.astimezone(LONDON):%A %-d %B %Y at %H:%M}" if moment else value


def _detail(entry: AuditEntry) -> str:
    payload = entry.payload or {}
    if entry.action == "cohorts.booking.session_cancelled":
        when = _local(str(payload.get("starts_at", "")))
        return f"Session {payload.get('order')} on {when} cancelled. {payload.get('reason')}"
    if entry.action == "cohorts.booking.session_joining_details_changed":
        return f"Session {payload.get('order')}" + (": removed" if payload.get("cleared") else "")
    if "reason" in payload and entry.action != "cohorts.booking.started":
        return str(payload["reason"])
    if entry.action == "cohorts.booking.capacity_changed":
        return f"From {payload.get('from')} to {payload.get('to')} places"
    if entry.action == "cohorts.booking.session_moved":
        text = f"Session {payload.get('order')} moved to {_local(str(payload.get('to', '')))}"
        warnings = payload.get("warnings") or []
        return " ".join([text + ".", *warnings]) if warnings else text
    if entry.action == "cohorts.booking.requested":
        return f"{payload.get('expected_size')} places from {payload.get('earliest_start')}"
    return ""


def timeline_items(entries: Iterable[AuditEntry]) -> list[TimelineItem]:
    """The booking's audit trail, oldest first, in words a coordinator understands."""
    return [
        TimelineItem(
            at=entry.at,
            what=TIMELINE_WORDS.get(entry.action, entry.action),
            who=(entry.actor.get_full_name() if entry.actor else "The service"),
            detail=_detail(entry),
        )
        for entry in entries
    ]
