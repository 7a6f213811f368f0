"""Catch-up places under the same races as enrolments (see `test_concurrency.py`).

Each booking locks the participant's cohort and the host cohort in ascending id order, then
counts the host session's places: its cohort's enrolled people plus the session's booked
catch-ups. Participants from many cohorts booking one session at once contend for both
locks in every order, so these tests show both that nobody is booked past capacity and
that the ordered locks never deadlock (a deadlock or lock timeout would be an error here).
The mixed race has ordinary enrolments into the host cohort, which subtract its busiest
session's catch-ups, compete with catch-ups for the same places. As in `test_concurrency.py`,
switching the lock off shows the race on PostgreSQL only.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from missionled.core import locking
from missionled.core.errors import CapacityFull
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.selectors import cohort_counts
from missionled.enrolments.services import catch_up as service
from missionled.enrolments.services.catch_up import catch_up_book, catch_up_places_taken
from missionled.enrolments.services.enrolments import enrolment_create
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for
from missionled.enrolments.tests.test_concurrency import run_at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

CAPACITY = 6
PLACES_LEFT = 2
VISITORS = 24
DEPARTMENTS = ["DfE", "DWP", "DHSC", "DfT", "CO", "DBT"]


def _host_with_places_left(places_left: int) -> Any:
    host = cohort_for("practising-it", "HMRC", capacity=CAPACITY)
    for n in range(CAPACITY - places_left):
        EnrolmentFactory(cohort=host, email=f"host{n}@hmrc.gov.uk", sequence=n + 1)
    return host


def _visitors(count: int, prefix: str) -> list[Enrolment]:
    """`count` enrolled participants spread over a cohort of the course per department."""
    cohorts = [cohort_for("practising-it", department) for department in DEPARTMENTS]
    return [
        EnrolmentFactory(cohort=cohorts[n % len(cohorts)], email=f"{prefix}{n}@example.gov.uk")
        for n in range(count)
    ]


def _around_the_host(places_left: int, count: int) -> tuple[Any, list[Enrolment]]:
    """The host and `count` visitors, half in cohorts made before it and half after, so
    their bookings take the two cohort locks in both orders."""
    before = _visitors(count // 2, "before")
    host = _host_with_places_left(places_left)
    visitors = before + _visitors(count - count // 2, "after")
    assert {visitor.cohort_id < host.pk for visitor in visitors} == {True, False}
    return host, visitors


def _book(actor: Any, visitor: Enrolment, session: Any) -> Callable[[], CatchUp]:
    return lambda: catch_up_book(actor=actor, enrolment=visitor, session=session, now=BEFORE_START)


def test_two_places_go_to_two_of_twenty_four_catch_ups_at_once(admin):
    host, visitors = _around_the_host(PLACES_LEFT, VISITORS)
    session = host.sessions.get(order=2)

    made, errors = run_at_once([_book(admin, visitor, session) for visitor in visitors])

    assert len(made) == PLACES_LEFT
    assert [type(error) for error in errors] == [CapacityFull] * (VISITORS - PLACES_LEFT)
    assert {getattr(error, "code", None) for error in errors} == {"capacity_full"}
    booked = CatchUp.objects.filter(session=session, status=CatchUp.Status.BOOKED)
    assert sorted(booked.values_list("pk", flat=True)) == sorted(c.pk for c in made)
    assert catch_up_places_taken(session) == CAPACITY
    assert catch_up_places_taken(host.sessions.get(order=1)) == CAPACITY - PLACES_LEFT


def test_without_the_lock_the_catch_ups_overfill_the_session(admin, monkeypatch):
    """The race the first test guards against is real: with the lock off and every booking
    made to count before any inserts, all of them take a place."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's BEGIN IMMEDIATE serialises whole transactions; see test_concurrency")
    host, visitors = _around_the_host(PLACES_LEFT, VISITORS)
    session = host.sessions.get(order=2)
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    count, everyone_counted = service.catch_up_places_taken, threading.Barrier(VISITORS)

    def count_then_wait(session: Any) -> int:
        taken = count(session)
        everyone_counted.wait(timeout=30)
        return taken

    monkeypatch.setattr(service, "catch_up_places_taken", count_then_wait)

    made, errors = run_at_once([_book(admin, visitor, session) for visitor in visitors])

    assert errors == []
    assert len(made) == VISITORS
    assert catch_up_places_taken(session) == CAPACITY - PLACES_LEFT + VISITORS


def test_enrolments_and_catch_ups_at_once_never_overfill_a_session(admin, g7):
    places_left = 3
    host, visitors = _around_the_host(places_left, 12)
    session = host.sessions.get(order=2)

    def enrol(n: int) -> Callable[[], Enrolment]:
        return lambda: enrolment_create(
            cohort=host,
            name=f"Racer {n}",
            email=f"racer{n}@hmrc.gov.uk",
            grade=g7,
            actor=admin,
            now=BEFORE_START,
        )

    steps = [step for n, v in enumerate(visitors) for step in (enrol(n), _book(admin, v, session))]
    made, errors = run_at_once(steps)

    assert [type(error) for error in errors] == [CapacityFull] * len(errors)
    enrolments = [m for m in made if isinstance(m, Enrolment)]
    catch_ups = [m for m in made if isinstance(m, CatchUp)]
    assert len(enrolments) == len(visitors)
    assert len(catch_ups) + len(errors) == len(visitors)
    enrolled, waiting = cohort_counts(host)
    # A new participant needs a place in every session, a catch-up only in its own; together
    # they fill the contested session exactly, and no session holds more than the capacity.
    assert catch_up_places_taken(session) == CAPACITY
    assert catch_up_places_taken(host.sessions.get(order=1)) == enrolled <= CAPACITY
    assert enrolled == CAPACITY - places_left + len(enrolments) - waiting
    assert enrolled + len(catch_ups) == CAPACITY
    # Places never came free during the race, so everyone enrolled arrived before anyone
    # who waits.
    by_arrival = sorted(enrolments, key=lambda enrolment: enrolment.sequence)
    statuses = [e.status for e in by_arrival]
    assert statuses == sorted(statuses, key=lambda status: status != Enrolment.Status.ENROLLED)
