"""Any sequence of enrolments, withdrawals and substitutions keeps the places within capacity
and the waiting list first come, first served."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import waitlist_positions
from missionled.enrolments.services.enrolments import (
    enrolment_create,
    enrolment_substitute,
    enrolment_withdraw,
)
from missionled.enrolments.tests.factories import BEFORE_START, cohort_for

pytestmark = pytest.mark.django_db

CAPACITY = 10
emails = itertools.count()
operations = st.lists(
    st.one_of(
        st.tuples(st.just("enrol"), st.integers(1, 6)),
        st.tuples(st.just("withdraw"), st.integers(0, 30)),
        st.tuples(st.just("substitute"), st.integers(0, 30)),
    ),
    max_size=14,
)


def _apply(cohort, actor, grade, operation) -> None:
    kind, number = operation
    active = list(cohort.enrolments.filter(status__in=Enrolment.ACTIVE).order_by("sequence"))
    if kind == "enrol":
        for _ in range(number):
            enrolment_create(
                cohort=cohort,
                name="P",
                email=f"p{next(emails)}@example.gov.uk",
                grade=grade,
                actor=actor,
                now=BEFORE_START,
            )
    elif active:
        target = active[number % len(active)]
        if kind == "withdraw":
            enrolment_withdraw(enrolment=target, actor=actor, now=BEFORE_START)
        else:
            enrolment_substitute(
                enrolment=target,
                name="S",
                email=f"s{next(emails)}@example.gov.uk",
                grade=grade,
                actor=actor,
                now=BEFORE_START,
            )


def _check(cohort) -> None:
    active = list(cohort.enrolments.filter(status__in=Enrolment.ACTIVE))
    enrolled = [e for e in active if e.status == Enrolment.Status.ENROLLED]
    waiting = [e for e in active if e.status == Enrolment.Status.WAITLISTED]
    assert len(enrolled) <= CAPACITY
    assert not waiting or len(enrolled) == CAPACITY  # nobody waits while a place is free
    positions = waitlist_positions(active)
    assert sorted(positions.values()) == list(range(1, len(waiting) + 1))
    # First come, first served: everyone holding a place arrived before everyone waiting.
    if enrolled and waiting:
        assert max(e.sequence for e in enrolled) < min(e.sequence for e in waiting)
    assert len({e.email for e in active}) == len(active)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations)
def test_any_sequence_keeps_capacity_and_arrival_order(coordinator, g7, steps):
    cohort = cohort_for(capacity=CAPACITY)
    for operation in steps:
        _apply(cohort, coordinator, g7, operation)
        _check(cohort)
