"""The one helper that serialises changes to a cohort's places.

Every service that counts a cohort's places and then writes (enrolling, withdrawing,
substituting, changing the capacity) calls `lock_cohort` inside its transaction, late but
before the count. The database does the locking, never the Python process, so it holds across
threads, worker processes and machines:

- PostgreSQL: `SELECT ... FOR UPDATE` on the cohort row, waiting at most `LOCK_TIMEOUT_MS`;
  a lock not granted in time raises `Busy` (the API answers 409 with `Retry-After`).
- SQLite: the settings open every transaction with `BEGIN IMMEDIATE`, which takes the
  database's single write lock at the start of the transaction, so writers are already
  serialised when this helper runs; waiting is bounded by the connection's `timeout`. A
  SQLite connection without IMMEDIATE is refused (see `_sqlite_require_immediate`).
"""

import sqlite3
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, transaction

from missionled.core.errors import Busy

if TYPE_CHECKING:
    from missionled.cohorts.models import Cohort

# Switched off by exactly one test, to prove that without the lock the race is real.
LOCKING_ENABLED = True
# How long a PostgreSQL transaction waits for the cohort lock before giving up.
LOCK_TIMEOUT_MS = 10_000

BUSY = "Someone else is changing this cohort's places right now. Try again in a moment."
OUTSIDE_TRANSACTION = "lock_cohort must be called inside transaction.atomic()."
SQLITE_NEEDS_IMMEDIATE = (
    'SQLite connections must set OPTIONS["transaction_mode"] = "IMMEDIATE" so that a cohort\'s '
    "places are changed by one writer at a time."
)
# PostgreSQL's SQLSTATE for "lock_not_available" (lock_timeout or NOWAIT).
LOCK_NOT_AVAILABLE = "55P03"
# SQLite's answers when the write lock is not free within the connection's timeout.
SQLITE_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_LOCKED"})


def _lock_not_granted(error: BaseException) -> bool:
    for candidate in (error, error.__cause__):
        if getattr(candidate, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return True
        if getattr(candidate, "sqlite_errorname", None) in SQLITE_BUSY:
            return True
    return False


def cohort_transaction[**P, R](service: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic` for services that call `lock_cohort`.

    A lock that cannot be had in time becomes `Busy`, whether the database gives up at
    `BEGIN IMMEDIATE` (SQLite, before the service body runs) or at the row (PostgreSQL).
    """

    @wraps(service)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except (OperationalError, sqlite3.OperationalError) as error:
            if _lock_not_granted(error):
                raise Busy(BUSY, code="busy") from error
            raise

    return locked


def lock_cohort(cohort_id: int) -> "Cohort":
    """Lock the cohort row until the surrounding transaction ends and return it fresh.

    :raises RuntimeError: if called outside a transaction (the lock would end at once).
    :raises Busy: if PostgreSQL cannot grant the lock within `LOCK_TIMEOUT_MS`.
    :raises Cohort.DoesNotExist: if there is no such cohort.
    """
    from missionled.cohorts.models import Cohort

    if not connection.in_atomic_block:
        raise RuntimeError(OUTSIDE_TRANSACTION)
    cohorts = Cohort.objects.all()
    if not LOCKING_ENABLED:
        return cohorts.get(pk=cohort_id)
    if connection.vendor == "sqlite":
        _sqlite_require_immediate()
        return cohorts.get(pk=cohort_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
    try:
        return cohorts.select_for_update().get(pk=cohort_id)
    except OperationalError as error:
        if _lock_not_granted(error):
            raise Busy(BUSY, code="busy") from error
        raise


def _sqlite_require_immediate() -> None:
    """With `transaction_mode="IMMEDIATE"` the write lock is already held. Without it, a
    transaction that has read anything cannot safely upgrade to the write lock in WAL mode
    (SQLite refuses with "database is locked" rather than waiting), so refuse to run."""
    options = connection.settings_dict.get("OPTIONS", {})
    if str(options.get("transaction_mode", "")).upper() != "IMMEDIATE":
        raise ImproperlyConfigured(SQLITE_NEEDS_IMMEDIATE)
