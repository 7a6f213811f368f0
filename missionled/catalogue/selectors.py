from django.db.models import Prefetch, QuerySet

from missionled.catalogue.models import Course, SessionTemplate
from missionled.core.errors import NotFound
from missionled.organisations.models import Grade

COURSE_NOT_FOUND = "There is no course called {slug!r}."


def course_list() -> QuerySet[Course]:
    """Active courses with their session pattern and eligible grades, ready to render."""
    return Course.objects.filter(is_active=True).prefetch_related(
        Prefetch("session_templates", queryset=SessionTemplate.objects.order_by("order")),
        Prefetch("eligible_grades", queryset=Grade.objects.order_by("order")),
    )


def course_get(*, slug: str) -> Course:
    course = course_list().filter(slug=slug).first()
    if course is None:
        raise NotFound(COURSE_NOT_FOUND.format(slug=slug), code="course_not_found")
    return course


def course_is_grade_eligible(course: Course, grade: Grade) -> bool:
    return any(g.pk == grade.pk for g in course.eligible_grades.all())
