"""Fifty people enrolled at the same moment into a cohort with five places left.

Each thread has its own database connection and its own transaction, released together by a
barrier, so the database alone decides who comes first. With the cohort lock, exactly five
are enrolled and the other forty-five wait in arrival order. Without it, on PostgreSQL, the
cohort overfills.

On SQLite the second test cannot show a race: SQLite has one writer at a time, and the
settings open every transaction with BEGIN IMMEDIATE, which takes that write lock before the
transaction reads anything. The lock helper adds nothing there, so switching it off changes
nothing, and the proof of the race runs on PostgreSQL only.

On both databases, a lock not granted in time is `Busy` (the API's 409 with Retry-After):
on PostgreSQL at the row, on SQLite at BEGIN IMMEDIATE.
"""

import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection

from missionled.core import locking
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import cohort_counts, enrolment_waitlist_position
from missionled.enrolments.services import enrolments as service
from missionled.enrolments.services.enrolments import enrolment_create
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

THREADS = 50
CAPACITY = 10
ALREADY_ENROLLED = 5
PLACES_LEFT = CAPACITY - ALREADY_ENROLLED


def _cohort_with_five_places_left() -> Any:
    cohort = cohort_for(capacity=CAPACITY)
    for n in range(ALREADY_ENROLLED):
        EnrolmentFactory(cohort=cohort, email=f"early{n}@example.gov.uk", sequence=n + 1)
    return cohort


def run_at_once[T](steps: Sequence[Callable[[], T]]) -> tuple[list[T], list[BaseException]]:
    """Run every step in its own thread, each on its own connection, released together by a
    barrier; return what the steps made and what they raised. Other catch-up and capacity
    races reuse this, so the database alone decides who comes first in each."""
    barrier = threading.Barrier(len(steps))
    made: list[T] = []
    errors: list[BaseException] = []

    def run(step: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=30)
            made.append(step())
        except Exception as error:  # every failure is the finding, so record them all
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return made, errors


def _race(cohort: Any, actor: Any, grade: Any) -> tuple[list[Enrolment], list[str]]:
    """Start THREADS enrolments at once; return what each made and any errors."""

    def enrol(n: int) -> Callable[[], Enrolment]:
        return lambda: enrolment_create(
            cohort=cohort,
            name=f"Racer {n}",
            email=f"racer{n}@example.gov.uk",
            grade=grade,
            actor=actor,
            now=BEFORE_START,
        )

    made, errors = run_at_once([enrol(n) for n in range(THREADS)])
    return made, [repr(error) for error in errors]


def test_fifty_at_once_fill_five_places_and_queue_the_rest_in_arrival_order(coordinator, g7):
    cohort = _cohort_with_five_places_left()
    made, errors = _race(cohort, coordinator, g7)

    assert errors == []
    assert len(made) == THREADS
    assert cohort_counts(cohort) == (CAPACITY, THREADS - PLACES_LEFT)
    arrivals = sorted(made, key=lambda enrolment: enrolment.sequence)
    # Arrival order is the order the lock was granted: sequences are unique and unbroken.
    assert [e.sequence for e in arrivals] == list(range(6, 6 + THREADS))
    # The first five through the lock took the places; everyone after them waits.
    assert {e.status for e in arrivals[:PLACES_LEFT]} == {"enrolled"}
    assert {e.status for e in arrivals[PLACES_LEFT:]} == {"waitlisted"}
    positions = [enrolment_waitlist_position(e) for e in arrivals[PLACES_LEFT:]]
    assert positions == list(range(1, THREADS - PLACES_LEFT + 1))


def _after_the_count(step: Callable[..., Any], barrier: threading.Barrier) -> Callable[..., Any]:
    """Wrap the step that `_place` takes between counting the places and inserting, so every
    thread has counted before any inserts: the widest window the race can have."""

    def wait_then_step(*args: Any, **kwargs: Any) -> Any:
        barrier.wait(timeout=30)
        return step(*args, **kwargs)

    return wait_then_step


def test_without_the_lock_the_cohort_overfills(coordinator, g7, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's BEGIN IMMEDIATE already serialises whole transactions, so switching the "
            "lock helper off cannot open a race; see the module docstring"
        )
    cohort = _cohort_with_five_places_left()
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    monkeypatch.setattr(
        service,
        "_participant_users",
        _after_the_count(service._participant_users, threading.Barrier(THREADS)),
    )
    made, errors = _race(cohort, coordinator, g7)

    assert errors == []
    assert len(made) == THREADS
    enrolled, _ = cohort_counts(cohort)
    # Every racer counted five enrolled before anyone inserted, so every racer took a place.
    assert enrolled == ALREADY_ENROLLED + THREADS


def _short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, this thread's connection gives up waiting for a lock after 0.2 s."""
    if connection.vendor == "postgresql":
        monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
        return
    # SQLite waits at BEGIN IMMEDIATE for the connection's `timeout`, set when it connects.
    connection.close()
    options = {**connection.settings_dict["OPTIONS"], "timeout": 0.2}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)


@pytest.mark.parametrize("via", ["service", "api"])
def test_a_lock_not_granted_in_time_answers_busy(coordinator, g7, monkeypatch, api_client_for, via):
    from django.db import transaction

    from missionled.core.errors import Busy

    cohort = _cohort_with_five_places_left()
    client = api_client_for(coordinator)  # before the lock: making a token writes
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                locking.lock_cohort(cohort.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        _short_wait(monkeypatch)
        if via == "api":
            response = client.post(
                f"/api/v1/cohorts/{cohort.pk}/enrolments",
                {"name": "Late", "email": "late@example.gov.uk", "grade": "G7"},
                content_type="application/json",
            )
            assert response.status_code == 409
            assert response.json()["error"]["code"] == "busy"
            assert response["Retry-After"] == "2"
            return
        with pytest.raises(Busy):
            enrolment_create(
                cohort=cohort,
                name="Late",
                email="late@example.gov.uk",
                grade=g7,
                actor=coordinator,
                now=BEFORE_START,
            )
    finally:
        release.set()
        holder.join(timeout=30)
        connection.close()
    assert cohort_counts(cohort) == (ALREADY_ENROLLED, 0)
