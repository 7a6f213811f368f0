from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from missionled.core.models import BaseModel
from missionled.organisations.models import Department


class Mission(BaseModel):
    """One of the government's missions. Data, not code: admins rename, retire or add them."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    ambition = models.TextField(blank=True, help_text="The long-term ambition, as first stated.")
    order = models.PositiveSmallIntegerField(default=0)
    lead_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="missions"
    )
    lead_department_note = models.CharField(max_length=300, blank=True)
    source_urls = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(
        default=False, help_text="Retired missions keep their history but leave the index."
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Milestone(BaseModel):
    """A public, measurable, time-bound milestone: one metric the service can chart."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="milestones")
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    plan_milestone = models.CharField(
        max_length=300, blank=True, help_text="The published milestone this metric measures."
    )
    summary = models.TextField(blank=True)
    geography = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    metric = models.TextField()
    unit = models.CharField(max_length=200)
    baseline_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    baseline_text = models.TextField(
        blank=True, help_text="The baseline in words, kept where it is not a number."
    )
    target_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_text = models.TextField(
        blank=True, help_text="The target in words, kept where it is not a number."
    )
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    publication_interval_days = models.PositiveIntegerField(
        default=365,
        help_text="Days after which, with no newer figure, the milestone shows no recent data.",
    )
    trajectory = models.JSONField(
        default=list,
        blank=True,
        help_text='Published interim points, as [["YYYY-MM-DD", value], ...].',
    )
    source_urls = models.JSONField(default=list, blank=True)
    other_figures = models.JSONField(
        default=list,
        blank=True,
        help_text="Published figures that are not charted (another measure, or no date).",
    )
    retired_at = models.DateField(
        null=True, blank=True, help_text="Retired milestones keep their history."
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        help_text="When milestones are merged, the one that carries on from the retirement date.",
    )

    class Meta:
        ordering = ["mission__order", "order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def trajectory_points(self) -> list[tuple[date, float]]:
        return [(date.fromisoformat(str(on)), float(value)) for on, value in self.trajectory]

    def clean(self) -> None:
        """The admin edits JSON by hand, so its shape is checked before the pages rely on it."""
        errors: dict[str, str] = {}
        for part in ("baseline", "target"):
            if getattr(self, f"{part}_value") is not None and getattr(self, f"{part}_date") is None:
                errors[f"{part}_date"] = f"Enter the date of the {part} value."
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            errors["target_date"] = "The target date must be after the baseline date."
        replacement_error = self._replacement_error()
        if replacement_error:
            errors["replaced_by"] = replacement_error
        if not _is_trajectory(self.trajectory):
            errors["trajectory"] = TRAJECTORY_INVALID
        if not isinstance(self.source_urls, list) or not all(
            isinstance(url, str) for url in self.source_urls
        ):
            errors["source_urls"] = 'Enter a list of web addresses, like ["https://..."].'
        if not isinstance(self.other_figures, list) or not all(
            isinstance(figure, dict) for figure in self.other_figures
        ):
            errors["other_figures"] = "Enter a list of objects with period, value, unit and note."
        if errors:
            raise ValidationError(errors)

    def _replacement_error(self) -> str:
        if self.replaced_by_id is None:
            return ""
        if self.retired_at is None:
            return REPLACED_NOT_RETIRED
        seen = {self.pk}
        replacement = self.replaced_by
        while replacement is not None:
            if replacement.pk in seen:
                return REPLACED_IN_A_LOOP
            seen.add(replacement.pk)
            replacement = replacement.replaced_by
        return ""


REPLACED_NOT_RETIRED = "Enter the retirement date: only a retired milestone is replaced."
REPLACED_IN_A_LOOP = "Choose another milestone: one cannot replace itself, even through others."
TRAJECTORY_INVALID = 'Enter interim points as [["YYYY-MM-DD", number], ...], or [] for none.'


def _is_trajectory(value: object) -> bool:
    if not isinstance(value, list):
        return False
    for point in value:
        if not (isinstance(point, list) and len(point) == 2):
            return False
        on, number = point
        if isinstance(number, bool) or not isinstance(number, int | float):
            return False
        try:
            date.fromisoformat(str(on))
        except ValueError:
            return False
    return True


quarter_validator = RegexValidator(
    r"^\d{4}-Q[1-4]$", "Enter the quarter as a year and quarter, like 2026-Q1."
)


class ProgressPoint(BaseModel):
    """One published figure for a milestone. A correction is a new point that supersedes
    the old one; nothing is erased."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="points")
    value = models.DecimalField(max_digits=16, decimal_places=4)
    date = models.DateField(help_text="The date the figure describes.")
    source_url = models.URLField(max_length=500)
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=20, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for figures loaded from the reference data.",
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    reference_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["milestone", "date", "created_at"]
        indexes = [models.Index(fields=["milestone", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supersedes=models.F("id")), name="progress_point_not_self_superseding"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone.slug} {self.date}: {self.value}"


class OwnerAssessment(BaseModel):
    """The milestone owner's own view each quarter, beside the computed status."""

    class Rating(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        PROBABLE = "probable", "Probable"
        FEASIBLE = "feasible", "Feasible"
        AT_RISK = "at_risk", "At risk"
        UNACHIEVABLE = "unachievable", "Unachievable"

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="assessments")
    quarter = models.CharField(max_length=7, validators=[quarter_validator])
    rating = models.CharField(max_length=12, choices=Rating.choices)
    narrative = models.TextField(max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["milestone", "-quarter", "-created_at"]

    def __str__(self) -> str:
        return f"{self.milestone.slug} {self.quarter}: {self.rating}"
