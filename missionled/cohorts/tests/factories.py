"""Bookings in any state, for tests. Courses and departments come from the reference data."""

from datetime import date
from typing import Any

import factory

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking
from missionled.organisations.models import Department

# A Monday well clear of bank holidays and the Christmas blackout.
START = date(2027, 3, 1)


class BookingFactory(factory.django.DjangoModelFactory):
    """A requested booking of Practising it for DfE; pass `course__slug`-free overrides as
    `course=`/`department=` model instances, or use `booking_for`."""

    class Meta:
        model = Booking

    course = factory.LazyFunction(lambda: Course.objects.get(slug="practising-it"))
    department = factory.LazyFunction(lambda: Department.objects.get(acronym="DfE"))
    delivery_mode = "online"
    # The database refuses a face-to-face booking without its venue's region.
    venue_region = factory.LazyAttribute(
        lambda booking: "London" if booking.delivery_mode == "face_to_face" else ""
    )
    earliest_start = START
    expected_size = 12
    contact_name = factory.Faker("name")
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.gov.uk")
    notes = ""
    status = Booking.Status.REQUESTED


def booking_for(course: str = "practising-it", department: str = "DfE", **extra: Any) -> Booking:
    """A requested booking of the course with that slug, for the department with that acronym."""
    return BookingFactory(
        course=Course.objects.get(slug=course),
        department=Department.objects.get(acronym=department),
        **extra,
    )
