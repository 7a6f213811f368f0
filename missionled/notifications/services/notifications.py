"""Queue, send and retry notifications. Each email is a `Notification` row first, so a send
that fails is recorded, retried and finally shown to the provider, never lost silently."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from missionled.core.audit import audit_record
from missionled.core.errors import Conflict
from missionled.notifications.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=5)
ALREADY_SENT = "This email has already been sent, so there is nothing to retry."
RAW = "raw"


def notification_queue(
    *,
    to: str,
    template: str = RAW,
    context: dict[str, Any] | None = None,
    ics: bytes | str | None = None,
    dedupe_key: str | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> Notification | None:
    """Save a notification and send it in the background once the current transaction
    commits, so a rolled-back change sends nothing.

    `template` names `notifications/email/<template>_subject.txt` and `_body.txt`; `context`
    must be JSON. Callers with a ready-made email pass `subject` and `body` instead. With a
    `dedupe_key` already used, nothing is queued and None is returned.
    """
    facts = dict(context or {})
    if subject is not None or body is not None:
        facts.update({"subject": subject or "", "body": body or ""})
    text = ics.decode() if isinstance(ics, bytes) else (ics or "")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=to.strip().lower(),
                template=template,
                context=facts,
                ics=text,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int, run_after: datetime | None = None) -> None:
    from missionled.notifications.tasks import notification_send_task

    task = notification_send_task
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def notification_render(notification: Notification) -> tuple[str, str]:
    """The subject and plain-text body of a notification."""
    if notification.template == RAW:
        return str(notification.context.get("subject", "")), str(
            notification.context.get("body", "")
        )
    stem = f"notifications/email/{notification.template}"
    subject = render_to_string(f"{stem}_subject.txt", notification.context)
    body = render_to_string(f"{stem}_body.txt", notification.context)
    return " ".join(subject.split()), body.strip() + "\n"


def _message(notification: Notification) -> EmailMessage:
    subject, body = notification_render(notification)
    notification.subject = subject[:300]
    message = EmailMessage(subject, body, None, [notification.recipient])
    if notification.ics:
        message.attach("invitation.ics", notification.ics, "text/calendar")
    return message


def _claim(notification_id: int) -> Notification | None:
    """Count the attempt before sending, so a crash mid-send still counts."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.QUEUED:
            return None
        notification.attempts += 1
        notification.save(update_fields=["attempts", "updated_at"])
    return notification


def notification_deliver(*, notification_id: int, now: datetime) -> str:
    """Send one queued notification through Django's mail API.

    A failure records the error; the send is queued again (after RETRY_DELAY where the task
    backend can wait) until MAX_ATTEMPTS, and then the notification is marked failed.
    Returns the status afterwards.
    """
    notification = _claim(notification_id)
    if notification is None:
        return "skipped"
    try:
        _message(notification).send()
    except Exception as exc:  # Any mail backend error: record it rather than lose the email.
        return _record_failure(notification, exc, now)
    notification.status = Notification.Status.SENT
    notification.sent_at = now
    notification.last_error = ""
    notification.save(update_fields=["status", "sent_at", "last_error", "subject", "updated_at"])
    return notification.status


def _record_failure(notification: Notification, exc: Exception, now: datetime) -> str:
    logger.warning(
        "Notification %s attempt %s failed: %s", notification.pk, notification.attempts, exc
    )
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if notification.attempts >= MAX_ATTEMPTS:
        notification.status = Notification.Status.FAILED
    notification.save(update_fields=["status", "last_error", "subject", "updated_at"])
    if notification.status == Notification.Status.QUEUED:
        _enqueue(notification.pk, run_after=now + RETRY_DELAY)
    return notification.status


@transaction.atomic
def notification_retry(*, notification: Notification, actor: Any) -> Notification:
    """Queue a failed (or stuck) notification again with a fresh set of attempts.

    :raises Conflict: if it has already been sent.
    """
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.status == Notification.Status.SENT:
        raise Conflict(ALREADY_SENT, code="already_sent")
    previous = notification.status
    notification.status = Notification.Status.QUEUED
    notification.attempts = 0
    notification.save(update_fields=["status", "attempts", "updated_at"])
    audit_record(
        action="notifications.notification.retried",
        obj=notification,
        actor=actor,
        payload={"from": previous, "last_error": notification.last_error},
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification
