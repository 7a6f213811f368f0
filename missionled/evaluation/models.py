"""What participants tell the provider: feedback on workshops and courses, self-assessments on
the five mission-led capabilities before and after a course, and a follow-up three months on."""

from django.db import models
from django.db.models import Q

from missionled.cohorts.models import Session
from missionled.core.models import BaseModel
from missionled.enrolments.models import Enrolment


class Rating(models.IntegerChoices):
    VERY_LOW = 1, "1 (very poor)"
    LOW = 2, "2 (poor)"
    MIDDLE = 3, "3 (neither good nor poor)"
    HIGH = 4, "4 (good)"
    VERY_HIGH = 5, "5 (very good)"


# The five mission-led capabilities the courses develop, in the order reports show them.
CAPABILITIES: list[tuple[str, str]] = [
    ("collaboration", "Collaboration"),
    ("communication", "Communication"),
    ("stakeholder_engagement", "Stakeholder engagement"),
    ("accountability", "Accountability"),
    ("experimentation", "Experimentation"),
]


def _rating_check(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"{model}_{field}_1_to_5",
    )


class Feedback(BaseModel):
    """A participant's ratings after one workshop (`session` set) or the whole course (no
    `session`). One of each per enrolment."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    relevance = models.PositiveSmallIntegerField(choices=Rating.choices)
    quality = models.PositiveSmallIntegerField(choices=Rating.choices)
    recommend = models.PositiveSmallIntegerField(choices=Rating.choices)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"],
                condition=Q(session__isnull=False),
                name="feedback_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(session__isnull=True),
                name="feedback_once_per_course",
            ),
            _rating_check("relevance", "feedback"),
            _rating_check("quality", "feedback"),
            _rating_check("recommend", "feedback"),
        ]

    def __str__(self) -> str:
        about = f"session {self.session_id}" if self.session_id else "the course"
        return f"Feedback on {about} from enrolment {self.enrolment_id}"


class SelfAssessment(BaseModel):
    """A participant's own rating of the five capabilities, before or after the course."""

    class Phase(models.TextChoices):
        BEFORE = "before", "Before the course"
        AFTER = "after", "After the course"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="self_assessments"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices)
    collaboration = models.PositiveSmallIntegerField(choices=Rating.choices)
    communication = models.PositiveSmallIntegerField(choices=Rating.choices)
    stakeholder_engagement = models.PositiveSmallIntegerField(choices=Rating.choices)
    accountability = models.PositiveSmallIntegerField(choices=Rating.choices)
    experimentation = models.PositiveSmallIntegerField(choices=Rating.choices)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["enrolment", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "phase"], name="self_assessment_once_per_phase"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=["before", "after"]), name="self_assessment_phase_known"
            ),
            *[_rating_check(field, "self_assessment") for field, _ in CAPABILITIES],
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.phase} for enrolment {self.enrolment_id}"


FOLLOW_UP_QUESTION = "What have you changed in practice since the course?"


class FollowUp(BaseModel):
    """The question put to a leader three months after completing a course."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="follow_up")
    due_on = models.DateField(db_index=True, help_text="Three months after completion.")
    question = models.TextField(default=FOLLOW_UP_QUESTION)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the email asking the question was queued."
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="follow_up_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up for enrolment {self.enrolment_id} due {self.due_on}"
