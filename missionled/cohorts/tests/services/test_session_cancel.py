"""Cancelling one session: the provider, with a reason, before it starts."""

from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from icalendar import Calendar

from missionled.cohorts.ical import cohort_calendar
from missionled.cohorts.models import Session
from missionled.cohorts.presenters import timeline_items
from missionled.cohorts.selectors import booking_timeline
from missionled.cohorts.services.bookings import booking_cancel
from missionled.cohorts.services.sessions import (
    CANCEL_REASON_REQUIRED,
    SESSION_ALREADY_CANCELLED,
    session_cancel,
)
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory

# Before every session of a cohort that starts on Monday 1 March 2027.
BEFORE = datetime(2027, 2, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture
def second(confirmed: Any) -> Session:
    """Workshop 2 of Practising it, on Tuesday 30 March 2027 at 09:30."""
    return confirmed().cohort.sessions.get(order=2)


def test_the_provider_cancels_one_session_keeping_its_uid_and_raising_its_sequence(
    admin: Any, second: Session
) -> None:
    uid = second.uid
    cancelled = session_cancel(session=second, actor=admin, reason="  Venue lost  ", now=BEFORE)
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.sequence, cancelled.uid) == ("cancelled", 1, uid)
    first = second.cohort.sessions.get(order=1)
    assert (first.status, first.sequence) == ("scheduled", 0)
    audit = AuditEntry.objects.get(action="cohorts.booking.session_cancelled")
    assert audit.actor == admin
    assert audit.payload["reason"] == "Venue lost"
    assert audit.payload["order"] == 2
    notice = AuditEntry.objects.get(action="cohorts.session.cancel_notified")
    assert notice.payload == {"uid": uid, "sequence": 1, "method": "CANCEL"}


def test_the_booking_timeline_says_which_session_was_cancelled_and_why(
    admin: Any, second: Session
) -> None:
    session_cancel(session=second, actor=admin, reason="Venue lost", now=BEFORE)
    items = timeline_items(booking_timeline(second.cohort.booking))
    assert items[-1].what == "Session cancelled"
    assert items[-1].detail == "Session 2 on Tuesday 30 March 2027 at 09:30 cancelled. Venue lost"


def test_the_cohort_feed_marks_the_event_cancelled_under_the_same_uid(
    admin: Any, second: Session
) -> None:
    session_cancel(session=second, actor=admin, reason="Venue lost", now=BEFORE)
    feed = Calendar.from_ical(cohort_calendar(second.cohort, stamp=BEFORE))
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert len(events) == 2
    assert str(events[second.uid]["STATUS"]) == "CANCELLED"
    assert events[second.uid]["SEQUENCE"] == 1
    first = second.cohort.sessions.get(order=1)
    assert str(events[first.uid]["STATUS"]) == "CONFIRMED"


def test_enrolled_participants_are_emailed_a_cancel_invitation(
    admin: Any, second: Session, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = second.cohort
    EnrolmentFactory(cohort=cohort, name="Asha O'Neill", email="asha@education.gov.uk")
    EnrolmentFactory(cohort=cohort, email="wait@education.gov.uk", status="waitlisted")
    EnrolmentFactory(
        cohort=cohort, email="gone@education.gov.uk", status=Enrolment.Status.WITHDRAWN
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=second, actor=admin, reason="Venue lost", now=BEFORE)
    assert [m.to for m in mail.outbox] == [["asha@education.gov.uk"]]
    message = mail.outbox[0]
    assert message.subject == "Cancelled: Workshop 2 of Mission-led Government: Practising it"
    assert "Workshop 2 of Mission-led Government: Practising it has been cancelled." in (
        message.body
    )
    [(filename, ics, mimetype)] = message.attachments
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    calendar = Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert (str(event["UID"]), event["SEQUENCE"]) == (second.uid, 1)
    assert str(event["STATUS"]) == "CANCELLED"
    assert "mailto:asha@education.gov.uk" in str(event["ATTENDEE"])


def test_a_cancellation_that_rolls_back_tells_nobody(
    admin: Any, second: Session, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    def cancel_then_fail() -> None:
        with transaction.atomic():
            session_cancel(session=second, actor=admin, reason="Venue lost", now=BEFORE)
            raise RuntimeError("undo")

    EnrolmentFactory(cohort=second.cohort, email="asha@education.gov.uk")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        cancel_then_fail()
    assert mail.outbox == []
    second.refresh_from_db()
    assert second.status == "scheduled"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(admin: Any, second: Session, reason: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        session_cancel(session=second, actor=admin, reason=reason, now=BEFORE)
    assert caught.value.fields == {"reason": [CANCEL_REASON_REQUIRED]}
    second.refresh_from_db()
    assert second.status == "scheduled"


def test_a_nul_character_in_the_reason_is_bad_input(admin: Any, second: Session) -> None:
    with pytest.raises(RuleBroken) as caught:
        session_cancel(session=second, actor=admin, reason="A\x00B", now=BEFORE)
    assert list(caught.value.fields) == ["reason"]


def test_a_cancelled_session_cannot_be_cancelled_again(admin: Any, second: Session) -> None:
    session_cancel(session=second, actor=admin, reason="Venue lost", now=BEFORE)
    with pytest.raises(Conflict) as caught:
        session_cancel(session=second, actor=admin, reason="Again", now=BEFORE)
    assert caught.value.message == SESSION_ALREADY_CANCELLED
    second.refresh_from_db()
    assert second.sequence == 1


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 30, 9, 30, tzinfo=LONDON),  # the moment it starts
        datetime(2027, 3, 30, 11, 0, tzinfo=LONDON),  # while it runs
        datetime(2027, 4, 2, 9, 0, tzinfo=LONDON),  # after it ended
    ],
)
def test_a_session_that_has_started_or_ended_cannot_be_cancelled(
    admin: Any, second: Session, now: datetime
) -> None:
    with pytest.raises(Conflict) as caught:
        session_cancel(session=second, actor=admin, reason="Too late", now=now)
    assert caught.value.code == "session_started"
    assert caught.value.message == (
        "This session started on 30 March 2027 at 09:30, so it cannot be cancelled."
    )
    second.refresh_from_db()
    assert second.status == "scheduled"


def test_sessions_of_a_cancelled_booking_cannot_be_cancelled_again(
    admin: Any, second: Session
) -> None:
    booking_cancel(booking=second.cohort.booking, actor=admin, reason="Merged")
    with pytest.raises(Conflict):
        session_cancel(session=second, actor=admin, reason="Again", now=BEFORE)


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_cancels_a_session(make_user: Any, second: Session, role: str) -> None:
    with pytest.raises(NotAllowed):
        session_cancel(session=second, actor=make_user(role), reason="Mine", now=BEFORE)
    second.refresh_from_db()
    assert second.status == "scheduled"
