"""Who came to each session, what completing a course takes, and the certificates earned."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from missionled.cohorts.models import Session
from missionled.core.models import BaseModel
from missionled.enrolments.models import Enrolment


def verification_code() -> str:
    """An unguessable code (about 100 bits), short enough to read out or type."""
    return secrets.token_urlsafe(12)


class Attendance(BaseModel):
    """One participant's attendance at one session. Each change is an audit entry, so the
    row holds the latest mark and the audit trail its history."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        ABSENT = "absent", "Absent"
        EXCUSED = "excused", "Excused"

    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField()
    self_checked_in = models.BooleanField(default=False)

    class Meta:
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "late", "absent", "excused"]),
                name="attendance_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.name} {self.status} at {self.session}"


class CheckInCode(BaseModel):
    """The short code a facilitator shows so participants can check themselves in."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="check_in")
    code = models.CharField(max_length=8, unique=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Check-in code for {self.session}"


class CompletionRule(BaseModel):
    """What completing a course takes, when it differs from the built-in rule for its slug
    (see services/completion.py)."""

    course_slug = models.SlugField(unique=True)
    all_workshops = models.BooleanField(
        default=True, help_text="Every workshop attended (present or late)."
    )
    min_action_learning_sets = models.PositiveSmallIntegerField(
        default=0, help_text="At least this many Action Learning Sets attended."
    )

    class Meta:
        ordering = ["course_slug"]

    def __str__(self) -> str:
        return f"Completion rule for {self.course_slug}"


class Certificate(BaseModel):
    """Proof that a participant completed a course. The name, course and date are copied so
    the certificate still reads the same if the rows behind it change."""

    enrolment = models.OneToOneField(
        Enrolment, null=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    code = models.CharField(max_length=32, unique=True, default=verification_code)
    name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    completed_on = models.DateField()
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Certificate {self.code} for {self.name}"


class CalendarFeed(BaseModel):
    """A person's private calendar subscription link. Outlook and Google fetch the feed
    without signing in, so the token in the address is the only key; like API tokens, only
    its SHA-256 hash is kept and the address is shown once. Turning the link off keeps the
    row so its audit timeline stays in one place."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar link for {self.user}"

    @property
    def is_on(self) -> bool:
        return self.revoked_at is None
