"""Action Learning Sets, the people in them, who presents when, and what participants write.

What is said in a set is confidential: the service keeps logistics and only what a participant
writes and chooses to share. Challenges, stakeholder maps, experiments and reflections are
private to their author unless `shared_with_set` says otherwise.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from missionled.cohorts.models import Cohort, Session
from missionled.core.models import BaseModel
from missionled.enrolments.models import Enrolment
from missionled.missions.models import Milestone, Mission

MILESTONE_OF_OTHER_MISSION = "Choose a milestone of the mission you chose, or none."


class ActionLearningSet(BaseModel):
    """One small confidential group of a Leading it cohort, with its adviser and how it was
    formed (the same score, proof and explanations are kept on every set of the formation)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="learning_sets")
    number = models.PositiveSmallIntegerField()
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_sets",
    )
    score = models.IntegerField(default=0, help_text="The formation's mix score.")
    optimal = models.BooleanField(default=False, help_text="The solver proved the mix optimal.")
    explanations = models.JSONField(default=list, blank=True)
    seed = models.IntegerField(default=0)
    keep_apart = models.JSONField(default=list, blank=True)
    keep_together = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="learning_set_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="learning_set_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Set {self.number} of {self.cohort}"


class SetMembership(BaseModel):
    """An enrolment's place in one set; an enrolment belongs to one cohort, so to one set."""

    learning_set = models.ForeignKey(
        ActionLearningSet, on_delete=models.CASCADE, related_name="memberships"
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="set_membership"
    )

    class Meta:
        ordering = ["learning_set", "enrolment__name"]

    def __str__(self) -> str:
        return f"{self.enrolment.name} in {self.learning_set}"


class PresenterSlot(BaseModel):
    """A member presents their challenge at one of the set's meetings."""

    learning_set = models.ForeignKey(
        ActionLearningSet, on_delete=models.CASCADE, related_name="presenter_slots"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["session__order", "enrolment__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["learning_set", "session", "enrolment"], name="presenter_slot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.name} presents at {self.session.title}"


class Challenge(BaseModel):
    """A participant's real-life challenge on one enrolment, linked to the mission it serves."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="challenge")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="challenges")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges"
    )
    stakeholders = models.TextField(blank=True)
    what_i_will_try = models.TextField(blank=True)
    shared_with_set = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.milestone is not None and self.milestone.mission_id != self.mission_id:
            raise ValidationError({"milestone": MILESTONE_OF_OTHER_MISSION})


class StakeholderEntry(BaseModel):
    """One person on a challenge's stakeholder map, placed by power and interest."""

    class Level(models.TextChoices):
        LOW = "low", "Low"
        HIGH = "high", "High"

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="stakeholders_map"
    )
    name = models.CharField(max_length=200, help_text="A name or a role.")
    power = models.CharField(max_length=4, choices=Level.choices)
    interest = models.CharField(max_length=4, choices=Level.choices)
    engagement = models.TextField(blank=True, help_text="How you plan to engage them.")

    class Meta:
        ordering = ["challenge", "-power", "-interest", "name"]
        verbose_name_plural = "stakeholder entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(power__in=["low", "high"]) & Q(interest__in=["low", "high"]),
                name="stakeholder_levels_known",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Experiment(BaseModel):
    """One entry in a challenge's experiment log."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="experiments")
    hypothesis = models.TextField()
    what_was_tried = models.TextField(blank=True)
    measure = models.TextField(blank=True)
    result = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    tried_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["challenge", "-tried_on", "-created_at"]

    def __str__(self) -> str:
        return self.hypothesis[:60]


class Reflection(BaseModel):
    """What a participant took from one set meeting; private unless shared with their set."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reflections")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    what_happened = models.TextField()
    what_i_learned = models.TextField(blank=True)
    what_i_will_do = models.TextField(blank=True)
    shared_with_set = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Reflection on {self.session.title}"
