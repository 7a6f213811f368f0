"""Recording adjustments and a line manager: a manager named after the booking is told once."""

from typing import Any

import pytest
from django.core import mail

from missionled.enrolments.models import Enrolment
from missionled.enrolments.services.enrolments import (
    enrolment_details_update,
    enrolment_withdraw,
)
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db
NOW = BEFORE_START
BOOKED = "Asha Patel is booked on Mission-led Government: Practising it"


@pytest.fixture
def participant(make_user: Any) -> Any:
    return make_user("participant", email="asha.patel@education.gov.uk")


def _place(status: str = Enrolment.Status.ENROLLED, **extra: Any) -> Enrolment:
    return EnrolmentFactory(
        cohort=cohort_for(capacity=1),
        name="Asha Patel",
        email="asha.patel@education.gov.uk",
        status=status,
        **extra,
    )


@pytest.fixture
def save(django_capture_on_commit_callbacks: Any) -> Any:
    """Save the details as the form does; returns the emails that then leave."""

    def run(enrolment: Enrolment, actor: Any, manager: str) -> list[Any]:
        sent_before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            enrolment_details_update(
                enrolment=enrolment,
                actor=actor,
                reasonable_adjustments="Live captions",
                line_manager_email=manager,
                now=NOW,
            )
        return mail.outbox[sent_before:]

    return run


def test_a_manager_named_later_is_told_once_and_a_new_one_too(participant: Any, save: Any) -> None:
    enrolment = _place()
    (told,) = save(enrolment, participant, " Boss@Education.gov.uk ")
    assert told.to == ["boss@education.gov.uk"]
    assert told.subject == BOOKED
    assert "You are named as their line manager." in told.body
    assert "Live captions" not in told.body
    assert save(enrolment, participant, "boss@education.gov.uk") == []
    assert save(enrolment, participant, "BOSS@education.gov.uk") == []
    (told,) = save(enrolment, participant, "new.boss@education.gov.uk")
    assert told.to == ["new.boss@education.gov.uk"]
    assert save(enrolment, participant, "") == []


def test_the_provider_naming_a_manager_tells_them_too(admin: Any, save: Any) -> None:
    (told,) = save(_place(), admin, "boss@education.gov.uk")
    assert told.to == ["boss@education.gov.uk"]


def test_a_stale_copy_of_the_place_does_not_tell_the_manager_twice(
    participant: Any, save: Any
) -> None:
    """The stored address decides, not the one on the object the form was built from."""
    enrolment = _place()
    stale = Enrolment.objects.get(pk=enrolment.pk)
    assert len(save(enrolment, participant, "boss@education.gov.uk")) == 1
    assert save(stale, participant, "boss@education.gov.uk") == []


@pytest.mark.parametrize("status", [Enrolment.Status.WITHDRAWN, Enrolment.Status.SUBSTITUTED])
def test_nobody_is_told_of_a_place_that_was_given_up(
    status: str, participant: Any, save: Any
) -> None:
    assert save(_place(status), participant, "boss@education.gov.uk") == []


def test_a_waitlisted_persons_manager_is_told_on_promotion_not_before(
    participant: Any, coordinator: Any, save: Any, django_capture_on_commit_callbacks: Any
) -> None:
    waiting = _place(Enrolment.Status.WAITLISTED)
    holder = EnrolmentFactory(cohort=waiting.cohort, sequence=0, email="holder@education.gov.uk")
    assert save(waiting, participant, "boss@education.gov.uk") == []
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=holder, actor=coordinator, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    told = [m for m in mail.outbox if m.to == ["boss@education.gov.uk"]]
    assert [m.subject for m in told] == [BOOKED]
    assert save(waiting, participant, "boss@education.gov.uk") == []
