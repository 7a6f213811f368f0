"""Cohorts ready for participants, and enrolments in them. Reference data comes from the seed."""

from datetime import datetime, timedelta
from typing import Any

import factory

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.tests.factories import booking_for
from missionled.core.clock import LONDON
from missionled.enrolments.models import Enrolment
from missionled.organisations.models import Department, Grade

FIRST_SESSION = datetime(2027, 3, 1, 9, 30, tzinfo=LONDON)
BEFORE_START = FIRST_SESSION - timedelta(days=30)


def cohort_for(
    course: str = "practising-it",
    department: str = "DfE",
    *,
    capacity: int = 10,
    sessions: bool = True,
    **booking: Any,
) -> Cohort:
    """A confirmed booking's cohort, made directly (no calendar engine), with two sessions
    from FIRST_SESSION unless `sessions` is False."""
    made = booking_for(course, department, status=Booking.Status.CONFIRMED, **booking)
    course_row = Course.objects.get(slug=course)
    cohort = Cohort.objects.create(
        booking=made,
        course=course_row,
        department=Department.objects.get(acronym=department),
        capacity=capacity,
        min_capacity=min(course_row.min_cohort, capacity),
        max_capacity=max(course_row.max_cohort, capacity),
    )
    if sessions:
        for order in (1, 2):
            start = FIRST_SESSION + timedelta(days=14 * (order - 1))
            Session.objects.create(
                cohort=cohort,
                order=order,
                kind="workshop",
                title=f"Workshop {order}",
                starts_at=start,
                ends_at=start + timedelta(hours=3, minutes=30),
            )
    return cohort


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolled Grade 7 in a cohort; pass `cohort=`."""

    class Meta:
        model = Enrolment

    name = factory.Faker("name")
    # Not the users' "person{n}": a participant user made by role must not match by chance.
    email = factory.Sequence(lambda n: f"enrolled{n}@example.gov.uk")
    grade = factory.LazyFunction(lambda: Grade.objects.get(code="G7"))
    department = factory.LazyAttribute(lambda o: o.cohort.department)
    status = Enrolment.Status.ENROLLED
    sequence = factory.Sequence(lambda n: n + 1)
