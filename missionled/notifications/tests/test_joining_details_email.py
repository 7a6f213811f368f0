"""People taking a session are emailed when the provider changes how to join it."""

from typing import Any

import pytest
from django.core import mail

from missionled.cohorts.services.sessions import session_joining_details_change
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

LINK = "Join on Teams: https://teams.example/l/meetup-join/abc\nPasscode 482913"


def test_new_joining_details_reach_the_enrolled_with_the_updated_invitation(
    enrolment: Enrolment, cohort: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED, email="w@example.gov.uk")
    session = cohort.sessions.get(order=1)
    with django_capture_on_commit_callbacks(execute=True):
        session_joining_details_change(
            session=session, actor=make_user("provider_admin"), joining_details=LINK
        )
    assert [m.to for m in mail.outbox] == [["asha.oneill@education.gov.uk"]]
    message = mail.outbox[0]
    assert message.subject == "How to join: Workshop 1 of Mission-led Government: Practising it"
    assert "How to join Workshop 1 of Mission-led Government: Practising it on " in message.body
    assert "https://teams.example/l/meetup-join/abc\nPasscode 482913" in message.body
    ics = message.attachments[0][1]
    assert "METHOD:REQUEST" in ics
    assert f"UID:{session.uid}" in ics
    assert "SEQUENCE:1" in ics


def test_saving_the_same_details_again_sends_nothing_more(
    enrolment: Enrolment, cohort: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = cohort.sessions.get(order=1)
    admin = make_user("provider_admin")
    with django_capture_on_commit_callbacks(execute=True):
        session_joining_details_change(session=session, actor=admin, joining_details=LINK)
        session_joining_details_change(session=session, actor=admin, joining_details=LINK + "  ")
    assert len(mail.outbox) == 1


def test_withdrawn_details_say_new_ones_will_follow(
    enrolment: Enrolment, cohort: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    session = cohort.sessions.get(order=1)
    admin = make_user("provider_admin")
    session_joining_details_change(session=session, actor=admin, joining_details=LINK)
    with django_capture_on_commit_callbacks(execute=True):
        session_joining_details_change(session=session, actor=admin, joining_details="")
    assert len(mail.outbox) == 1
    assert "will send new ones before the session" in mail.outbox[0].body
    assert "Passcode" not in mail.outbox[0].body
