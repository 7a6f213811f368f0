"""Enrolments over HTTP: thin handlers around the enrolment services and selectors."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Path, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import PlainSerializer

from missionled.api.auth import bearer
from missionled.api.pagination import PageNumberPagination
from missionled.api.schemas import ErrorOut
from missionled.cohorts.models import Cohort
from missionled.cohorts.selectors import cohort_get_for_user
from missionled.core.clock import LONDON, now
from missionled.core.errors import RuleBroken
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.selectors import (
    catch_up_get_for_user,
    catch_up_session_resolve,
    catch_ups_for_enrolment,
    cohort_get_for_enrolments,
    enrolment_adjustments_visible,
    enrolment_get_for_user,
    enrolment_list_for_cohort,
    enrolment_waitlist_position,
)
from missionled.enrolments.services.catch_up import catch_up_book, catch_up_cancel
from missionled.enrolments.services.csv_rows import MAX_BYTES
from missionled.enrolments.services.enrolments import (
    enrolment_create,
    enrolment_withdraw,
    enrolments_import_csv,
)
from missionled.organisations.models import Grade, Profession, User
from missionled.organisations.selectors import grade_resolve, profession_resolve

router = Router(tags=["Enrolments"], auth=bearer)

Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
LondonDateTime = Annotated[
    datetime, PlainSerializer(lambda moment: moment.astimezone(LONDON).isoformat(), str)
]
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class EnrolmentCreateIn(Schema):
    name: str = Field(..., max_length=500)
    email: str = Field(..., max_length=500)
    grade: str = Field(..., max_length=100, description="A code (G7) or common name (Grade 7)")
    profession: str | None = Field(None, max_length=200)
    team: str = Field("", max_length=500)
    line_manager_email: str = Field("", max_length=500)
    override_reason: str = Field(
        "", max_length=2000, description="Provider admins only: why an ineligible grade is admitted"
    )


class EnrolmentCreatedOut(Schema):
    id: int
    status: str
    position: int | None = None

    @staticmethod
    def resolve_position(obj: Enrolment) -> int | None:
        return enrolment_waitlist_position(obj)


class EnrolmentOut(EnrolmentCreatedOut):
    cohort: int
    name: str
    email: str
    grade: str
    profession: str | None
    team: str
    department: str
    line_manager_email: str
    eligibility_override_reason: str
    substituted_for: int | None
    reasonable_adjustments: str | None = Field(
        None, description="Shown only to the provider, the facilitators and the participant"
    )

    @staticmethod
    def resolve_cohort(obj: Enrolment) -> int:
        return obj.cohort_id

    @staticmethod
    def resolve_grade(obj: Enrolment) -> str:
        return obj.grade.code

    @staticmethod
    def resolve_profession(obj: Enrolment) -> str | None:
        return obj.profession.name if obj.profession else None

    @staticmethod
    def resolve_department(obj: Enrolment) -> str:
        return obj.department.acronym

    @staticmethod
    def resolve_substituted_for(obj: Enrolment) -> int | None:
        return obj.substituted_for_id

    @staticmethod
    def resolve_reasonable_adjustments(obj: Enrolment, context: dict[str, Any]) -> str | None:
        user = context["request"].user
        return obj.reasonable_adjustments if enrolment_adjustments_visible(user, obj) else None


class ImportedOut(Schema):
    imported: int


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _as_field(field: str, resolve: Any, value: str) -> Any:
    """A reference the body names but that does not exist is bad input on that field."""
    try:
        return resolve(value)
    except RuleBroken as error:
        raise RuleBroken(error.message, code=error.code, fields={field: [error.message]}) from error


def _managed_cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    return cohort_get_for_user(_actor(request), cohort_id)


@router.post(
    "/cohorts/{cohort_id}/enrolments",
    response={201: EnrolmentCreatedOut, **ERRORS},
    summary="Name a participant in a cohort",
)
def enrolment_create_api(
    request: HttpRequest, cohort_id: Id, payload: EnrolmentCreateIn
) -> Status[Enrolment]:
    """Enrolled while places remain, otherwise waitlisted with a `position`. Grades outside
    Grade 7 to Director are refused (422) unless a provider admin gives `override_reason`."""
    cohort = _managed_cohort(request, cohort_id)
    grade: Grade = _as_field("grade", grade_resolve, payload.grade)
    profession: Profession | None = (
        _as_field("profession", profession_resolve, payload.profession)
        if payload.profession
        else None
    )
    enrolment = enrolment_create(
        cohort=cohort,
        name=payload.name,
        email=payload.email,
        grade=grade,
        profession=profession,
        team=payload.team,
        line_manager_email=payload.line_manager_email,
        override_reason=payload.override_reason,
        actor=_actor(request),
        now=now(),
    )
    return Status(201, enrolment)


@router.post(
    "/cohorts/{cohort_id}/enrolments/import",
    response={201: ImportedOut, **ERRORS},
    summary="Name participants from a CSV file",
)
def enrolments_import_api(
    request: HttpRequest, cohort_id: Id, file: File[UploadedFile]
) -> Status[dict[str, int]]:
    """`file`: CSV with the header `name,email,grade,profession` (optional `team`), at most
    1 MB and 5,000 rows. Every row is checked first; if any is bad, none is imported and the
    422 lists each bad row in `fields.file` as "line N, column X: reason"."""
    cohort = _managed_cohort(request, cohort_id)
    # One byte past the limit is enough to know the file is too large.
    data = file.read(MAX_BYTES + 1)
    created = enrolments_import_csv(
        cohort=cohort, file_bytes=data, actor=_actor(request), now=now()
    )
    return Status(201, {"imported": len(created)})


@router.get(
    "/cohorts/{cohort_id}/enrolments",
    response={200: list[EnrolmentOut], **ERRORS},
    summary="The cohort's participants you may see",
)
@paginate(PageNumberPagination)
def enrolment_list_api(request: HttpRequest, cohort_id: Id) -> Any:
    """In arrival order, including those who withdrew or passed their place on. Participants
    see only themselves."""
    actor = _actor(request)
    return enrolment_list_for_cohort(actor, cohort_get_for_enrolments(actor, cohort_id))


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    response={200: EnrolmentOut, **ERRORS},
    summary="Withdraw a participant; the first waitlisted takes the place",
)
def enrolment_withdraw_api(request: HttpRequest, enrolment_id: Id) -> Enrolment:
    actor = _actor(request)
    enrolment = enrolment_get_for_user(actor, enrolment_id)
    return enrolment_withdraw(enrolment=enrolment, actor=actor, now=now())


class CatchUpIn(Schema):
    session: int = Field(..., ge=1, le=2_147_483_647, description="The session to catch up on")


class CatchUpOut(Schema):
    id: int
    enrolment: int
    session: int
    cohort: int
    department: str = Field(..., description="The department whose cohort holds the session")
    title: str
    starts_at: LondonDateTime
    ends_at: LondonDateTime
    status: str = Field(..., description="booked or cancelled")

    @staticmethod
    def resolve_enrolment(obj: CatchUp) -> int:
        return obj.enrolment_id

    @staticmethod
    def resolve_session(obj: CatchUp) -> int:
        return obj.session_id

    @staticmethod
    def resolve_cohort(obj: CatchUp) -> int:
        return obj.session.cohort_id

    @staticmethod
    def resolve_department(obj: CatchUp) -> str:
        return obj.session.cohort.department.acronym

    @staticmethod
    def resolve_title(obj: CatchUp) -> str:
        return obj.session.title

    @staticmethod
    def resolve_starts_at(obj: CatchUp) -> datetime:
        return obj.session.starts_at

    @staticmethod
    def resolve_ends_at(obj: CatchUp) -> datetime:
        return obj.session.ends_at


@router.post(
    "/enrolments/{enrolment_id}/catch-ups",
    response={201: CatchUpOut, **ERRORS},
    summary="Book a participant onto one session of another cohort of the same course",
)
def catch_up_book_api(
    request: HttpRequest, enrolment_id: Id, payload: CatchUpIn
) -> Status[CatchUp]:
    """Coordinator (own department) or provider admin. The session must match, by order and
    kind, one in the participant's own cohort that they have not attended; it must not have
    started and its cohort must be confirmed with a place left (409 `capacity_full`). The
    place counts against that cohort's capacity; attendance counts towards the participant's
    own enrolment."""
    actor = _actor(request)
    enrolment = enrolment_get_for_user(actor, enrolment_id)
    session = catch_up_session_resolve(payload.session)
    return Status(201, catch_up_book(actor=actor, enrolment=enrolment, session=session, now=now()))


@router.get(
    "/enrolments/{enrolment_id}/catch-ups",
    response={200: list[CatchUpOut], **ERRORS},
    summary="A participant's catch-up sessions, booked and cancelled",
)
def catch_up_list_api(request: HttpRequest, enrolment_id: Id) -> Any:
    return catch_ups_for_enrolment(enrolment_get_for_user(_actor(request), enrolment_id))


@router.delete(
    "/catch-ups/{catch_up_id}",
    response={204: None, **ERRORS},
    summary="Cancel a catch-up session before it starts; the place is free at once",
)
def catch_up_cancel_api(request: HttpRequest, catch_up_id: Id) -> Status[None]:
    """Coordinator (own department), provider admin, or the participant. The catch-up is kept,
    marked cancelled, in the enrolment's list."""
    actor = _actor(request)
    catch_up_cancel(actor=actor, catch_up=catch_up_get_for_user(actor, catch_up_id), now=now())
    return Status(204, None)
