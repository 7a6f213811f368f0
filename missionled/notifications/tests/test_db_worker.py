"""Emails really go through the database task queue and its worker, as they do in production."""

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from missionled.notifications.models import Notification
from missionled.notifications.services import notification_queue

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_email_waits_in_the_database_until_the_worker_sends_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(
            to="Leader@Education.gov.uk", subject="Your place", body="See you there."
        )
    assert notification is not None
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [notification.pk]
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [(m.to, m.subject) for m in mail.outbox] == [(["leader@education.gov.uk"], "Your place")]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == Notification.Status.SENT


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_rolled_back_change_queues_no_task() -> None:
    def enrol_then_fail() -> None:
        with transaction.atomic():
            notification_queue(to="leader@education.gov.uk", subject="Never", body="Rolled back.")
            raise RuntimeError("the enrolment failed")

    with pytest.raises(RuntimeError):
        enrol_then_fail()

    assert DBTaskResult.objects.count() == 0
    assert Notification.objects.count() == 0
