"""The emails the other apps' services trigger through their hooks, end to end."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from missionled.cohorts.services.sessions import session_move
from missionled.enrolments.models import Enrolment
from missionled.enrolments.services.enrolments import enrolment_create, enrolment_withdraw
from missionled.enrolments.tests.factories import BEFORE_START, cohort_for
from missionled.notifications.models import Notification
from missionled.notifications.services import notification_queue
from missionled.notifications.services.notifications import RETRY_DELAY, notification_deliver
from missionled.organisations.models import Grade

pytestmark = pytest.mark.django_db


def test_enrolling_past_capacity_and_a_withdrawal_email_everyone_involved(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cohort = cohort_for("practising-it", "DfE", capacity=6)
    cohort.capacity = 1
    cohort.min_capacity = 1
    cohort.save()
    admin = make_user("provider_admin")
    g7 = Grade.objects.get(code="G7")
    with django_capture_on_commit_callbacks(execute=True):
        first = enrolment_create(
            cohort=cohort,
            name="First Person",
            email="first@education.gov.uk",
            grade=g7,
            line_manager_email="boss@education.gov.uk",
            actor=admin,
            now=BEFORE_START,
        )
        enrolment_create(
            cohort=cohort,
            name="Second Person",
            email="second@education.gov.uk",
            grade=g7,
            actor=admin,
            now=BEFORE_START,
        )
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "boss@education.gov.uk",
            "First Person is booked on Mission-led Government: Practising it",
        ),
        ("first@education.gov.uk", "You have a place on Mission-led Government: Practising it"),
        (
            "second@education.gov.uk",
            "You are on the waiting list for Mission-led Government: Practising it",
        ),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=first, actor=admin, now=BEFORE_START)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "first@education.gov.uk",
            "You are no longer booked on Mission-led Government: Practising it",
        ),
        (
            "second@education.gov.uk",
            "A place on Mission-led Government: Practising it is now yours",
        ),
    ]
    assert Enrolment.objects.get(email="second@education.gov.uk").status == "enrolled"


def test_moving_a_session_emails_the_new_time(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from missionled.enrolments.tests.factories import EnrolmentFactory

    cohort = cohort_for("practising-it", "DfE")
    EnrolmentFactory(cohort=cohort, email="p@education.gov.uk")
    session = cohort.sessions.get(order=2)
    with django_capture_on_commit_callbacks(execute=True):
        session_move(
            session=session,
            actor=make_user("provider_admin"),
            starts_at=session.starts_at + timedelta(days=7),
            now=BEFORE_START,
        )
    assert [m.to for m in mail.outbox] == [["p@education.gov.uk"]]
    assert "METHOD:REQUEST" in mail.outbox[0].attachments[0][1]


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_a_retry_waits_when_the_backend_can_defer(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from django.tasks import default_task_backend

    from missionled.notifications.tasks import notification_send_task

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(to="a@example.gov.uk", subject="S", body="B")
    assert notification is not None
    moment = BEFORE_START
    assert notification_deliver(notification_id=notification.pk, now=moment) == "queued"
    queued = default_task_backend.results  # type: ignore[attr-defined]
    assert [r.task.run_after for r in queued] == [None, moment + RETRY_DELAY]
    assert all(r.task.name == notification_send_task.name for r in queued)
    notification.refresh_from_db()
    assert (notification.attempts, notification.status) == (1, Notification.Status.QUEUED)
