"""Training impact per mission: how many leaders completed each course with a real-life
challenge linked to the mission, by department. Counts only, with small counts suppressed."""

from dataclasses import dataclass
from typing import Any

from missionled.missions.models import Mission

SUPPRESSION_THRESHOLD = 5
SUPPRESSED = "fewer than 5"
SUPPRESSION_RULE = (
    "Counts under 5 are shown as \u201cfewer than 5\u201d so that no one can be identified. "
    "No totals are shown, because a total could reveal a suppressed count."
)


@dataclass(frozen=True)
class ImpactCount:
    """Raw count: leaders in `department` who completed `course` with a challenge linked to
    the mission."""

    course_slug: str
    course_title: str
    department_acronym: str
    department_name: str
    completed: int


@dataclass(frozen=True)
class ImpactCell:
    course_slug: str
    course_title: str
    department_acronym: str
    department_name: str
    count: int | None  # None when suppressed
    display: str


def impact_counts(mission: Mission) -> list[ImpactCount]:
    """The raw counts for one mission: leaders (distinct email addresses) holding a certificate
    of completion for a course, on an enrolment whose challenge names this mission, grouped by
    course and the leader's department, in one aggregate query."""
    from django.db.models import Count

    from missionled.enrolments.models import Enrolment

    rows = (
        Enrolment.objects.filter(certificate__isnull=False, challenge__mission=mission)
        .values(
            "cohort__course__slug",
            "cohort__course__title",
            "department__acronym",
            "department__name",
        )
        .annotate(completed=Count("email", distinct=True))
        .order_by("cohort__course__title", "department__name")
    )
    return [
        ImpactCount(
            course_slug=row["cohort__course__slug"],
            course_title=row["cohort__course__title"],
            department_acronym=row["department__acronym"],
            department_name=row["department__name"],
            completed=row["completed"],
        )
        for row in rows
    ]


def impact_table(counts: list[ImpactCount]) -> list[ImpactCell]:
    """Counts ready to publish: every count under 5 becomes "fewer than 5", and zero rows
    are left out. Ordered by course, then department name."""
    cells = [
        ImpactCell(
            course_slug=c.course_slug,
            course_title=c.course_title,
            department_acronym=c.department_acronym,
            department_name=c.department_name,
            count=c.completed if c.completed >= SUPPRESSION_THRESHOLD else None,
            display=str(c.completed) if c.completed >= SUPPRESSION_THRESHOLD else SUPPRESSED,
        )
        for c in counts
        if c.completed > 0
    ]
    return sorted(cells, key=lambda c: (c.course_title, c.department_name))


def impact_table_for(mission: Mission) -> list[ImpactCell]:
    return impact_table(impact_counts(mission))


def impact_rows(cells: list[ImpactCell]) -> list[dict[str, Any]]:
    """The impact table as open data; suppressed counts are null with the words beside them."""
    return [
        {
            "course": c.course_slug,
            "department": c.department_acronym,
            "completed": c.count,
            "completed_display": c.display,
        }
        for c in cells
    ]
