"""Raising a cohort's capacity promotes the waiting list into the new places at once."""

from typing import Any

import pytest
from django.core import mail

from missionled.cohorts.services import cohorts
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db


def _statuses(cohort: Any) -> dict[str, str]:
    return dict(cohort.enrolments.values_list("email", "status"))


def test_raising_the_capacity_promotes_the_first_waiting_in_order(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = make_user("provider_admin")
    cohort = cohort_for("practising-it", "DfE", capacity=10)
    for n in range(10):
        EnrolmentFactory(cohort=cohort, email=f"in{n}@education.gov.uk", sequence=n + 1)
    for n, name in enumerate(("first", "second", "third")):
        EnrolmentFactory(
            cohort=cohort,
            email=f"{name}@education.gov.uk",
            status=Enrolment.Status.WAITLISTED,
            sequence=20 + n,
        )

    with django_capture_on_commit_callbacks(execute=True):
        cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=12)

    statuses = _statuses(cohort)
    assert statuses["first@education.gov.uk"] == Enrolment.Status.ENROLLED
    assert statuses["second@education.gov.uk"] == Enrolment.Status.ENROLLED
    assert statuses["third@education.gov.uk"] == Enrolment.Status.WAITLISTED
    assert cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 12
    promoted = sorted(m.to[0] for m in mail.outbox)
    assert promoted == ["first@education.gov.uk", "second@education.gov.uk"]
    assert all("the place is now yours" in m.body for m in mail.outbox)


def test_lowering_the_capacity_promotes_nobody(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    admin = make_user("provider_admin")
    cohort = cohort_for("practising-it", "DfE", capacity=12)
    for n in range(10):
        EnrolmentFactory(cohort=cohort, email=f"in{n}@education.gov.uk", sequence=n + 1)
    EnrolmentFactory(
        cohort=cohort, email="wait@education.gov.uk", status=Enrolment.Status.WAITLISTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=11)

    assert _statuses(cohort)["wait@education.gov.uk"] == Enrolment.Status.WAITLISTED
    assert mail.outbox == []


def test_the_change_takes_the_cohort_lock(make_user: Any, monkeypatch: Any) -> None:
    from missionled.core import locking

    admin = make_user("provider_admin")
    cohort = cohort_for("practising-it", "DfE", capacity=10)
    locked: list[int] = []
    real = locking.lock_cohort

    def spy(cohort_id: int) -> Any:
        locked.append(cohort_id)
        return real(cohort_id)

    monkeypatch.setattr(locking, "lock_cohort", spy)
    cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=11)
    assert locked[:1] == [cohort.pk]
