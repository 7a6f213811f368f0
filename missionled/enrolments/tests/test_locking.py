"""The cohort lock helper refuses to run where it could not hold the lock."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from missionled.cohorts.models import Cohort
from missionled.core.locking import OUTSIDE_TRANSACTION, lock_cohort
from missionled.enrolments.tests.factories import cohort_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_outside_a_transaction_the_lock_is_refused():
    cohort = cohort_for(sessions=False)
    with pytest.raises(RuntimeError, match=OUTSIDE_TRANSACTION):
        lock_cohort(cohort.pk)


def test_inside_a_transaction_the_cohort_comes_back_fresh():
    cohort = cohort_for(sessions=False)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=12)
    with transaction.atomic():
        assert lock_cohort(cohort.pk).capacity == 12


def test_an_unknown_cohort_is_does_not_exist():
    with transaction.atomic(), pytest.raises(Cohort.DoesNotExist):
        lock_cohort(2_000_000)


def test_sqlite_without_immediate_transactions_is_refused(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    cohort = cohort_for(sessions=False)
    options = {**connection.settings_dict["OPTIONS"], "transaction_mode": "DEFERRED"}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    with transaction.atomic(), pytest.raises(ImproperlyConfigured):
        lock_cohort(cohort.pk)
