"""People catching up on a session from another cohort hear of its changes and reminders."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from missionled.cohorts.hooks import session_changed_notify
from missionled.enrolments.models import Enrolment
from missionled.enrolments.services.catch_up import catch_up_book
from missionled.enrolments.tests.factories import (
    BEFORE_START,
    FIRST_SESSION,
    EnrolmentFactory,
    cohort_for,
)
from missionled.notifications.services.reminders import reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def host_session(enrolment: Enrolment, make_user: Any) -> Any:
    """Asha, of the DfE cohort, catches up on the first workshop of HMRC's cohort."""
    host = cohort_for("practising-it", "HMRC")
    EnrolmentFactory(cohort=host, email="hana@hmrc.gov.uk")
    session = host.sessions.get(order=1)
    catch_up_book(
        actor=make_user("provider_admin"), enrolment=enrolment, session=session, now=BEFORE_START
    )
    return session


def test_a_moved_session_tells_whoever_is_catching_up_on_it(
    host_session: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        host_session.starts_at += timedelta(days=1)
        host_session.ends_at += timedelta(days=1)
        host_session.sequence += 1
        host_session.save()
        session_changed_notify(host_session, None)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "asha.oneill@education.gov.uk",
        "hana@hmrc.gov.uk",
    ]
    mine = next(m for m in mail.outbox if m.to == ["asha.oneill@education.gov.uk"])
    assert f"UID:{host_session.uid}" in mine.attachments[0][1]


def test_reminders_reach_whoever_is_catching_up(
    host_session: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=FIRST_SESSION - timedelta(days=6))
    to_asha = [m.subject for m in mail.outbox if m.to == ["asha.oneill@education.gov.uk"]]
    # One for her own cohort's first workshop and one for the session she catches up on.
    assert to_asha == [
        "Reminder: Workshop 1 of Mission-led Government: Practising it is in 7 days",
        "Reminder: Workshop 1 of Mission-led Government: Practising it is in 7 days",
    ]
