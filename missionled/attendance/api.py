"""Attendance and the participant's own calendar over HTTP: thin handlers."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router, Schema
from pydantic import PlainSerializer

from missionled.api.auth import bearer
from missionled.api.schemas import ErrorOut
from missionled.attendance.models import Attendance
from missionled.attendance.selectors import my_calendar, session_get_for_marking
from missionled.attendance.services.attendance import attendance_mark
from missionled.attendance.views import calendar_response, site
from missionled.core.clock import LONDON, now

router = Router(tags=["Attendance"], auth=bearer)

LondonDateTime = Annotated[
    datetime, PlainSerializer(lambda moment: moment.astimezone(LONDON).isoformat(), str)
]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class AttendanceIn(Schema):
    enrolment: int
    status: Literal["present", "late", "absent", "excused"]


class AttendanceOut(Schema):
    enrolment: int
    name: str
    status: str
    marked_by: str | None
    marked_at: LondonDateTime

    @staticmethod
    def resolve_enrolment(obj: Attendance) -> int:
        return obj.enrolment_id

    @staticmethod
    def resolve_name(obj: Attendance) -> str:
        return obj.enrolment.name

    @staticmethod
    def resolve_marked_by(obj: Attendance) -> str | None:
        return obj.marked_by.email if obj.marked_by else None


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    summary="Mark or correct attendance (the session's facilitator, provider admin)",
)
def attendance_mark_api(
    request: HttpRequest, session_id: Id, payload: list[AttendanceIn]
) -> list[Attendance]:
    session = session_get_for_marking(request.user, session_id)
    marks = [(mark.enrolment, mark.status) for mark in payload]
    return attendance_mark(
        session=session, marks=marks, actor=request.user, now=now(), base_url=site(request)
    )


@router.get(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    summary="The session's attendance so far (the session's facilitator, provider admin)",
)
def attendance_list_api(request: HttpRequest, session_id: Id) -> list[Attendance]:
    session = session_get_for_marking(request.user, session_id)
    return list(session.attendances.select_related("enrolment", "marked_by"))


@router.get(
    "/me/calendar.ics",
    response={200: None, 401: ErrorOut},
    summary="Your own sessions as an iCalendar feed",
    openapi_extra={
        "responses": {
            200: {
                "description": "iCalendar (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def my_calendar_api(request: HttpRequest) -> HttpResponse:
    return calendar_response(my_calendar(request.user, stamp=now()))
