"""iCalendar (RFC 5545) for cohorts: a feed of every session, and invitations to email.

Each session keeps one UID for life and raises SEQUENCE on every change, so Outlook and
Google update a moved session instead of adding a second one, and remove a cancelled one
when they receive METHOD:CANCEL.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress, vText

from missionled.catalogue.models import DeliveryMode
from missionled.cohorts.models import Cohort, Session
from missionled.core.clock import LONDON

PRODID = "-//Mission-led Government leadership programme//missionled//EN"
ORGANISER_EMAIL = "noreply@missionled.localhost"
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]


def _calendar(method: Method | None, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def _event(
    session: Session, cohort: Cohort, stamp: datetime, cancel: bool, joining: bool = True
) -> Event:
    """One session as a VEVENT; `joining` puts its joining details in LOCATION and
    DESCRIPTION, for readers allowed to see them."""
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    event.add("summary", f"{cohort.course.short_title}: {session.title}")
    where = "Face to face" if session.delivery_mode == DeliveryMode.FACE_TO_FACE else "Online"
    details = session.joining_details.strip() if joining else ""
    # LOCATION is one line in most calendars, so a multi-line address is joined with commas.
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    event.add("location", ", ".join(lines) if lines else where)
    description = (
        f"{cohort.course.title}, session {session.order}, for a closed cohort from "
        f"{cohort.department.name}. {where}."
    )
    if details:
        description += f"\n\nHow to join:\n{details}"
    event.add("description", description)
    cancelled = cancel or session.status == Session.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _organised(event: Event, attendees: Iterable[str]) -> Event:
    organiser = vCalAddress(f"mailto:{ORGANISER_EMAIL}")
    organiser.params["cn"] = vText("Mission-led Government programme")
    event["organizer"] = organiser
    for email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=False)
    return event


def cohort_calendar(cohort: Cohort, *, stamp: datetime, joining: bool = True) -> bytes:
    """The feed of every session of `cohort`; cancelled sessions stay, marked CANCELLED.
    `joining` includes how to join each session; leave it off for readers without a place."""
    calendar = _calendar(None, f"{cohort.course.short_title}: {cohort.department.acronym}")
    for session in cohort.sessions.order_by("order"):
        calendar.add_component(_event(session, cohort, stamp, cancel=False, joining=joining))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def session_invitation(
    sessions: Iterable[Session],
    *,
    method: Literal["REQUEST", "CANCEL"],
    attendees: Iterable[str] = (),
    stamp: datetime,
) -> bytes:
    """An invitation to email: METHOD:REQUEST adds or updates the sessions in the attendee's
    calendar, METHOD:CANCEL removes them. Pass every session of a cancelled booking to cancel
    it whole."""
    sessions = list(sessions)
    attendees = list(attendees)
    cohort = sessions[0].cohort if sessions else None
    name = f"{cohort.course.short_title}: {cohort.department.acronym}" if cohort else "Sessions"
    calendar = _calendar(method, name)
    for session in sessions:
        event = _event(session, session.cohort, stamp, cancel=method == "CANCEL")
        calendar.add_component(_organised(event, attendees))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def cohort_calendar_response(
    cohort: Cohort, *, stamp: datetime, joining: bool = True
) -> HttpResponse:
    """The cohort's feed as a download, for the page and the API alike."""
    response = HttpResponse(
        cohort_calendar(cohort, stamp=stamp, joining=joining),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}.ics"'
    return response
