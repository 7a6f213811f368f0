"""The emails for each event: the right people, plain English, the right facts."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from missionled.cohorts.hooks import session_changed_notify
from missionled.enrolments import hooks
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory
from missionled.notifications.services.events import certificate_issued_send

pytestmark = pytest.mark.django_db


def _only(to: str) -> Any:
    found = [m for m in mail.outbox if m.to == [to]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def test_a_confirmed_place_lists_the_sessions_and_tells_the_line_manager(
    enrolment: Enrolment, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        hooks.enrolment_created_notify(enrolment)
    message = _only("asha.oneill@education.gov.uk")
    assert message.subject == "You have a place on Mission-led Government: Practising it"
    assert "Dear Asha O'Neill," in message.body
    assert "in a cohort for Department for Education" in message.body
    assert "Workshop 1: Monday 1 March 2027, 09:30 to 13:00, online" in message.body
    assert "&#x27;" not in message.body
    filename, ics, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("invitation.ics", "text/calendar")
    assert "METHOD:REQUEST" in ics
    manager = _only("manager@education.gov.uk")
    assert manager.subject == "Asha O'Neill is booked on Mission-led Government: Practising it"
    assert "You are named as their line manager." in manager.body


def test_a_waitlisted_person_is_told_their_position(
    cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED, sequence=1)
    second = EnrolmentFactory(
        cohort=cohort, status=Enrolment.Status.WAITLISTED, sequence=2, email="b@example.gov.uk"
    )
    with django_capture_on_commit_callbacks(execute=True):
        hooks.enrolment_created_notify(second)
    message = _only("b@example.gov.uk")
    assert message.subject.startswith("You are on the waiting list for")
    assert "You are number 2 on the list." in message.body
    assert not message.attachments


def test_promotion_and_withdrawal_emails(
    enrolment: Enrolment, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        hooks.enrolment_promoted_notify(enrolment)
    promoted = _only("asha.oneill@education.gov.uk")
    assert "You were first on the waiting list, so the place is now yours." in promoted.body
    mail.outbox.clear()
    enrolment.status = Enrolment.Status.WITHDRAWN
    with django_capture_on_commit_callbacks(execute=True):
        hooks.enrolment_withdrawn_notify(enrolment)
    withdrawn = _only("asha.oneill@education.gov.uk")
    assert withdrawn.subject == "You are no longer booked on Mission-led Government: Practising it"
    assert "You have been withdrawn from" in withdrawn.body
    assert "METHOD:CANCEL" in withdrawn.attachments[0][1]


def test_a_moved_session_emails_every_enrolled_participant_with_the_update(
    enrolment: Enrolment, cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED, email="w@example.gov.uk")
    session = cohort.sessions.get(order=2)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        session.starts_at += timedelta(days=1)
        session.ends_at += timedelta(days=1)
        session.sequence += 1
        session.save()
        session_changed_notify(session, None)
    assert [m.to for m in mail.outbox] == [["asha.oneill@education.gov.uk"]]
    message = mail.outbox[0]
    assert message.subject == "New time: Workshop 2 of Mission-led Government: Practising it"
    assert "It is now on Tuesday 16 March 2027, 09:30 to 13:00, online." in message.body
    ics = message.attachments[0][1]
    assert "METHOD:REQUEST" in ics
    assert f"UID:{session.uid}" in ics
    assert "SEQUENCE:1" in ics


def test_a_rolled_back_move_tells_nobody(
    enrolment: Enrolment, cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def move_then_fail() -> None:
        with transaction.atomic():
            session_changed_notify(cohort.sessions.get(order=1), None)
            raise RuntimeError("move refused")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        move_then_fail()
    assert mail.outbox == []


def test_the_certificate_email_gives_the_code_and_where_to_check_it(
    django_capture_on_commit_callbacks: Any, ref_data: None
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issued_send(
            email="a@example.gov.uk",
            name="Ada Lovelace",
            course="Mission-led Government: Understanding it",
            code="abc123",
            completed_on="1 March 2027",
        )
    message = _only("a@example.gov.uk")
    assert message.subject == "Your certificate for Mission-led Government: Understanding it"
    assert "Congratulations: you have completed Mission-led Government: Understanding it." in (
        message.body
    )
    assert "Its verification code is abc123." in message.body
    assert "/certificates/verify/abc123/" in message.body


def test_first_session_is_a_monday(ref_data: None) -> None:
    """The facts above rely on the factory's first session."""
    assert FIRST_SESSION.strftime("%A %H:%M") == "Monday 09:30"
