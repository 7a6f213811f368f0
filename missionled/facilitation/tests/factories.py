"""Confirmed cohorts with sessions at chosen times, and facilitators, for planning tests."""

from datetime import datetime, timedelta
from typing import Any

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.tests.factories import booking_for
from missionled.core.clock import LONDON
from missionled.organisations.tests.factories import UserFactory

# A Monday clear of bank holidays.
MONDAY = datetime(2027, 3, 1, 9, 30, tzinfo=LONDON)
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=LONDON)


def at(days: int, afternoon: bool = False) -> datetime:
    """A half-day slot start `days` after the Monday."""
    return MONDAY + timedelta(days=days, hours=4 if afternoon else 0)


def cohort_with(
    course: str,
    starts: list[datetime],
    *,
    department: str = "DfE",
    capacity: int = 12,
    venue_region: str = "",
    **extra: Any,
) -> Cohort:
    """A confirmed cohort of the course whose sessions start at `starts`, kinds from the course.
    With a `venue_region` the booking and every session are face to face there."""
    mode = {"delivery_mode": "face_to_face", "venue_region": venue_region} if venue_region else {}
    booking = booking_for(
        course=course, department=department, status=Booking.Status.CONFIRMED, **mode
    )
    if venue_region:
        extra.setdefault("delivery_mode", "face_to_face")
    course_row = Course.objects.get(slug=course)
    cohort = Cohort.objects.create(
        booking=booking,
        course=course_row,
        department=booking.department,
        capacity=capacity,
        min_capacity=course_row.min_cohort,
        max_capacity=course_row.max_cohort,
    )
    templates = list(course_row.session_templates.order_by("order"))
    for template, start in zip(templates, starts, strict=False):
        Session.objects.create(
            cohort=cohort,
            order=template.order,
            kind=template.kind,
            title=template.title,
            starts_at=start,
            ends_at=start + timedelta(hours=3, minutes=30),
            **extra,
        )
    return cohort


def facilitators(count: int, **extra: Any) -> list[Any]:
    return [UserFactory(role="facilitator", **extra) for _ in range(count)]
