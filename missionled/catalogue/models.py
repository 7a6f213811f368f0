from django.db import models
from django.db.models import F, Q

from missionled.core.models import BaseModel
from missionled.organisations.models import Grade


class DeliveryMode(models.TextChoices):
    ONLINE = "online", "Online"
    FACE_TO_FACE = "face_to_face", "Face to face"


class Course(BaseModel):
    """A course of the programme, offered as closed cohorts booked by a department."""

    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    description = models.TextField()
    audience = models.TextField()
    provider = models.CharField(max_length=200)
    min_cohort = models.PositiveSmallIntegerField()
    max_cohort = models.PositiveSmallIntegerField()
    delivery_modes = models.JSONField(default=list)
    eligible_grades = models.ManyToManyField(Grade, related_name="courses")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_cohort__gte=1) & Q(max_cohort__gte=F("min_cohort")),
                name="course_cohort_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def short_title(self) -> str:
        return self.title.split(": ", 1)[-1]


class SessionTemplate(models.Model):
    """One session in a course's rhythm. The gap is counted in days from the previous session."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        ACTION_LEARNING_SET = "action_learning_set", "Action Learning Set"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="session_templates")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=100)
    duration_minutes = models.PositiveSmallIntegerField(default=210)
    gap_target_days = models.PositiveSmallIntegerField(null=True, blank=True)
    gap_min_days = models.PositiveSmallIntegerField(null=True, blank=True)
    gap_max_days = models.PositiveSmallIntegerField(null=True, blank=True)
    face_to_face_allowed = models.BooleanField(default=False)
    # For an Action Learning Set this counts advisers per set, since every set meets at once.
    facilitators_needed = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["course", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "order"], name="session_template_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(gap_target_days__isnull=True)
                | (
                    Q(gap_min_days__lte=F("gap_target_days"))
                    & Q(gap_max_days__gte=F("gap_target_days"))
                ),
                name="session_template_gap_within_tolerance",
            ),
            models.CheckConstraint(
                condition=Q(facilitators_needed__gte=1),
                name="session_template_facilitators_needed_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.slug} #{self.order} {self.title}"
