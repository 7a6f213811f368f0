from typing import Any

import pytest

from missionled.core.errors import Conflict, NotAllowed, NotFound
from missionled.core.models import AuditEntry
from missionled.enrolments import hooks
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import cohort_counts, enrolment_waitlist_position
from missionled.enrolments.services.enrolments import (
    enrolment_create,
    enrolment_withdraw,
    enrolments_fill_places,
)
from missionled.enrolments.tests.factories import BEFORE_START, cohort_for

pytestmark = pytest.mark.django_db
NOW = BEFORE_START


@pytest.fixture
def full_cohort(coordinator, g7) -> Any:
    """A cohort of 10 with every place taken and three people waiting."""
    cohort = cohort_for(capacity=10)
    for n in range(13):
        enrolment_create(
            cohort=cohort,
            name=f"P {n}",
            email=f"p{n}@example.gov.uk",
            grade=g7,
            actor=coordinator,
            now=NOW,
        )
    return cohort


def _by_email(email: str) -> Enrolment:
    return Enrolment.objects.get(email=email, status__in=Enrolment.ACTIVE)


def test_withdrawing_a_place_promotes_the_first_waiting_in_the_same_transaction(
    full_cohort, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        enrolment_withdraw(enrolment=_by_email("p3@example.gov.uk"), actor=coordinator, now=NOW)
    assert cohort_counts(full_cohort) == (10, 2)
    assert _by_email("p10@example.gov.uk").status == "enrolled"
    assert [enrolment_waitlist_position(_by_email(f"p{n}@example.gov.uk")) for n in (11, 12)] == [
        1,
        2,
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"enrolments.enrolment.withdrawn", "enrolments.enrolment.promoted"} <= actions
    assert len(callbacks) == 2


def test_a_failure_after_withdrawal_promotes_nobody(full_cohort, coordinator, monkeypatch):
    """The promotion and the withdrawal commit or roll back together."""

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    from missionled.enrolments.services import enrolments as service

    real = service.audit_record
    monkeypatch.setattr(
        service,
        "audit_record",
        lambda **kw: fail() if kw["action"].endswith("promoted") else real(**kw),
    )
    with pytest.raises(RuntimeError):
        enrolment_withdraw(enrolment=_by_email("p3@example.gov.uk"), actor=coordinator, now=NOW)
    assert _by_email("p3@example.gov.uk").status == "enrolled"
    assert cohort_counts(full_cohort) == (10, 3)


def test_withdrawing_from_the_waiting_list_closes_the_gap(full_cohort, coordinator):
    enrolment_withdraw(enrolment=_by_email("p11@example.gov.uk"), actor=coordinator, now=NOW)
    assert cohort_counts(full_cohort) == (10, 2)
    assert [enrolment_waitlist_position(_by_email(f"p{n}@example.gov.uk")) for n in (10, 12)] == [
        1,
        2,
    ]


def test_the_promoted_hook_names_the_promoted_person(
    full_cohort, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    promoted: list[Enrolment] = []
    monkeypatch.setattr(hooks, "enrolment_promoted_notify", promoted.append)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=_by_email("p0@example.gov.uk"), actor=coordinator, now=NOW)
    assert [e.email for e in promoted] == ["p10@example.gov.uk"]


def test_withdrawing_twice_is_a_conflict(full_cohort, coordinator):
    enrolment = _by_email("p0@example.gov.uk")
    enrolment_withdraw(enrolment=enrolment, actor=coordinator, now=NOW)
    with pytest.raises(Conflict):
        enrolment_withdraw(enrolment=enrolment, actor=coordinator, now=NOW)


def test_a_participant_may_withdraw_themself_but_nobody_else(full_cohort, make_user):
    user = make_user("participant", email="p1@example.gov.uk")
    enrolment_withdraw(enrolment=_by_email("p1@example.gov.uk"), actor=user, now=NOW)
    with pytest.raises(NotFound):
        enrolment_withdraw(enrolment=_by_email("p2@example.gov.uk"), actor=user, now=NOW)


@pytest.mark.parametrize("role", ["facilitator", "mission_analyst"])
def test_other_roles_may_not_withdraw(full_cohort, make_user, role):
    with pytest.raises(NotAllowed):
        enrolment_withdraw(enrolment=_by_email("p1@example.gov.uk"), actor=make_user(role), now=NOW)


def test_another_departments_coordinator_finds_nothing(full_cohort, hmrc_coordinator):
    with pytest.raises(NotFound):
        enrolment_withdraw(
            enrolment=_by_email("p1@example.gov.uk"), actor=hmrc_coordinator, now=NOW
        )


def test_raising_the_capacity_then_filling_places_serves_the_queue(full_cohort, admin):
    full_cohort.capacity = 12
    full_cohort.save()
    promoted = enrolments_fill_places(cohort=full_cohort, actor=admin, now=NOW)
    assert [e.email for e in promoted] == ["p10@example.gov.uk", "p11@example.gov.uk"]
    assert cohort_counts(full_cohort) == (12, 1)
