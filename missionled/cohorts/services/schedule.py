"""From the catalogue's rows to the scheduling engine's dataclasses, and back to sessions."""

from datetime import date

from django.conf import settings

from missionled.catalogue.models import Course, DeliveryMode, SessionTemplate
from missionled.cohorts.models import Booking, Session
from missionled.core.errors import RuleBroken
from missionled.organisations.models import Department
from missionled.scheduling.calendar import (
    CalendarRules,
    NoValidSchedule,
    SessionPattern,
    SlotTimes,
    schedule_sessions,
)

NO_VALID_SCHEDULE = "The sessions cannot be scheduled from this start date. {reasons}"


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


def slot_times_configured() -> SlotTimes:
    """The half-day slots the programme runs, from SESSION_MORNING and SESSION_AFTERNOON."""
    slot_times: SlotTimes = settings.SCHEDULING_SLOT_TIMES
    return slot_times


def calendar_rules_for(department: Department) -> CalendarRules:
    """The calendar a department's sessions keep to: its region's bank holidays, and the
    programme's configured slots and blackout periods."""
    return CalendarRules(
        region=department.bank_holiday_region,  # type: ignore[arg-type]
        blackouts=settings.SCHEDULING_BLACKOUTS,
        slot_times=slot_times_configured(),
    )


def session_delivery_mode(booking: Booking, template: SessionTemplate) -> str:
    """Face-to-face bookings meet in person only for the sessions the course allows."""
    if booking.delivery_mode == DeliveryMode.FACE_TO_FACE and template.face_to_face_allowed:
        return DeliveryMode.FACE_TO_FACE
    return DeliveryMode.ONLINE


def sessions_planned(booking: Booking, slot: str, first_day: date | None = None) -> list[Session]:
    """Unsaved sessions for the booking's cohort, placed by the scheduling engine from
    `first_day` (the booking's earliest start unless given).

    :raises RuleBroken: if no valid schedule exists, with the engine's reasons.
    """
    pattern = session_pattern_for(booking.course)
    try:
        placed = schedule_sessions(
            pattern,
            first_day or booking.earliest_start,
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
