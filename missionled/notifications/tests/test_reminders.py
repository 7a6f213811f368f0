"""Reminders 7 days and 1 day before each session, never twice."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory
from missionled.notifications.services.reminders import reminders_send

pytestmark = pytest.mark.django_db


def test_reminders_go_once_a_week_before_and_once_a_day_before(
    enrolment: Enrolment, cohort: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED, email="w@example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=FIRST_SESSION - timedelta(days=8)) == 0
        assert reminders_send(now=FIRST_SESSION - timedelta(days=6)) == 1
        assert reminders_send(now=FIRST_SESSION - timedelta(days=5)) == 0
        assert reminders_send(now=FIRST_SESSION - timedelta(hours=20)) == 1
        assert reminders_send(now=FIRST_SESSION - timedelta(hours=2)) == 0
    assert [m.subject for m in mail.outbox] == [
        "Reminder: Workshop 1 of Mission-led Government: Practising it is in 7 days",
        "Reminder: Workshop 1 of Mission-led Government: Practising it is tomorrow",
    ]
    assert all(m.to == ["asha.oneill@education.gov.uk"] for m in mail.outbox)
    assert "Monday 1 March 2027, 09:30 to 13:00, online" in mail.outbox[1].body


def test_the_command_is_idempotent(
    enrolment: Enrolment, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(
        "missionled.notifications.management.commands.send_reminders.now",
        lambda: FIRST_SESSION - timedelta(days=3),
    )
    call_command("send_reminders")
    call_command("send_reminders")
    assert capsys.readouterr().out.splitlines() == ["1 reminder queued", "0 reminders queued"]
