"""Bookings, cohorts and sessions over HTTP: thin handlers around the services and selectors."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import PlainSerializer

from missionled.api.auth import bearer
from missionled.api.pagination import PageNumberPagination
from missionled.api.schemas import ErrorOut
from missionled.catalogue.models import Course
from missionled.catalogue.selectors import course_get
from missionled.cohorts.ical import cohort_calendar_response
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.selectors import (
    booking_get_for_user,
    booking_list_for_user,
    cohort_enrolled_count,
    cohort_get_for_reader,
    cohort_waitlist_count,
    joining_details_visible,
    session_facilitator_emails,
    session_get_for_change,
)
from missionled.cohorts.services.bookings import (
    booking_cancel,
    booking_confirm,
    booking_decline,
    booking_request,
)
from missionled.cohorts.services.sessions import session_cancel, session_change
from missionled.core.clock import LONDON, now, today
from missionled.core.errors import NotAllowed, NotFound, RuleBroken
from missionled.organisations.models import Department, Role, User

router = Router(tags=["Bookings and cohorts"], auth=bearer)

DEPARTMENT_REQUIRED = "Name the department the cohort is for."
BAD_MONTH = "Give the month as YYYY-MM, for example 2027-03."
UNKNOWN_DEPARTMENT = "{value!r} is not a department acronym."

# Datetimes leave the API in London time with an explicit offset ("+00:00", never "Z").
LondonDateTime = Annotated[
    datetime, PlainSerializer(lambda moment: moment.astimezone(LONDON).isoformat(), str)
]
# Ids fit a 32-bit integer column on every database, so larger ones are bad input, not a crash.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class BookingRequestIn(Schema):
    course: str = Field(..., description="Course slug, e.g. practising-it")
    department: str | None = Field(
        None, description="Department acronym; a coordinator's own department if left out"
    )
    delivery_mode: str = Field("online", description="online or face_to_face (Leading it)")
    venue_region: str | None = Field(
        None,
        description="The venue's UK region (ITL 1 name, e.g. North West); required for "
        "face_to_face, left out for online",
    )
    earliest_start: date
    expected_size: int = Field(..., description="Places booked; within the course's bounds")
    contact_name: str = ""
    contact_email: str = ""
    notes: str = ""


class ReasonIn(Schema):
    reason: str


class BookingOut(Schema):
    id: int
    status: str
    course: str
    department: str
    delivery_mode: str
    venue_region: str = Field(description="The venue's UK region; empty for an online booking")
    earliest_start: date
    expected_size: int
    contact_name: str
    contact_email: str
    notes: str
    reason: str
    requested_by: str | None
    cohort: int | None
    created_at: LondonDateTime

    @staticmethod
    def resolve_course(obj: Booking) -> str:
        return obj.course.slug

    @staticmethod
    def resolve_department(obj: Booking) -> str:
        return obj.department.acronym

    @staticmethod
    def resolve_requested_by(obj: Booking) -> str | None:
        return obj.requested_by.email if obj.requested_by else None

    @staticmethod
    def resolve_cohort(obj: Booking) -> int | None:
        try:
            return obj.cohort.pk
        except Cohort.DoesNotExist:
            return None


class SessionOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    status: str
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    delivery_mode: str
    sequence: int
    uid: str
    facilitators: list[str]
    joining_details: str | None = Field(
        None,
        description="How to join: a video-call link, or a venue and instructions; empty if not "
        "set yet, null for a reader without a place (on the waiting list)",
    )

    @staticmethod
    def resolve_facilitators(obj: Session) -> list[str]:
        return session_facilitator_emails(obj)

    @staticmethod
    def resolve_joining_details(obj: Session, context: dict[str, Any]) -> str | None:
        visible = getattr(obj, JOINING_VISIBLE, None)
        if visible is None:
            visible = joining_details_visible(context["request"].user, obj.cohort)
        return obj.joining_details if visible else None


# Set on each session of a cohort answer, so visibility is decided once per cohort.
JOINING_VISIBLE = "_joining_details_visible"


class SessionMovedOut(SessionOut):
    warnings: list[str]


class MovedSessionView:
    """A moved session read as the session itself plus the move's warnings, so every
    SessionOut resolver sees a real Session."""

    def __init__(self, session: Session, warnings: list[str]) -> None:
        self.session = session
        self.warnings = warnings

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


class CohortOut(Schema):
    id: int
    booking: int
    course: str
    department: str
    capacity: int
    enrolled_count: int
    waitlist_count: int
    slot: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_booking(obj: Cohort) -> int:
        return obj.booking_id

    @staticmethod
    def resolve_course(obj: Cohort) -> str:
        return obj.course.slug

    @staticmethod
    def resolve_department(obj: Cohort) -> str:
        return obj.department.acronym

    @staticmethod
    def resolve_enrolled_count(obj: Cohort) -> int:
        return cohort_enrolled_count(obj)

    @staticmethod
    def resolve_waitlist_count(obj: Cohort) -> int:
        return cohort_waitlist_count(obj)

    @staticmethod
    def resolve_sessions(obj: Cohort, context: dict[str, Any]) -> list[Session]:
        visible = joining_details_visible(context["request"].user, obj)
        sessions = list(obj.sessions.all())
        for session in sessions:
            setattr(session, JOINING_VISIBLE, visible)
        return sessions


class SessionChangeIn(Schema):
    starts_at: datetime | None = Field(
        None, description="ISO 8601 with offset, at a slot start; moves the session"
    )
    joining_details: str | None = Field(
        None, description="A video-call link, or a venue and instructions; empty clears it"
    )


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _department_for(actor: User, acronym: str | None) -> Department:
    if acronym is None:
        if actor.role == Role.COORDINATOR and actor.department is not None:
            return actor.department
        raise RuleBroken(
            DEPARTMENT_REQUIRED, code="invalid", fields={"department": [DEPARTMENT_REQUIRED]}
        )
    department = Department.objects.filter(acronym__iexact=acronym.strip()).first()
    if department is None:
        message = UNKNOWN_DEPARTMENT.format(value=acronym)
        raise RuleBroken(message, code="unknown_department", fields={"department": [message]})
    return department


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError as exc:  # The pattern lets through year 0000, which no date has.
        raise RuleBroken(BAD_MONTH, code="invalid", fields={"month": [BAD_MONTH]}) from exc


def _course_for(slug: str) -> Course:
    try:
        return course_get(slug=slug)
    except NotFound as exc:  # An unknown course in a request body is bad input, not a 404.
        raise RuleBroken(
            exc.message, code="unknown_course", fields={"course": [exc.message]}
        ) from exc


@router.post(
    "/bookings",
    response={201: BookingOut, **ERRORS},
    summary="Request a closed cohort booking",
)
def booking_request_api(request: HttpRequest, payload: BookingRequestIn) -> Status[Booking]:
    actor = _actor(request)
    if actor.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed("Only a department coordinator or the provider can book a cohort.")
    booking = booking_request(
        actor=actor,
        course=_course_for(payload.course),
        department=_department_for(actor, payload.department),
        delivery_mode=payload.delivery_mode,
        venue_region=payload.venue_region or "",
        earliest_start=payload.earliest_start,
        expected_size=payload.expected_size,
        today=today(),
        contact_name=payload.contact_name,
        contact_email=payload.contact_email,
        notes=payload.notes,
    )
    return Status(201, booking)


@router.get(
    "/bookings",
    response={200: list[BookingOut], **ERRORS},
    summary="List the bookings you may see",
)
@paginate(PageNumberPagination)
def booking_list_api(
    request: HttpRequest,
    status: str | None = None,
    course: str | None = None,
    department: str | None = None,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> list[Booking]:
    """Filters: `status`, `course` slug, `department` acronym, and `month` (YYYY-MM) of the
    earliest start."""
    first_of_month = _month(month) if month else None
    bookings = booking_list_for_user(
        _actor(request), status=status, course=course, department=department, month=first_of_month
    )
    return bookings  # type: ignore[return-value]


@router.get("/bookings/{booking_id}", response={200: BookingOut, **ERRORS}, summary="One booking")
def booking_detail_api(request: HttpRequest, booking_id: Id) -> Booking:
    return booking_get_for_user(_actor(request), booking_id)


@router.post(
    "/bookings/{booking_id}/confirm",
    response={200: BookingOut, **ERRORS},
    summary="Confirm a booking and schedule its sessions (provider)",
)
def booking_confirm_api(
    request: HttpRequest,
    booking_id: Id,
    # A query parameter, not a body, so the existing body-less confirm keeps working.
    slot: Annotated[
        Literal["morning", "afternoon"],
        Query(description="The half-day the sessions are scheduled in."),
    ] = "morning",
) -> Booking:
    actor = _actor(request)
    booking = booking_get_for_user(actor, booking_id)
    return booking_confirm(booking=booking, actor=actor, slot=slot, today=today())


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **ERRORS},
    summary="Cancel a requested or confirmed booking, with a reason",
)
def booking_cancel_api(request: HttpRequest, booking_id: Id, payload: ReasonIn) -> Booking:
    actor = _actor(request)
    booking = booking_get_for_user(actor, booking_id)
    return booking_cancel(booking=booking, actor=actor, reason=payload.reason)


@router.post(
    "/bookings/{booking_id}/decline",
    response={200: BookingOut, **ERRORS},
    summary="Decline a requested booking, with a reason (provider)",
)
def booking_decline_api(request: HttpRequest, booking_id: Id, payload: ReasonIn) -> Booking:
    actor = _actor(request)
    booking = booking_get_for_user(actor, booking_id)
    return booking_decline(booking=booking, actor=actor, reason=payload.reason)


@router.get("/cohorts/{cohort_id}", response={200: CohortOut, **ERRORS}, summary="One cohort")
def cohort_detail_api(request: HttpRequest, cohort_id: Id) -> Cohort:
    return cohort_get_for_reader(_actor(request), cohort_id)


@router.get(
    "/cohorts/{cohort_id}/calendar.ics",
    response={200: None, **ERRORS},
    summary="The cohort's sessions as an iCalendar feed",
    openapi_extra={
        "responses": {
            200: {
                "description": "iCalendar (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def cohort_calendar_api(request: HttpRequest, cohort_id: Id) -> HttpResponse:
    actor = _actor(request)
    cohort = cohort_get_for_reader(actor, cohort_id)
    return cohort_calendar_response(
        cohort, stamp=now(), joining=joining_details_visible(actor, cohort)
    )


@router.patch(
    "/sessions/{session_id}",
    response={200: SessionMovedOut, **ERRORS},
    summary="Move a session or change how to join it (provider); 422 names the rule a move "
    "would break",
)
def session_move_api(
    request: HttpRequest, session_id: Id, payload: SessionChangeIn
) -> "MovedSessionView":
    """Give `starts_at`, `joining_details` or both; with neither the answer is 422. Both
    change together or not at all."""
    actor = _actor(request)
    changed = session_change(
        session=session_get_for_change(actor, session_id),
        actor=actor,
        starts_at=payload.starts_at,
        joining_details=payload.joining_details,
        now=now(),
    )
    return MovedSessionView(changed.session, changed.warnings)


@router.post(
    "/sessions/{session_id}/cancel",
    response={200: SessionOut, **ERRORS},
    summary="Cancel one session that has not started, with a reason (provider)",
)
def session_cancel_api(request: HttpRequest, session_id: Id, payload: ReasonIn) -> Session:
    """Enrolled participants are emailed a METHOD:CANCEL invitation; 409 if the session is
    already cancelled or has started."""
    actor = _actor(request)
    return session_cancel(
        session=session_get_for_change(actor, session_id),
        actor=actor,
        reason=payload.reason,
        now=now(),
    )
