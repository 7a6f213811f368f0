from django.http import HttpRequest
from ninja import Router, Schema

from missionled.catalogue.models import Course
from missionled.catalogue.selectors import course_get, course_list

router = Router(tags=["Catalogue"])


class SessionPatternOut(Schema):
    order: int
    kind: str
    title: str
    duration_minutes: int
    gap_target_days: int | None
    gap_min_days: int | None
    gap_max_days: int | None
    facilitators_needed: int


class CourseOut(Schema):
    slug: str
    title: str
    summary: str
    description: str
    audience: str
    provider: str
    min_cohort: int
    max_cohort: int
    delivery_modes: list[str]
    eligible_grades: list[str]
    sessions: list[SessionPatternOut]

    @staticmethod
    def resolve_eligible_grades(obj: Course) -> list[str]:
        return [grade.code for grade in obj.eligible_grades.all()]

    @staticmethod
    def resolve_sessions(obj: Course) -> list[SessionPatternOut]:
        return [SessionPatternOut.from_orm(t) for t in obj.session_templates.all()]


@router.get("/courses", response=list[CourseOut], auth=None, summary="List the courses")
def course_list_api(request: HttpRequest) -> list[Course]:
    return list(course_list())


@router.get("/courses/{slug}", response=CourseOut, auth=None, summary="One course")
def course_detail_api(request: HttpRequest, slug: str) -> Course:
    return course_get(slug=slug)
