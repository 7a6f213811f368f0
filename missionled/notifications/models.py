"""Every email the service sends, kept as a row so none is lost silently."""

from django.db import models
from django.db.models import Q

from missionled.core.models import BaseModel


class Notification(BaseModel):
    """One email to one person: what to say (a template and its facts), and how sending went.

    A row is written before the email is queued, so a send that fails stays visible to the
    provider, who can retry it. `dedupe_key`, when set, makes a notice one of a kind: a
    reminder is never sent twice, even when two runs overlap.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.EmailField()
    template = models.CharField(max_length=60, help_text="Which email, e.g. enrolment_confirmed.")
    context = models.JSONField(default=dict, blank=True)
    ics = models.TextField(blank=True, help_text="An iCalendar invitation to attach, if any.")
    subject = models.CharField(max_length=300, blank=True, help_text="As last rendered.")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sent", "failed"]),
                name="notification_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} to {self.recipient} ({self.status})"
