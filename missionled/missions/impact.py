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
    """The raw counts for one mission.

    Empty until course completion is recorded. Challenges linked to a mission exist
    (`learning.Challenge`, one per enrolment), but enrolments have no completed state yet
    (completion comes with attendance), so there is nothing true to count; this returns no
    rows rather than invented ones. Once completion exists, count completed enrolments whose
    challenge names this mission, grouped by the cohort's course and the enrolment's
    department, here and nowhere else."""
    return []


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
