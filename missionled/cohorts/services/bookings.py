"""Every change to a booking: request, confirm, decline, cancel, advance, and cohort capacity.

Each service names the states it may start from and raises `Conflict` for any other, so an
illegal transition is refused the same way from the pages, the API and the command line.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from missionled.catalogue.models import Course, DeliveryMode, SessionTemplate
from missionled.cohorts.hooks import booking_cancelled_notify
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.selectors import cohort_enrolled_count
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.organisations.models import Department, Role, User
from missionled.scheduling.calendar import (
    CalendarRules,
    NoValidSchedule,
    SessionPattern,
    schedule_sessions,
)

BOOKING_ROLE_NOT_ALLOWED = "Only a department coordinator or the provider can book a cohort."
OTHER_DEPARTMENT = "You can only book cohorts for your own department, {own}."
PROVIDER_ONLY = "Only the provider can {verb} a booking."
COURSE_CLOSED = "{course} is not open for bookings."
DELIVERY_MODE_NOT_OFFERED = "{course} is not offered {mode}. Choose {offered}."
SIZE_TOO_SMALL = "A cohort of {course} needs at least {bound} people; you asked for {size}."
SIZE_TOO_LARGE = "A cohort of {course} can have at most {bound} people; you asked for {size}."
DEPARTMENT_REQUIRED = "Select the department the cohort is for."
START_IN_PAST = "The earliest start date must be today or later."
START_TOO_FAR = "The earliest start date must be within {years} years of today."
REASON_REQUIRED = "Enter a reason for {doing} this booking."
TRANSITION_REFUSED = (
    "This booking is {status}, so it cannot be {done}. "
    "Only a booking that is {allowed} can be {done}."
)
NO_VALID_SCHEDULE = "The sessions cannot be scheduled from this start date. {reasons}"
CAPACITY_BELOW_ENROLLED = (
    "The capacity cannot be {capacity}: {enrolled} people are already enrolled."
)
CAPACITY_CLOSED = "The capacity of a {status} booking's cohort cannot change."

MODE_WORDS = {DeliveryMode.ONLINE: "online", DeliveryMode.FACE_TO_FACE: "face to face"}
# Bookings are made a few terms ahead; a start beyond this is a typing mistake.
MAX_YEARS_AHEAD = 3
# Reasons are written to the audit log and shown to the department; keep them readable.
MAX_REASON_LENGTH = 2000


def _require_role(actor: User, roles: Iterable[str], message: str) -> None:
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


def _require_reason(reason: str, doing: str) -> str:
    cleaned = (reason or "").strip()
    if not cleaned:
        message = REASON_REQUIRED.format(doing=doing)
        raise RuleBroken(message, code="reason_required", fields={"reason": [message]})
    return cleaned[:MAX_REASON_LENGTH]


def _locked(booking: Booking) -> Booking:
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
) -> Booking:
    """Request a closed cohort of `course` for `department`.

    :raises NotAllowed: if the actor is not a coordinator of that department or the provider.
    :raises RuleBroken: if the mode, size or start date does not suit the course.
    """
    _require_role(actor, (Role.PROVIDER_ADMIN, Role.COORDINATOR), BOOKING_ROLE_NOT_ALLOWED)
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
    booking = Booking(
        course=course,
        department=department,
        delivery_mode=delivery_mode,
        earliest_start=earliest_start,
        expected_size=expected_size,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        notes=notes.strip(),
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
            "earliest_start": earliest_start.isoformat(),
            "expected_size": expected_size,
        },
    )
    return booking


def session_pattern_for(course: Course) -> list[SessionPattern]:
    """The course's rhythm as the scheduling engine reads it."""
    return [
        SessionPattern(
            order=template.order,
            kind=template.kind,
            duration_minutes=template.duration_minutes,
            gap_target_days=template.gap_target_days,
            gap_min_days=template.gap_min_days,
            gap_max_days=template.gap_max_days,
        )
        for template in course.session_templates.order_by("order")
    ]


def calendar_rules_for(department: Department) -> CalendarRules:
    """The calendar a department's sessions keep to: its region's bank holidays."""
    return CalendarRules(region=department.bank_holiday_region)  # type: ignore[arg-type]


