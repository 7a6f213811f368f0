"""Every change a person makes to a booking: request, confirm, decline and cancel.

Each service names the states it may start from and raises `Conflict` for any other, so an
illegal transition is refused the same way from the pages, the API and the command line.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from missionled.catalogue.models import Course, DeliveryMode
from missionled.cohorts.hooks import booking_cancelled_notify
from missionled.cohorts.models import Booking, Cohort, Region, Session
from missionled.cohorts.services.schedule import sessions_planned
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.organisations.models import Department, Role, User

BOOKING_ROLE_NOT_ALLOWED = "Only a department coordinator or the provider can book a cohort."
OTHER_DEPARTMENT = "You can only book cohorts for your own department, {own}."
PROVIDER_ONLY = "Only the provider can {verb} a booking."
COURSE_CLOSED = "{course} is not open for bookings."
DELIVERY_MODE_NOT_OFFERED = "{course} is not offered {mode}. Choose {offered}."
SIZE_TOO_SMALL = "A cohort of {course} needs at least {bound} people; you asked for {size}."
SIZE_TOO_LARGE = "A cohort of {course} can have at most {bound} people; you asked for {size}."
VENUE_REGION_REQUIRED = "Select the region of the venue for the face to face workshops."
VENUE_REGION_ONLINE = (
    "An online booking has no venue, so leave the venue region out, or choose face to face."
)
VENUE_REGION_UNKNOWN = "{value} is not a UK region. Choose one of: {regions}."
DEPARTMENT_REQUIRED = "Select the department the cohort is for."
START_IN_PAST = "The earliest start date must be today or later."
START_TOO_FAR = "The earliest start date must be within {years} years of today."
NUL_CHARACTER = "Remove the null character from the text."
REASON_REQUIRED = "Enter a reason for {doing} this booking."
TRANSITION_REFUSED = (
    "This booking is {status}, so it cannot be {done}. "
    "Only a booking that is {allowed} can be {done}."
)

MODE_WORDS = {DeliveryMode.ONLINE: "online", DeliveryMode.FACE_TO_FACE: "face to face"}
# Bookings are made a few terms ahead; a start beyond this is a typing mistake.
MAX_YEARS_AHEAD = 3
# Reasons are written to the audit log and shown to the department; keep them readable.
MAX_REASON_LENGTH = 2000


def require_role(actor: User, roles: Iterable[str], message: str) -> None:
    if actor.role not in set(roles):
        raise NotAllowed(message)


def _require_department(actor: User, department: Department) -> None:
    """A coordinator acts only for their own department; the provider acts for any."""
    if actor.role == Role.COORDINATOR and actor.department_id != department.pk:
        own = actor.department.acronym if actor.department else "none"
        raise NotAllowed(
            OTHER_DEPARTMENT.format(own=own),
            fields={"department": [OTHER_DEPARTMENT.format(own=own)]},
        )


def _require_status(booking: Booking, allowed: Iterable[str], done: str) -> None:
    allowed = list(allowed)
    if booking.status in allowed:
        return
    words = " or ".join(Booking.Status(status).label.lower() for status in allowed)
    message = TRANSITION_REFUSED.format(
        status=booking.get_status_display().lower(), done=done, allowed=words
    )
    raise Conflict(message, code="transition_not_allowed")


def _text(value: str, field: str) -> str:
    """Free text, trimmed; a NUL character cannot be stored (PostgreSQL refuses it)."""
    if "\x00" in value:
        raise RuleBroken(NUL_CHARACTER, code="invalid", fields={field: [NUL_CHARACTER]})
    return value.strip()


def _require_reason(reason: str, doing: str) -> str:
    cleaned = _text(reason or "", "reason")
    if not cleaned:
        message = REASON_REQUIRED.format(doing=doing)
        raise RuleBroken(message, code="reason_required", fields={"reason": [message]})
    return cleaned[:MAX_REASON_LENGTH]


def booking_locked(booking: Booking) -> Booking:
    """The booking row, locked for this transaction, so two admins cannot both confirm it."""
    return (
        Booking.objects.select_for_update()
        .select_related("course", "department")
        .get(pk=booking.pk)
    )


def booking_validate(
    *, course: Course, delivery_mode: str, expected_size: int, earliest_start: date, today: date
) -> None:
    """Check a booking's details against the course.

    :raises RuleBroken: naming the field and, for size, the bound it breaks.
    """
    name = course.short_title
    if not course.is_active:
        message = COURSE_CLOSED.format(course=name)
        raise RuleBroken(message, code="course_closed", fields={"course": [message]})
    if delivery_mode not in course.delivery_modes:
        offered = " or ".join(MODE_WORDS.get(m, m) for m in course.delivery_modes)
        mode = MODE_WORDS.get(delivery_mode, delivery_mode)  # type: ignore[call-overload]
        message = DELIVERY_MODE_NOT_OFFERED.format(course=name, mode=mode, offered=offered)
        raise RuleBroken(
            message, code="delivery_mode_not_offered", fields={"delivery_mode": [message]}
        )
    if expected_size < course.min_cohort or expected_size > course.max_cohort:
        template, bound = (
            (SIZE_TOO_SMALL, course.min_cohort)
            if expected_size < course.min_cohort
            else (SIZE_TOO_LARGE, course.max_cohort)
        )
        message = template.format(course=name, bound=bound, size=expected_size)
        raise RuleBroken(message, code="size_out_of_bounds", fields={"expected_size": [message]})
    if earliest_start < today:
        raise RuleBroken(
            START_IN_PAST, code="start_in_past", fields={"earliest_start": [START_IN_PAST]}
        )
    if (earliest_start - today).days > MAX_YEARS_AHEAD * 366:
        message = START_TOO_FAR.format(years=MAX_YEARS_AHEAD)
        raise RuleBroken(message, code="start_too_far", fields={"earliest_start": [message]})


def venue_region_validate(*, delivery_mode: str, venue_region: str) -> None:
    """A face-to-face booking names its venue's region, so the planner can allow travel time;
    an online one has none.

    :raises RuleBroken: naming `venue_region`.
    """
    if venue_region and venue_region not in Region.values:
        message = VENUE_REGION_UNKNOWN.format(
            value=repr(venue_region), regions=", ".join(Region.values)
        )
        raise RuleBroken(message, code="invalid", fields={"venue_region": [message]})
    if delivery_mode == DeliveryMode.FACE_TO_FACE and not venue_region:
        raise RuleBroken(
            VENUE_REGION_REQUIRED,
            code="venue_region_required",
            fields={"venue_region": [VENUE_REGION_REQUIRED]},
        )
    if delivery_mode != DeliveryMode.FACE_TO_FACE and venue_region:
        raise RuleBroken(
            VENUE_REGION_ONLINE,
            code="venue_region_not_allowed",
            fields={"venue_region": [VENUE_REGION_ONLINE]},
        )


@transaction.atomic
def booking_request(
    *,
    actor: User,
    course: Course,
    department: Department | None,
    delivery_mode: str,
    earliest_start: date,
    expected_size: int,
    today: date,
    contact_name: str = "",
    contact_email: str = "",
    notes: str = "",
    venue_region: str = "",
) -> Booking:
    """Request a closed cohort of `course` for `department`.

    :raises NotAllowed: if the actor is not a coordinator of that department or the provider.
    :raises RuleBroken: if the mode, size or start date does not suit the course, or the venue
        region does not suit the mode.
    """
    require_role(actor, (Role.PROVIDER_ADMIN, Role.COORDINATOR), BOOKING_ROLE_NOT_ALLOWED)
    if department is None:
        raise RuleBroken(
            DEPARTMENT_REQUIRED, code="invalid", fields={"department": [DEPARTMENT_REQUIRED]}
        )
    _require_department(actor, department)
    booking_validate(
        course=course,
        delivery_mode=delivery_mode,
        expected_size=expected_size,
        earliest_start=earliest_start,
        today=today,
    )
    venue_region_validate(delivery_mode=delivery_mode, venue_region=venue_region)
    booking = Booking(
        course=course,
        department=department,
        delivery_mode=delivery_mode,
        venue_region=venue_region,
        earliest_start=earliest_start,
        expected_size=expected_size,
        contact_name=_text(contact_name, "contact_name"),
        contact_email=_text(contact_email, "contact_email"),
        notes=_text(notes, "notes"),
        requested_by=actor,
    )
    booking.full_clean()
    booking.save()
    audit_record(
        action="cohorts.booking.requested",
        obj=booking,
        actor=actor,
        payload={
            "course": course.slug,
            "department": department.acronym,
            "delivery_mode": delivery_mode,
            "venue_region": venue_region,
            "earliest_start": earliest_start.isoformat(),
            "expected_size": expected_size,
        },
    )
    return booking


@transaction.atomic
def booking_confirm(
    *,
    booking: Booking,
    actor: User,
    slot: str = Cohort.Slot.MORNING,
    today: date | None = None,
) -> Booking:
    """Confirm a requested booking: create its cohort and schedule every session.

    Sessions start on or after the earliest start date, and never before `today` when given,
    so a booking confirmed after its earliest start is scheduled from now on.

    :raises NotAllowed: unless the actor is the provider.
    :raises Conflict: unless the booking is requested.
    :raises RuleBroken: if no valid schedule exists, with the engine's reasons.
    """
    require_role(actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="confirm"))
    booking = booking_locked(booking)
    _require_status(booking, (Booking.Status.REQUESTED,), "confirmed")
    first_day = max(booking.earliest_start, today) if today else booking.earliest_start
    sessions = sessions_planned(booking, slot, first_day)
    course = booking.course
    cohort = Cohort.objects.create(
        booking=booking,
        course=course,
        department=booking.department,
        capacity=booking.expected_size,
        min_capacity=course.min_cohort,
        max_capacity=course.max_cohort,
        slot=slot,
    )
    for session in sessions:
        session.cohort = cohort
    Session.objects.bulk_create(sessions)
    booking.status = Booking.Status.CONFIRMED
    booking.save(update_fields=["status", "updated_at"])
    audit_record(
        action="cohorts.booking.confirmed",
        obj=booking,
        actor=actor,
        payload={
            "cohort": cohort.pk,
            "slot": slot,
            "sessions": [s.starts_at.date().isoformat() for s in sessions],
        },
    )
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking, actor: User, reason: str) -> Booking:
    """Decline a requested booking, saying why.

    :raises NotAllowed: unless the actor is the provider.
    :raises RuleBroken: if the reason is blank.
    :raises Conflict: unless the booking is requested.
    """
    require_role(actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="decline"))
    reason = _require_reason(reason, "declining")
    booking = booking_locked(booking)
    _require_status(booking, (Booking.Status.REQUESTED,), "declined")
    booking.status = Booking.Status.DECLINED
    booking.reason = reason
    booking.save(update_fields=["status", "reason", "updated_at"])
    audit_record(
        action="cohorts.booking.declined", obj=booking, actor=actor, payload={"reason": reason}
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: User, reason: str) -> Booking:
    """Cancel a requested or confirmed booking, saying why; its sessions are cancelled too.

    :raises NotAllowed: unless the actor is the provider or the department's coordinator.
    :raises RuleBroken: if the reason is blank.
    :raises Conflict: unless the booking is requested or confirmed.
    """
    require_role(actor, (Role.PROVIDER_ADMIN, Role.COORDINATOR), BOOKING_ROLE_NOT_ALLOWED)
    _require_department(actor, booking.department)
    reason = _require_reason(reason, "cancelling")
    booking = booking_locked(booking)
    _require_status(booking, (Booking.Status.REQUESTED, Booking.Status.CONFIRMED), "cancelled")
    booking.status = Booking.Status.CANCELLED
    booking.reason = reason
    booking.save(update_fields=["status", "reason", "updated_at"])
    cohort = Cohort.objects.filter(booking=booking).first()
    if cohort is not None:
        for session in cohort.sessions.filter(status=Session.Status.SCHEDULED):
            session.status = Session.Status.CANCELLED
            session.sequence += 1
            session.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        action="cohorts.booking.cancelled", obj=booking, actor=actor, payload={"reason": reason}
    )
    if cohort is not None:
        booking_cancelled_notify(cohort, actor)
    return booking
