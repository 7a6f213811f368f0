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


class Region(models.TextChoices):
    """The UK's International Territorial Level 1 regions: where a face-to-face venue is and
    where a facilitator delivers. The stored value is the name, so a facilitator profile's
    regions read as words in the database and the API."""

    NORTH_EAST = "North East", "North East"
    NORTH_WEST = "North West", "North West"
    YORKSHIRE_AND_THE_HUMBER = "Yorkshire and The Humber", "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands", "East Midlands"
    WEST_MIDLANDS = "West Midlands", "West Midlands"
    EAST_OF_ENGLAND = "East of England", "East of England"
    LONDON = "London", "London"
    SOUTH_EAST = "South East", "South East"
    SOUTH_WEST = "South West", "South West"
    WALES = "Wales", "Wales"
    SCOTLAND = "Scotland", "Scotland"
    NORTHERN_IRELAND = "Northern Ireland", "Northern Ireland"


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
    venue_region = models.CharField(
        max_length=40,
        choices=Region.choices,
        blank=True,
        help_text="Where the face-to-face workshops are held; blank for an online booking.",
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
            # The planner needs a face-to-face venue's region to allow travel time.
            models.CheckConstraint(
                condition=(Q(delivery_mode="face_to_face") & Q(venue_region__in=Region.values))
                | (Q(delivery_mode="online") & Q(venue_region="")),
                name="booking_venue_region_by_mode",
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
