"""Named participants in a cohort: enrolled, waiting for a place, withdrawn or substituted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from missionled.cohorts.models import Cohort, Session
from missionled.core.models import BaseModel
from missionled.organisations.models import Department, Grade, Profession


class Enrolment(BaseModel):
    """One person's place (or place in the queue) in one cohort.

    `sequence` records arrival: it rises by one for every enrolment made in the cohort, under
    the cohort lock, so the waiting list is first come, first served and a waitlisted
    person's position is their rank by `sequence` among those still waiting. `sequence` is
    deliberately not unique in the database: the cohort lock keeps it unique, and the test that
    switches the lock off must be able to show the overfilling the lock prevents (a unique
    index would turn the race into errors instead).
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        WAITLISTED = "waitlisted", "On the waiting list"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUBSTITUTED = "substituted", "Substituted"

    ACTIVE = (Status.ENROLLED, Status.WAITLISTED)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")
    profession = models.ForeignKey(
        Profession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.CharField(max_length=200, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ENROLLED, db_index=True
    )
    sequence = models.PositiveIntegerField(
        help_text="Arrival order within the cohort; the waiting list is served in this order."
    )
    eligibility_override_reason = models.TextField(
        blank=True, help_text="Why the provider admitted someone outside the eligible grades."
    )
    reasonable_adjustments = models.TextField(
        blank=True,
        help_text="Accessibility needs. Seen only by the provider and the session facilitators.",
    )
    line_manager_email = models.EmailField(blank=True)
    substituted_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitutions",
        help_text="The enrolment whose place this one took.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )

    class Meta:
        ordering = ["cohort", "sequence"]
        indexes = [models.Index(fields=["cohort", "status", "sequence"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "email"],
                condition=Q(status__in=["enrolled", "waitlisted"]),
                name="enrolment_active_email_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["enrolled", "waitlisted", "withdrawn", "substituted"]),
                name="enrolment_status_known",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="enrolment_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class CatchUp(BaseModel):
    """A participant's place on one session of another cohort of the same course, standing in
    for the session of the same order in their own cohort.

    A row of its own rather than an enrolment in the other cohort: it takes a place in that
    one session only (counted against that cohort's capacity, see `services/catch_up.py`),
    sends none of the enrolment emails, and attendance marked for it is recorded on the
    participant's original enrolment, so completion and the certificate land there. A
    cancelled catch-up is kept for the history; an enrolment holds at most one booked
    catch-up per session.
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="catch_ups")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="catch_ups")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.BOOKED, db_index=True
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"],
                condition=Q(status="booked"),
                name="catch_up_booked_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["booked", "cancelled"]), name="catch_up_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.name} catching up at {self.session}"
