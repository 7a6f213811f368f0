"""Follow-ups three months after a leader completes a course: made once, asked once by email,
answered once on a page."""

import importlib
import logging
from datetime import date, datetime
from functools import partial
from typing import Any

from django.apps import apps
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from missionled.cohorts.models import Booking
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import FollowUp
from missionled.organisations.models import User
from missionled.reporting.attendance import completed_q

logger = logging.getLogger(__name__)

FOLLOW_UP_MONTHS = 3
ANSWER_MISSING = "Enter what you have changed in practice since the course."
ANSWER_TOO_LONG = "What you have changed must be 5,000 characters or fewer."
ALREADY_ANSWERED = "You have already answered this follow-up. Thank you."
NOT_YOURS = "You can only answer your own follow-up."
NOT_COMPLETED = "The follow-up is for leaders who completed the course."
NOT_YET_DUE = "You can answer this from {day}, three months after your course ended."
EMAIL_SUBJECT = "Mission-led Government: what have you changed since your course?"


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def follow_up_is_due(follow_up: FollowUp, *, today: date) -> bool:
    return follow_up.due_on <= today


def follow_up_not_yet_message(follow_up: FollowUp) -> str:
    return NOT_YET_DUE.format(day=f"{follow_up.due_on:%-d %B %Y}")


@transaction.atomic
def follow_ups_create_due() -> int:
    """Make the follow-up for every leader who completed a finished course and has none yet,
    due three months after the course's last session. Completion is the reports' own rule
    (the certificate, once attendance is recorded), so someone enrolled who never finished
    is not asked. Safe to run again: returns how many it made."""
    completed = (
        Enrolment.objects.filter(
            completed_q(),
            status=Enrolment.Status.ENROLLED,
            cohort__booking__status=Booking.Status.COMPLETED,
            follow_up__isnull=True,
        )
        .annotate(finished=Max("cohort__sessions__ends_at"))
        .exclude(finished__isnull=True)
        .values_list("pk", "finished")
    )
    rows = [
        FollowUp(enrolment_id=pk, due_on=months_after(finished.date(), FOLLOW_UP_MONTHS))
        for pk, finished in completed
    ]
    FollowUp.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _queue_email(*, to: str, subject: str, body: str, key: str) -> None:
    """Queue through the notifications app when it is installed (it sends after commit and
    never twice for one key); otherwise send directly once the transaction commits."""
    if apps.is_installed("missionled.notifications"):
        notifications: Any = importlib.import_module(
            "missionled.notifications.services.notifications"
        )
        notifications.notification_queue(to=to, subject=subject, body=body, dedupe_key=key)
        return
    transaction.on_commit(partial(send_mail, subject, body, None, [to]))


def _email_body(follow_up: FollowUp, base_url: str) -> str:
    link = base_url.rstrip("/") + reverse("evaluation:follow-up", args=[follow_up.pk])
    return (
        f"Dear {follow_up.enrolment.name},\n\n"
        "Three months ago you completed a course on the Mission-led Government programme.\n"
        f"{follow_up.question}\n\nTell us on this page: {link}\n"
    )


def follow_ups_send(*, today: date, now: datetime, base_url: str = "") -> int:
    """Email every follow-up that is due and has not been sent; each is sent at most once,
    even when two runs overlap, because a run first claims the row. Returns how many."""
    due = FollowUp.objects.filter(
        completed_q("enrolment__"),
        due_on__lte=today,
        sent_at__isnull=True,
        answered_at__isnull=True,
    ).select_related("enrolment")
    sent = 0
    for follow_up in due:
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=follow_up.pk, sent_at__isnull=True).update(
                sent_at=now
            )
            if not claimed:
                continue
            body = _email_body(follow_up, base_url)
            to = follow_up.enrolment.email
            key = f"evaluation.follow_up.{follow_up.pk}"
            _queue_email(to=to, subject=EMAIL_SUBJECT, body=body, key=key)
            sent += 1
    return sent


@transaction.atomic
def follow_up_answer(*, follow_up: FollowUp, actor: User, answer: str, now: datetime) -> FollowUp:
    """Record the leader's answer, from the day it is due.

    :raises NotAllowed: if the follow-up is not the actor's own, or they did not complete.
    :raises RuleBroken: if the answer is empty or too long.
    :raises Conflict: if it is not due yet, or was already answered.
    """
    enrolment = follow_up.enrolment
    if enrolment.user_id != actor.pk and enrolment.email != actor.email.lower():
        raise NotAllowed(NOT_YOURS)
    if not Enrolment.objects.filter(completed_q(), pk=enrolment.pk).exists():
        raise NotAllowed(NOT_COMPLETED, code="not_completed")
    if not follow_up_is_due(follow_up, today=now.astimezone(LONDON).date()):
        raise Conflict(follow_up_not_yet_message(follow_up), code="too_early")
    text = answer.strip()
    if not text:
        raise RuleBroken(ANSWER_MISSING, code="answer_missing", fields={"answer": [ANSWER_MISSING]})
    if len(text) > 5000:
        raise RuleBroken(
            ANSWER_TOO_LONG, code="answer_too_long", fields={"answer": [ANSWER_TOO_LONG]}
        )
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.answered_at is not None:
        raise Conflict(ALREADY_ANSWERED, code="already_answered")
    locked.answer = text
    locked.answered_at = now
    locked.save(update_fields=["answer", "answered_at", "updated_at"])
    return locked
