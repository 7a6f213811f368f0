"""The person a place is for, and the rules every new enrolment meets wherever it comes from
(the form, the API, a CSV upload, a substitution)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from missionled.catalogue.models import Course
from missionled.organisations.models import Grade, Profession

NAME_REQUIRED = "Enter the participant's full name."
NAME_TOO_LONG = "The name must be {limit} characters or fewer."
NAME_UNREADABLE = "The name contains a character that cannot be stored. Type it again."
TEAM_UNREADABLE = "The team contains a character that cannot be stored. Type it again."
TEXT_UNREADABLE = "This contains a character that cannot be stored. Type it again."
EMAIL_REQUIRED = "Enter the participant's work email address."
EMAIL_INVALID = "Enter an email address in the correct format, like name@department.gov.uk."
TEAM_TOO_LONG = "The team must be {limit} characters or fewer."
INELIGIBLE_GRADE = (
    "{course} is open to {grades} only; {grade} is outside that grade rule. "
    "A provider admin can admit someone else with a recorded reason."
)

MAX_NAME = 200
MAX_TEAM = 200


@dataclass(frozen=True)
class Person:
    """Who is being enrolled, already checked and resolved to reference rows."""

    name: str
    email: str
    grade: Grade
    profession: Profession | None = None
    team: str = ""
    override_reason: str = ""
    line_manager_email: str = ""
    reasonable_adjustments: str = ""


def name_problem(name: str) -> str | None:
    """Why `name` cannot be used, or None."""
    if "\x00" in name:
        return NAME_UNREADABLE
    if not name.strip():
        return NAME_REQUIRED
    if len(name.strip()) > MAX_NAME:
        return NAME_TOO_LONG.format(limit=MAX_NAME)
    return None


def email_problem(email: str) -> str | None:
    """Why `email` cannot be used, or None."""
    if not email.strip():
        return EMAIL_REQUIRED
    try:
        validate_email(email.strip())
    except ValidationError:
        return EMAIL_INVALID
    return None


def team_problem(team: str) -> str | None:
    if "\x00" in team:
        return TEAM_UNREADABLE
    return TEAM_TOO_LONG.format(limit=MAX_TEAM) if len(team.strip()) > MAX_TEAM else None


def eligible_grades(course: Course) -> list[Grade]:
    return sorted(course.eligible_grades.all(), key=lambda grade: grade.order)


def grade_rule_text(grades: list[Grade]) -> str:
    """ "Grade 7 to Director (G7, G6, SCS1, SCS2)" for the usual rule."""
    if not grades:
        return "no grades"
    codes = ", ".join(grade.code for grade in grades)
    if len(grades) == 1:
        return f"{grades[0].name} ({codes})"
    return f"{grades[0].name} to {grades[-1].name} ({codes})"


def ineligible_message(
    course: Course, grade: Grade, grades: list[Grade] | None = None
) -> str | None:
    """The grade-rule refusal for `grade` on `course`, or None when the grade is eligible."""
    grades = eligible_grades(course) if grades is None else grades
    if any(eligible.pk == grade.pk for eligible in grades):
        return None
    return INELIGIBLE_GRADE.format(
        course=course.short_title,
        grades=grade_rule_text(grades),
        grade=f"{grade.name} ({grade.code})",
    )
