"""Queueing, sending, retrying and listing notifications."""

from smtplib import SMTPServerDisconnected
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from conftest import ROLES
from missionled.core.audit import audit_entries_for
from missionled.core.errors import Conflict
from missionled.notifications.models import Notification
from missionled.notifications.services import notification_queue
from missionled.notifications.services.notifications import MAX_ATTEMPTS, notification_retry

pytestmark = pytest.mark.django_db


def _queue(**extra: Any) -> Notification | None:
    return notification_queue(
        to="Someone@Example.gov.uk",
        template="raw",
        subject="Hello",
        body="A plain message.",
        **extra,
    )


def test_queued_notification_is_sent_once_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue()
        assert notification is not None
        notification.refresh_from_db()
        assert notification.status == Notification.Status.QUEUED
        assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert [m.to for m in mail.outbox] == [["someone@example.gov.uk"]]
    assert mail.outbox[0].subject == "Hello"


def test_nothing_is_saved_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    def queue_then_fail() -> None:
        with transaction.atomic():
            _queue()
            raise RuntimeError("the booking failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        queue_then_fail()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_dedupe_key_queues_only_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue(dedupe_key="once") is not None
        assert _queue(dedupe_key="once") is None
    assert len(mail.outbox) == 1


def _failing_send(self: EmailMessage, *args: Any, **kwargs: Any) -> int:
    raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failing_send_is_retried_then_marked_failed_and_listed_for_the_provider(
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    make_user: Any,
    page_client_for: Any,
) -> None:
    monkeypatch.setattr(EmailMessage, "send", _failing_send)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue()
    assert notification is not None
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert "Connection unexpectedly closed" in notification.last_error

    admin = make_user("provider_admin")
    page = page_client_for(admin).get("/notifications/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "someone@example.gov.uk" in text
    assert "Connection unexpectedly closed" in text

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        answer = page_client_for(admin).post(f"/notifications/{notification.pk}/retry/")
    assert answer.status_code == 302
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert [e.action for e in audit_entries_for(notification)] == [
        "notifications.notification.retried"
    ]


def test_a_sent_notification_cannot_be_retried(
    django_capture_on_commit_callbacks: Any, make_user: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = _queue()
    assert notification is not None
    with pytest.raises(Conflict):
        notification_retry(notification=notification, actor=make_user("provider_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_provider_sees_the_notifications_page(
    role: str, make_user: Any, page_client_for: Any
) -> None:
    status = 200 if role == "provider_admin" else 403
    notification = Notification.objects.create(
        recipient="x@example.gov.uk", template="raw", status=Notification.Status.FAILED
    )
    client = page_client_for(make_user(role))
    assert client.get("/notifications/").status_code == status
    retry = client.post(f"/notifications/{notification.pk}/retry/")
    assert retry.status_code == (302 if status == 200 else 403)


def test_the_page_needs_a_sign_in(client: Any, ref_data: None) -> None:
    assert client.get("/notifications/").status_code == 302
