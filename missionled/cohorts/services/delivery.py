"""Bookings move into delivery and completion as their sessions' dates pass."""

from datetime import datetime

from django.db import transaction

from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.services.bookings import booking_locked
from missionled.core.audit import audit_record
from missionled.organisations.models import User


@transaction.atomic
def booking_advance(*, booking: Booking, now: datetime, actor: User | None = None) -> Booking:
    """Move a booking on as time passes: confirmed → in delivery once its first session has
    started, in delivery → completed once its last session has ended. Other states stay put.
    """
    booking = booking_locked(booking)
    cohort = Cohort.objects.filter(booking=booking).first()
    if cohort is None or booking.status not in (
        Booking.Status.CONFIRMED,
        Booking.Status.IN_DELIVERY,
    ):
        return booking
    sessions = list(cohort.sessions.filter(status=Session.Status.SCHEDULED).order_by("order"))
    if not sessions:
        return booking
    if booking.status == Booking.Status.CONFIRMED and sessions[0].starts_at <= now:
        _advance_to(booking, Booking.Status.IN_DELIVERY, "started", actor, now)
    if booking.status == Booking.Status.IN_DELIVERY and sessions[-1].ends_at <= now:
        _advance_to(booking, Booking.Status.COMPLETED, "completed", actor, now)
    return booking


def _advance_to(
    booking: Booking, status: str, verb: str, actor: User | None, now: datetime
) -> None:
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"cohorts.booking.{verb}",
        obj=booking,
        actor=actor,
        payload={"reason": "The sessions' dates were reached."},
        at=now,
    )


def bookings_advance_due(*, now: datetime) -> int:
    """Advance every confirmed or in-delivery booking whose dates have come; returns how many
    changed state."""
    changed = 0
    due = Booking.objects.filter(
        status__in=[Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY]
    ).order_by("pk")
    for booking in due:
        before = booking.status
        if booking_advance(booking=booking, now=now).status != before:
            changed += 1
    return changed
