from datetime import timedelta

import pytest

from missionled.core.errors import Conflict, RuleBroken
from missionled.core.models import AuditEntry
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import cohort_counts, enrolment_waitlist_position
from missionled.enrolments.services.enrolments import (
    SUBSTITUTE_SAME_PERSON,
    enrolment_create,
    enrolment_substitute,
)
from missionled.enrolments.tests.factories import BEFORE_START, FIRST_SESSION, cohort_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(coordinator, g7):
    cohort = cohort_for(capacity=10)
    for n in range(11):
        enrolment_create(
            cohort=cohort,
            name=f"P {n}",
            email=f"p{n}@example.gov.uk",
            grade=g7,
            actor=coordinator,
            now=BEFORE_START,
        )
    return cohort


def _substitute(enrolment, actor, grade, now=BEFORE_START, email="colleague@example.gov.uk"):
    return enrolment_substitute(
        enrolment=enrolment, name="A Colleague", email=email, grade=grade, actor=actor, now=now
    )


def test_a_place_passes_to_a_named_colleague_and_history_is_kept(cohort, coordinator, g7):
    original = Enrolment.objects.get(email="p2@example.gov.uk")
    substitute = _substitute(original, coordinator, g7)
    original.refresh_from_db()
    assert original.status == "substituted"
    assert substitute.status == "enrolled"
    assert substitute.substituted_for == original
    assert list(original.substitutions.all()) == [substitute]
    assert cohort_counts(cohort) == (10, 1)
    actions = AuditEntry.objects.values_list("action", flat=True)
    assert "enrolments.enrolment.substituted" in actions


def test_a_waiting_place_passes_on_keeping_its_position(cohort, coordinator, g7):
    original = Enrolment.objects.get(email="p10@example.gov.uk")
    substitute = _substitute(original, coordinator, g7)
    assert substitute.status == "waitlisted"
    assert enrolment_waitlist_position(substitute) == 1


def test_no_substitution_once_the_first_session_has_started(cohort, coordinator, g7):
    original = Enrolment.objects.get(email="p2@example.gov.uk")
    with pytest.raises(Conflict) as caught:
        _substitute(original, coordinator, g7, now=FIRST_SESSION + timedelta(minutes=1))
    assert caught.value.code == "cohort_started"
    original.refresh_from_db()
    assert original.status == "enrolled"


def test_the_colleague_must_be_eligible(cohort, coordinator, seo):
    with pytest.raises(RuleBroken):
        _substitute(Enrolment.objects.get(email="p2@example.gov.uk"), coordinator, seo)


def test_the_colleague_must_not_already_be_in_the_cohort(cohort, coordinator, g7):
    with pytest.raises(RuleBroken):
        _substitute(
            Enrolment.objects.get(email="p2@example.gov.uk"),
            coordinator,
            g7,
            email="p3@example.gov.uk",
        )


def test_the_colleague_must_be_someone_else(cohort, coordinator, g7):
    with pytest.raises(RuleBroken, match=SUBSTITUTE_SAME_PERSON):
        _substitute(
            Enrolment.objects.get(email="p2@example.gov.uk"),
            coordinator,
            g7,
            email="P2@example.gov.uk",
        )


def test_a_withdrawn_place_cannot_pass_on(cohort, coordinator, g7):
    original = Enrolment.objects.get(email="p2@example.gov.uk")
    original.status = "withdrawn"
    original.save()
    with pytest.raises(Conflict):
        _substitute(original, coordinator, g7)
