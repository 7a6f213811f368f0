"""Changes to a confirmed booking's cohort."""

from django.db import transaction

from missionled.cohorts.models import Booking, Cohort
from missionled.cohorts.selectors import cohort_enrolled_count
from missionled.cohorts.services.bookings import (
    PROVIDER_ONLY,
    SIZE_TOO_LARGE,
    SIZE_TOO_SMALL,
    require_role,
)
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, RuleBroken
from missionled.organisations.models import Role, User

CAPACITY_BELOW_ENROLLED = (
    "The capacity cannot be {capacity}: {enrolled} people are already enrolled."
)
CAPACITY_CLOSED = "The capacity of a {status} booking's cohort cannot change."


@transaction.atomic
def cohort_capacity_change(*, cohort: Cohort, actor: User, capacity: int) -> Cohort:
    """Change a cohort's capacity within the course's bounds, never below those enrolled.

    Takes the cohort lock, so enrolments cannot slip in between the count and the change;
    when the capacity rises, the waiting list is promoted into the new places at once.

    :raises NotAllowed: unless the actor is the provider.
    :raises Conflict: if the booking is cancelled, declined or completed.
    :raises RuleBroken: if the capacity is outside the bounds or below the enrolled count.
    """
    from missionled.core.clock import now
    from missionled.core.locking import lock_cohort
    from missionled.enrolments.services.enrolments import enrolments_fill_places

    require_role(actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="change the capacity of"))
    lock_cohort(cohort.pk)
    cohort = Cohort.objects.select_related("booking", "course").get(pk=cohort.pk)
    if cohort.booking.status not in (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY):
        status = cohort.booking.get_status_display().lower()
        raise Conflict(CAPACITY_CLOSED.format(status=status), code="transition_not_allowed")
    name = cohort.course.short_title
    if capacity < cohort.min_capacity:
        message = SIZE_TOO_SMALL.format(course=name, bound=cohort.min_capacity, size=capacity)
        raise RuleBroken(message, code="size_out_of_bounds", fields={"capacity": [message]})
    if capacity > cohort.max_capacity:
        message = SIZE_TOO_LARGE.format(course=name, bound=cohort.max_capacity, size=capacity)
        raise RuleBroken(message, code="size_out_of_bounds", fields={"capacity": [message]})
    enrolled = cohort_enrolled_count(cohort)
    if capacity < enrolled:
        message = CAPACITY_BELOW_ENROLLED.format(capacity=capacity, enrolled=enrolled)
        raise RuleBroken(message, code="capacity_below_enrolled", fields={"capacity": [message]})
    before = cohort.capacity
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity", "updated_at"])
    audit_record(
        action="cohorts.booking.capacity_changed",
        obj=cohort.booking,
        actor=actor,
        payload={"cohort": cohort.pk, "from": before, "to": capacity},
    )
    if capacity > before:
        enrolments_fill_places(cohort=cohort, actor=actor, now=now())
    return cohort
