"""A facilitator's own sessions as an iCalendar feed, built with the cohorts' event builder."""

from datetime import datetime

from django.http import HttpResponse

from missionled.cohorts.ical import _calendar, _event
from missionled.facilitation.models import Assignment


def facilitator_calendar(assignments: list[Assignment], *, stamp: datetime) -> bytes:
    """One event per session the facilitator runs; a cancelled session stays, CANCELLED."""
    calendar = _calendar(None, "My sessions: Mission-led Government programme")
    seen = set()
    for assignment in assignments:
        session = assignment.session
        if session.pk not in seen:
            seen.add(session.pk)
            calendar.add_component(_event(session, session.cohort, stamp, cancel=False))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def facilitator_calendar_response(
    assignments: list[Assignment], *, stamp: datetime
) -> HttpResponse:
    response = HttpResponse(
        facilitator_calendar(assignments, stamp=stamp), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-sessions.ics"'
    return response
