"""Reads of organisations data, and the one place that decides what department a user may see."""

from django.db.models import QuerySet

from missionled.core.errors import RuleBroken
from missionled.organisations.models import Department, Grade, Profession, Role, User

UNKNOWN_GRADE = (
    "{value!r} is not a Civil Service grade. Use a code (AA, AO, EO, HEO, SEO, G7, G6, SCS1, "
    "SCS2, SCS3, PS) or a common name such as Grade 7 or Deputy Director."
)
UNKNOWN_PROFESSION = "{value!r} is not a Civil Service profession."


def department_list() -> QuerySet[Department]:
    return Department.objects.all()


def grade_list() -> QuerySet[Grade]:
    return Grade.objects.all()


def grade_resolve(value: str) -> Grade:
    """The grade a code or common name refers to ("G7", "grade 7", "Deputy Director")."""
    wanted = " ".join(value.split()).casefold()
    for grade in Grade.objects.all():
        names = [grade.code, grade.name, *grade.aliases]
        if wanted in {name.casefold() for name in names}:
            return grade
    raise RuleBroken(UNKNOWN_GRADE.format(value=value), code="unknown_grade")


def profession_resolve(value: str) -> Profession:
    wanted = " ".join(value.split()).casefold()
    for profession in Profession.objects.all():
        if wanted in {profession.name.casefold(), profession.short_name.casefold()}:
            return profession
    raise RuleBroken(UNKNOWN_PROFESSION.format(value=value), code="unknown_profession")


def department_scope_for(user: User) -> Department | None:
    """The one department a user is limited to, or None when they see every department.

    Provider admins see all departments. Coordinators see only their own. Other roles reach
    departmental data only through their own sessions or enrolments, which their selectors
    check separately."""
    if user.role == Role.PROVIDER_ADMIN:
        return None
    return user.department
