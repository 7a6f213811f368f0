"""Facilitators' profiles, when they are away, which sessions they run, and each planning run."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from missionled.catalogue.models import Course
from missionled.cohorts.models import Region, Session
from missionled.core.models import BaseModel

# Where the programme runs face-to-face: the same list a booking names its venue from, so a
# facilitator's regions and a session's region always compare equal (see services/planning.py).
REGIONS: tuple[str, ...] = tuple(Region.values)
UNAVAILABLE_ENDS_BEFORE_START = "The last day must be on or after the first day."


class FacilitatorProfile(BaseModel):
    """What a facilitator may deliver, where, and how much. A new facilitator may deliver every
    course, advise sets and work in every region (the `user create` contract)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_profile"
    )
    courses = models.ManyToManyField(Course, blank=True, related_name="facilitator_profiles")
    may_advise_sets = models.BooleanField(default=True)
    regions = models.JSONField(default=list, blank=True, help_text="Face-to-face regions.")
    max_per_week = models.PositiveSmallIntegerField(default=4)
    max_per_month = models.PositiveSmallIntegerField(default=12)
    preferred_load = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Sessions a month they would like; blank shares the work evenly.",
    )

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_week__gte=1) & Q(max_per_month__gte=F("max_per_week")),
                name="facilitator_limits_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"Facilitator profile of {self.user}"


class Unavailability(BaseModel):
    """Days, first to last inclusive, when a facilitator cannot run any session."""

    profile = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="unavailabilities"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["profile", "starts_on"]
        verbose_name_plural = "unavailabilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="unavailability_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile.user} away {self.starts_on} to {self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": UNAVAILABLE_ENDS_BEFORE_START})


class Assignment(BaseModel):
    """A facilitator runs a session: a workshop, or one Action Learning Set's meeting."""

    class Role(models.TextChoices):
        WORKSHOP = "workshop", "Workshop facilitator"
        SET_ADVISER = "set_adviser", "Set adviser"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    set_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which of the cohort's sets, for a set adviser."
    )

    class Meta:
        ordering = ["session__starts_at", "facilitator__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "facilitator"], name="assignment_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["workshop", "set_adviser"]), name="assignment_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facilitator} runs {self.session}"


class PlanRun(BaseModel):
    """One run of the planner: who ran it, over which dates, and what came of it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ran_at = models.DateTimeField()
    date_from = models.DateField()
    date_to = models.DateField()
    dry_run = models.BooleanField(default=False)
    feasible = models.BooleanField(default=False)
    optimal = models.BooleanField(default=False)
    status = models.CharField(max_length=30, blank=True)
    objective = models.BigIntegerField(null=True, blank=True)
    bound = models.BigIntegerField(null=True, blank=True)
    sessions_planned = models.PositiveIntegerField(default=0)
    facilitators_used = models.PositiveIntegerField(default=0)
    changes = models.PositiveIntegerField(default=0)
    max_deviation = models.IntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    loads = models.JSONField(default=dict, blank=True, help_text="Email to sessions run.")
    plan = models.JSONField(default=dict, blank=True, help_text="Session id to emails.")
    moves = models.JSONField(
        default=list, blank=True, help_text="Sessions the plan moves: id, from and to."
    )

    class Meta:
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"Plan run {self.pk} ({self.date_from} to {self.date_to})"

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(1, abs(self.objective))
