"""Cancelling a booking tells its enrolled participants and cancels every session."""

from typing import Any

import pytest
from django.core import mail

from missionled.cohorts.models import Session
from missionled.cohorts.services.bookings import booking_cancel
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db


def test_cancelling_a_booking_emails_each_enrolled_participant_a_cancel_invitation(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = make_user("coordinator", "DfE")
    cohort = cohort_for("practising-it", "DfE", capacity=10)
    EnrolmentFactory(cohort=cohort, name="Asha O'Neill", email="asha@education.gov.uk")
    EnrolmentFactory(cohort=cohort, name="Ben Cole", email="ben@education.gov.uk")
    EnrolmentFactory(cohort=cohort, email="wait@education.gov.uk", status="waitlisted")
    EnrolmentFactory(cohort=cohort, email="gone@education.gov.uk", status="withdrawn")

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=cohort.booking, actor=coordinator, reason="Budget withdrawn")

    assert sorted(m.to[0] for m in mail.outbox) == ["asha@education.gov.uk", "ben@education.gov.uk"]
    message = next(m for m in mail.outbox if m.to == ["asha@education.gov.uk"])
    assert message.subject == (
        "Cancelled: Mission-led Government: Practising it for Department for Education"
    )
    assert message.body.startswith("Dear Asha O'Neill,\n\nDepartment for Education's cohort of")
    assert "has been cancelled, so you no longer have a place on it." in message.body
    assert "- Workshop 1: Monday 1 March 2027, 09:30 to 13:00, online" in message.body
    assert "- Workshop 2: Monday 15 March 2027, 09:30 to 13:00, online" in message.body
    [(filename, ics, mimetype)] = message.attachments
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    assert "METHOD:CANCEL" in ics
    assert ics.count("BEGIN:VEVENT") == 2
    assert ics.count("STATUS:CANCELLED") == 2
    for session in Session.objects.filter(cohort=cohort):
        assert f"UID:{session.uid}" in ics
    assert "asha@education.gov.uk" in ics


def test_cancelling_a_cohort_with_nobody_enrolled_sends_nothing(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = make_user("provider_admin")
    cohort = cohort_for("practising-it", "DfE", capacity=10)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=cohort.booking, actor=admin, reason="Too few people")
    assert mail.outbox == []
