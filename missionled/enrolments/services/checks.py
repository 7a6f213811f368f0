"""Daily checks on cohorts that are about to start, each notice sent at most once.

- A cohort with fewer people enrolled than its course's minimum size 14 days before its
  first session is flagged to its department's coordinators and to the provider admins.
- A cohort with places booked but not yet named reminds its coordinators to name them by a
  cut-off, 10 working days (weekdays that are not bank holidays in the department's region)
  before the first session. The reminder goes from a week before the cut-off until it.

Every notice carries a `dedupe_key` naming the cohort, the first session's date and the
recipient, so running the checks again (or two runs at once) never sends one twice.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.conf import settings
from django.db.models import Min, Q

from missionled.cohorts.models import Booking, Cohort, Session
from missionled.core.clock import LONDON
from missionled.enrolments.models import Enrolment
from missionled.notifications.services.notifications import notification_queue
from missionled.organisations.models import Role, User
from missionled.scheduling.rules import Region, bank_holiday_name, long_date

MIN_SIZE_DAYS = 14
NAMING_CUTOFF_WORKING_DAYS = 10
NAMING_REMINDER_DAYS = 7
OPEN_BOOKINGS = (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY)


@dataclass(frozen=True)
class ChecksResult:
    """How many notices each check queued in one run."""

    below_minimum: int = 0
    unnamed_places: int = 0

    @property
    def total(self) -> int:
        return self.below_minimum + self.unnamed_places


def is_working_day(day: date, region: Region) -> bool:
    """A weekday that is not a bank holiday in `region`."""
    return day.weekday() < 5 and bank_holiday_name(day, region) is None


def naming_cutoff(first_day: date, region: Region) -> date:
    """The day by which booked places must be named: `NAMING_CUTOFF_WORKING_DAYS` working
    days before the first session's day."""
    day = first_day
    counted = 0
    while counted < NAMING_CUTOFF_WORKING_DAYS:
        day -= timedelta(days=1)
        if is_working_day(day, region):
            counted += 1
    return day


def _coordinator_emails(cohort: Cohort) -> list[str]:
    emails = User.objects.filter(
        role=Role.COORDINATOR, department=cohort.department, is_active=True
    ).values_list("email", flat=True)
    found = sorted({email.lower() for email in emails if email})
    if not found and cohort.booking.contact_email:
        found = [cohort.booking.contact_email.lower()]
    return found


def _provider_emails() -> list[str]:
    emails = User.objects.filter(role=Role.PROVIDER_ADMIN, is_active=True).values_list(
        "email", flat=True
    )
    return sorted({email.lower() for email in emails if email})


def _service_url() -> str:
    return str(getattr(settings, "SERVICE_URL", "")).rstrip("/")


def _upcoming(now: datetime) -> list[Cohort]:
    """Open cohorts whose first scheduled session is still ahead."""
    cohorts = (
        Cohort.objects.filter(booking__status__in=OPEN_BOOKINGS)
        .annotate(
            first_start=Min(
                "sessions__starts_at", filter=Q(sessions__status=Session.Status.SCHEDULED)
            )
        )
        .filter(first_start__gt=now)
        .select_related("booking", "course", "department")
        .order_by("first_start", "pk")
    )
    return list(cohorts)


def _facts(cohort: Cohort, first_start: datetime, enrolled: int) -> dict[str, object]:
    return {
        "course": cohort.course.title,
        "department": cohort.department.name,
        "first_session": long_date(first_start.astimezone(LONDON).date()),
        "capacity": cohort.capacity,
        "minimum": cohort.min_capacity,
        "enrolled": enrolled,
        "unnamed": max(cohort.capacity - enrolled, 0),
        "service_url": _service_url(),
    }


def _below_minimum(cohort: Cohort, first_start: datetime, enrolled: int, today: date) -> int:
    first_day = first_start.astimezone(LONDON).date()
    if enrolled >= cohort.min_capacity or today < first_day - timedelta(days=MIN_SIZE_DAYS):
        return 0
    facts = _facts(cohort, first_start, enrolled)
    queued = 0
    for email in sorted(set(_coordinator_emails(cohort)) | set(_provider_emails())):
        key = f"cohort-below-minimum:{cohort.pk}:{first_day:%Y%m%d}:{email}"
        if notification_queue(
            to=email, template="cohort_below_minimum", context=facts, dedupe_key=key
        ):
            queued += 1
    return queued


def _unnamed_places(cohort: Cohort, first_start: datetime, enrolled: int, today: date) -> int:
    if enrolled >= cohort.capacity:
        return 0
    first_day = first_start.astimezone(LONDON).date()
    region = cast(Region, cohort.department.bank_holiday_region)
    cutoff = naming_cutoff(first_day, region)
    if not cutoff - timedelta(days=NAMING_REMINDER_DAYS) <= today <= cutoff:
        return 0
    facts = _facts(cohort, first_start, enrolled)
    facts["cutoff"] = long_date(cutoff)
    queued = 0
    for email in _coordinator_emails(cohort):
        key = f"cohort-unnamed-places:{cohort.pk}:{first_day:%Y%m%d}:{email}"
        if notification_queue(
            to=email, template="cohort_unnamed_places", context=facts, dedupe_key=key
        ):
            queued += 1
    return queued


def cohort_checks_run(*, now: datetime) -> ChecksResult:
    """Flag cohorts below their minimum size and remind coordinators of unnamed places.

    Safe to run as often as wanted: each notice has one dedupe key. Returns how many were
    queued by each check."""
    today = now.astimezone(LONDON).date()
    below = unnamed = 0
    for cohort in _upcoming(now):
        first_start = cast(datetime, cohort.first_start)  # type: ignore[attr-defined]
        enrolled = cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        below += _below_minimum(cohort, first_start, enrolled, today)
        unnamed += _unnamed_places(cohort, first_start, enrolled, today)
    return ChecksResult(below_minimum=below, unnamed_places=unnamed)
