"""Closed cohort bookings, the cohorts they create and the sessions those cohorts meet in."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missionled.catalogue.models import Course, DeliveryMode
from missionled.core.models import BaseModel
from missionled.organisations.models import Department


def session_uid() -> str:
    """A calendar UID that never changes, so a moved session updates rather than duplicates."""
    return f"{uuid.uuid4()}@missionled"


class Booking(BaseModel):
    """A department's request for a whole cohort of one course, and its lifecycle."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        IN_DELIVERY = "in_delivery", "In delivery"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        DECLINED = "declined", "Declined"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="bookings")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="bookings")
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    earliest_start = models.DateField()
    expected_size = models.PositiveSmallIntegerField(help_text="The number of places booked.")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    reason = models.TextField(blank=True, help_text="Why it was cancelled or declined.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings_requested",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_size__gte=1), name="booking_expected_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "requested",
                        "confirmed",
                        "in_delivery",
                        "completed",
                        "cancelled",
                        "declined",
                    ]
                ),
                name="booking_status_known",
            ),
            models.CheckConstraint(
                condition=Q(delivery_mode__in=["online", "face_to_face"]),
                name="booking_delivery_mode_known",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["cancelled", "declined"]) | ~Q(reason=""),
                name="booking_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.short_title} for {self.department.acronym} (#{self.pk})"


class Cohort(BaseModel):
    """The group a confirmed booking creates; its capacity is the places booked.

    The course's size bounds are copied onto the row when it is made, so the database itself
    keeps the capacity within them.
    """

    # The times live in settings (SESSION_MORNING, SESSION_AFTERNOON), so they can change
    # without a migration; forms.slot_label shows them.
    class Slot(models.TextChoices):
        MORNING = "morning", "Morning"
        AFTERNOON = "afternoon", "Afternoon"

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="cohort")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="cohorts")
    capacity = models.PositiveSmallIntegerField()
    min_capacity = models.PositiveSmallIntegerField()
    max_capacity = models.PositiveSmallIntegerField()
    slot = models.CharField(max_length=10, choices=Slot.choices, default=Slot.MORNING)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_capacity__gte=1)
                & Q(capacity__gte=F("min_capacity"))
                & Q(capacity__lte=F("max_capacity")),
                name="cohort_capacity_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(slot__in=["morning", "afternoon"]), name="cohort_slot_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.short_title} cohort for {self.department.acronym} (#{self.pk})"


class Session(BaseModel):
    """One meeting of a cohort, placed on the calendar from the course's rhythm."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30)
    title = models.CharField(max_length=100)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    joining_details = models.TextField(
        blank=True,
        help_text=(
            "How to join: a video-call link, or the venue's address and instructions. Shown only "
            "to people who may see the cohort, never on a public page."
        ),
    )
    sequence = models.PositiveIntegerField(
        default=0, help_text="The iCalendar SEQUENCE, raised on every change."
    )
    uid = models.CharField(max_length=100, unique=True, default=session_uid, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )

    class Meta:
        ordering = ["cohort", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "order"], name="session_order_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "cancelled"]), name="session_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort})"
