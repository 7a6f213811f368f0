from datetime import datetime

import pytest
from icalendar import Calendar

from missionled.cohorts.ical import cohort_calendar, session_invitation
from missionled.cohorts.services.bookings import booking_cancel
from missionled.cohorts.services.sessions import session_move
from missionled.core.clock import LONDON

STAMP = datetime(2027, 1, 4, 12, 0, tzinfo=LONDON)


def _events(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def cohort(confirmed):
    return confirmed("leading-it").cohort


def test_the_feed_holds_every_session_in_london_time(cohort):
    calendar, events = _events(cohort_calendar(cohort, stamp=STAMP))
    assert str(calendar["VERSION"]) == "2.0"
    assert "METHOD" not in calendar
    assert len(events) == 5
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    first = events[cohort.sessions.get(order=1).uid]
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.astimezone(LONDON).time().isoformat() == "09:30:00"
    assert first["SEQUENCE"] == 0
    assert str(first["STATUS"]) == "CONFIRMED"
    assert "Leading it" in str(first["SUMMARY"])


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(admin, cohort):
    session = cohort.sessions.get(order=2)
    _, before = _events(cohort_calendar(cohort, stamp=STAMP))
    old = before[session.uid].decoded("DTSTART")
    new_start = old.astimezone(LONDON).replace(hour=13, minute=30)
    session_move(session=session, actor=admin, starts_at=new_start)
    _, after = _events(cohort_calendar(cohort, stamp=STAMP))
    assert set(after) == set(before)
    assert after[session.uid]["SEQUENCE"] == 1
    assert after[session.uid].decoded("DTSTART") == new_start


def test_an_invitation_is_a_request_with_attendees(cohort):
    session = cohort.sessions.get(order=1)
    data = session_invitation(
        [session], method="REQUEST", attendees=["sam@dfe.example"], stamp=STAMP
    )
    calendar, events = _events(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = events[session.uid]
    assert str(event["ATTENDEE"]) == "mailto:sam@dfe.example"
    assert str(event["ORGANIZER"]).startswith("mailto:")


def test_a_cancelled_booking_sends_cancel_for_every_session(admin, cohort):
    booking_cancel(booking=cohort.booking, actor=admin, reason="No longer needed")
    sessions = list(cohort.sessions.all())
    calendar, events = _events(session_invitation(sessions, method="CANCEL", stamp=STAMP))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert set(events) == {s.uid for s in sessions}
    assert {str(e["STATUS"]) for e in events.values()} == {"CANCELLED"}
    assert {e["SEQUENCE"] for e in events.values()} == {1}
    _, feed = _events(cohort_calendar(cohort, stamp=STAMP))
    assert {str(e["STATUS"]) for e in feed.values()} == {"CANCELLED"}
