"""Two provider admins confirming the same booking at once: one wins, the other is told the
booking is already confirmed, and exactly one cohort exists."""

import threading

import pytest
from django.db import connection

from missionled.cohorts.models import Cohort, Session
from missionled.cohorts.services.bookings import booking_confirm
from missionled.cohorts.tests.factories import booking_for
from missionled.core.errors import Conflict

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_confirmations_make_one_cohort(make_user):
    if connection.vendor == "sqlite":
        # The in-memory test database shares one cache between connections, whose table
        # locks fail at once instead of waiting; a file database waits (IMMEDIATE mode).
        pytest.skip("needs a database whose connections wait for each other's locks")
    booking = booking_for()
    admins = [make_user("provider_admin"), make_user("provider_admin")]
    barrier = threading.Barrier(len(admins))
    outcomes: list[str] = []

    def confirm(admin):
        try:
            barrier.wait(timeout=10)
            booking_confirm(booking=booking, actor=admin)
            outcomes.append("confirmed")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(admin,)) for admin in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["confirmed", "conflict"])
    assert Cohort.objects.count() == 1
    assert Session.objects.count() == 2
