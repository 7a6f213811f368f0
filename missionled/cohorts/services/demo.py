"""Believable bookings for the demo world: some waiting for the provider, some scheduled."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking
from missionled.cohorts.services.bookings import booking_confirm, booking_request
from missionled.core.clock import today as clock_today
from missionled.organisations.models import Department, User

ADMIN_EMAIL = "admin@provider.example"


@dataclass(frozen=True)
class DemoBooking:
    coordinator: str
    department: str
    course: str
    delivery_mode: str
    weeks_ahead: int
    size: int
    notes: str
    confirm_slot: str | None = None
    venue_region: str = ""


DEMO_BOOKINGS = [
    DemoBooking(
        "coordinator@dfe.example", "DfE", "practising-it", "online", 6, 18,
        "For the schools delivery directorate's senior leaders.",
    ),
    DemoBooking(
        "coordinator@dfe.example", "DfE", "leading-it", "face_to_face", 3, 12,
        "Opening and closing workshops in Sheffield, please.", "morning",
        venue_region="Yorkshire and The Humber",
    ),
    DemoBooking(
        "coordinator@hmrc.example", "HMRC", "understanding-it", "online", 2, 25,
        "Customer services transformation leads.", "afternoon",
    ),
    DemoBooking(
        "coordinator@hmrc.example", "HMRC", "leading-it", "online", 10, 14,
        "Deputy directors in the tax administration change programme.",
    ),
]  # fmt: skip


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


def _load_one(demo: DemoBooking, start: date, admin: User | None) -> bool:
    coordinator = User.objects.filter(email=demo.coordinator).first()
    course = Course.objects.filter(slug=demo.course).first()
    department = Department.objects.filter(acronym=demo.department).first()
    if coordinator is None or course is None or department is None:
        return False
    if Booking.objects.filter(
        department=department, course=course, contact_email=demo.coordinator
    ).exists():
        return False
    booking = booking_request(
        actor=coordinator,
        course=course,
        department=department,
        delivery_mode=demo.delivery_mode,
        venue_region=demo.venue_region,
        earliest_start=start + timedelta(weeks=demo.weeks_ahead),
        expected_size=demo.size,
        today=start,
        contact_name=coordinator.name,
        contact_email=coordinator.email,
        notes=demo.notes,
    )
    if demo.confirm_slot and admin is not None:
        booking_confirm(booking=booking, actor=admin, slot=demo.confirm_slot)
    return True


@transaction.atomic
def bookings_demo_load() -> bool:
    """Add the demo bookings that are missing, for the demo coordinators. Idempotent: a
    booking of the same course by the same contact for the department is never repeated.
    Returns True when any was added."""
    start = _next_monday(clock_today())
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    added = [_load_one(demo, start, admin) for demo in DEMO_BOOKINGS]
    return any(added)