def session_delivery_mode(booking: Booking, template: SessionTemplate) -> str:
    """Face-to-face bookings meet in person only for the sessions the course allows."""
    if booking.delivery_mode == DeliveryMode.FACE_TO_FACE and template.face_to_face_allowed:
        return DeliveryMode.FACE_TO_FACE
    return DeliveryMode.ONLINE


def _schedule(booking: Booking, slot: str) -> list[Session]:
    pattern = session_pattern_for(booking.course)
    try:
        placed = schedule_sessions(
            pattern,
            booking.earliest_start,
            calendar_rules_for(booking.department),
            slot,  # type: ignore[arg-type]
        )
    except NoValidSchedule as exc:
        message = NO_VALID_SCHEDULE.format(reasons=" ".join(exc.reasons))
        raise RuleBroken(
            message, code="no_valid_schedule", fields={"earliest_start": exc.reasons}
        ) from exc
    templates = {t.order: t for t in booking.course.session_templates.all()}
    return [
        Session(
            order=item.order,
            kind=item.kind,
            title=templates[item.order].title,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            delivery_mode=session_delivery_mode(booking, templates[item.order]),
        )
        for item in placed
    ]


@transaction.atomic
def booking_confirm(*, booking: Booking, actor: User, slot: str = Cohort.Slot.MORNING) -> Booking:
    """Confirm a requested booking: create its cohort and schedule every session.

    :raises NotAllowed: unless the actor is the provider.
    :raises Conflict: unless the booking is requested.
    :raises RuleBroken: if no valid schedule exists, with the engine's reasons.
    """
    _require_role(actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="confirm"))
    booking = _locked(booking)
    _require_status(booking, (Booking.Status.REQUESTED,), "confirmed")
    sessions = _schedule(booking, slot)
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
    _require_role(actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="decline"))
    reason = _require_reason(reason, "declining")
    booking = _locked(booking)
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
    _require_role(actor, (Role.PROVIDER_ADMIN, Role.COORDINATOR), BOOKING_ROLE_NOT_ALLOWED)
    _require_department(actor, booking.department)
    reason = _require_reason(reason, "cancelling")
    booking = _locked(booking)
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


@transaction.atomic
def booking_advance(*, booking: Booking, now: datetime, actor: User | None = None) -> Booking:
    """Move a booking on as time passes: confirmed → in delivery once its first session has
    started, in delivery → completed once its last session has ended. Other states stay put.
    """
    booking = _locked(booking)
    cohort = Cohort.objects.filter(booking=booking).first()
    if cohort is None or booking.status not in (
        Booking.Status.CONFIRMED,
        Booking.Status.IN_DELIVERY,
    ):
        return booking
    sessions = list(cohort.sessions.filter(status=Session.Status.SCHEDULED).order_by("order"))
    if not sessions:
        return booking
    if booking.status == Booking.Status.CONFIRMED and sessions[0].starts_at <= now:
        _advance_to(booking, Booking.Status.IN_DELIVERY, "started", actor, now)
    if booking.status == Booking.Status.IN_DELIVERY and sessions[-1].ends_at <= now:
        _advance_to(booking, Booking.Status.COMPLETED, "completed", actor, now)
    return booking


def _advance_to(
    booking: Booking, status: str, verb: str, actor: User | None, now: datetime
) -> None:
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"cohorts.booking.{verb}",
        obj=booking,
        actor=actor,
        payload={"reason": "The sessions' dates were reached."},
        at=now,
    )


def bookings_advance_due(*, now: datetime) -> int:
    """Advance every confirmed or in-delivery booking whose dates have come; returns how many
    changed state."""
    changed = 0
    due = Booking.objects.filter(
        status__in=[Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY]
    ).order_by("pk")
    for booking in due:
        before = booking.status
        if booking_advance(booking=booking, now=now).status != before:
            changed += 1
    return changed


@transaction.atomic
def cohort_capacity_change(*, cohort: Cohort, actor: User, capacity: int) -> Cohort:
    """Change a cohort's capacity within the course's bounds, never below those enrolled.

    :raises NotAllowed: unless the actor is the provider.
    :raises Conflict: if the booking is cancelled, declined or completed.
    :raises RuleBroken: if the capacity is outside the bounds or below the enrolled count.
    """
    _require_role(
        actor, (Role.PROVIDER_ADMIN,), PROVIDER_ONLY.format(verb="change the capacity of")
    )
    cohort = (
        Cohort.objects.select_for_update().select_related("booking", "course").get(pk=cohort.pk)
    )
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
    return cohort
