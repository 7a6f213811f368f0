"""Every read of bookings, cohorts and sessions a user sees, scoped to what they may see.

Coordinators see only their own department's bookings and cohorts; the provider sees all.
Another department's object is "not found", never "forbidden".
"""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from missionled.cohorts.models import Booking, Cohort, Session
from missionled.core.errors import NotAllowed, NotFound
from missionled.core.models import AuditEntry
from missionled.organisations.models import Role, User
from missionled.organisations.selectors import department_scope_for

BOOKINGS_NOT_ALLOWED = "Only department coordinators and the provider can see bookings."
BOOKING_NOT_FOUND = "There is no booking {pk} that you can see."
COHORT_NOT_FOUND = "There is no cohort {pk} that you can see."
SESSION_NOT_FOUND = "There is no session {pk} that you can see."
SESSIONS_PROVIDER_ONLY = "Only the provider can change sessions."

BOOKING_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.COORDINATOR})
# Enrolment statuses whose holder may read their cohort (enrolled or waiting).
READER_STATUSES = ("enrolled", "waitlisted")


def user_may_book(user: Any) -> bool:
    return getattr(user, "role", None) in BOOKING_ROLES


def _scoped[M: (Booking, Cohort)](user: User, queryset: QuerySet[M]) -> QuerySet[M]:
    if not user_may_book(user):
        raise NotAllowed(BOOKINGS_NOT_ALLOWED)
    if user.role == Role.PROVIDER_ADMIN:
        return queryset
    department = department_scope_for(user)
    if department is None:
        return queryset.none()
    return queryset.filter(department=department)


def booking_list_for_user(
    user: User,
    *,
    status: str | None = None,
    course: str | None = None,
    department: str | None = None,
    month: date | None = None,
) -> QuerySet[Booking]:
    """The bookings `user` may see, newest first, filtered by status, course slug, department
    acronym and the month of the earliest start.

    :raises NotAllowed: for roles that do not book.
    """
    bookings = _scoped(user, Booking.objects.select_related("course", "department", "cohort"))
    if status:
        bookings = bookings.filter(status=status)
    if course:
        bookings = bookings.filter(course__slug=course)
    if department:
        bookings = bookings.filter(department__acronym__iexact=department)
    if month:
        bookings = bookings.filter(
            earliest_start__year=month.year, earliest_start__month=month.month
        )
    return bookings


def booking_get_for_user(user: User, pk: int) -> Booking:
    """One booking `user` may see.

    :raises NotAllowed: for roles that do not book.
    :raises NotFound: if it does not exist or belongs to another department.
    """
    booking = (
        _scoped(
            user,
            Booking.objects.select_related("course", "department", "requested_by", "cohort"),
        )
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise NotFound(BOOKING_NOT_FOUND.format(pk=pk), code="booking_not_found")
    return booking


def booking_cohort(booking: Booking) -> Cohort | None:
    """The cohort a confirmed booking created, or None before confirmation."""
    return (
        Cohort.objects.filter(booking=booking)
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("order")))
        .first()
    )


def booking_timeline(booking: Booking) -> QuerySet[AuditEntry]:
    """Every recorded change to the booking, oldest first, with who made it."""
    return AuditEntry.objects.filter(
        object_type=Booking._meta.label_lower, object_id=str(booking.pk)
    ).select_related("actor")


def _cohorts_with_sessions() -> QuerySet[Cohort]:
    """Cohorts ready to render: sessions in order, each with its facilitators, in 3 queries."""
    sessions = Session.objects.order_by("order").prefetch_related("assignments__facilitator")
    return Cohort.objects.select_related("course", "department", "booking").prefetch_related(
        Prefetch("sessions", queryset=sessions)
    )


def cohort_get_for_user(user: User, pk: int) -> Cohort:
    """One cohort `user` may see, with its sessions in order.

    :raises NotAllowed: for roles that do not book (participants and facilitators reach their
        cohorts through their own enrolments and sessions, added in later issues).
    :raises NotFound: if it does not exist or belongs to another department.
    """
    cohort = _scoped(user, _cohorts_with_sessions()).filter(pk=pk).first()
    if cohort is None:
        raise NotFound(COHORT_NOT_FOUND.format(pk=pk), code="cohort_not_found")
    return cohort


def cohort_get_for_reader(user: User, pk: int) -> Cohort:
    """One cohort to read (API `GET /cohorts/{id}` and its calendar): bookers as in
    `cohort_get_for_user`; a facilitator assigned to one of its sessions; a participant with an
    active place or waiting-list entry in it. Anyone else gets a 404, as if it did not exist.

    :raises NotAllowed: for mission analysts, who never read cohorts.
    """
    if user_may_book(user):
        return cohort_get_for_user(user, pk)
    if user.role == Role.FACILITATOR:
        visible = Cohort.objects.filter(sessions__assignments__facilitator=user)
    elif user.role == Role.PARTICIPANT:
        visible = Cohort.objects.filter(
            enrolments__email=user.email.lower(), enrolments__status__in=READER_STATUSES
        )
    else:
        raise NotAllowed(BOOKINGS_NOT_ALLOWED)
    if not visible.filter(pk=pk).exists():
        raise NotFound(COHORT_NOT_FOUND.format(pk=pk), code="cohort_not_found")
    return _cohorts_with_sessions().get(pk=pk)


def joining_details_visible(user: User, cohort: Cohort) -> bool:
    """Whether `user`, who may already read `cohort`, sees how to join its sessions: everyone
    who reads it except a participant without a place (one on the waiting list), since a
    video-call link would let them join a session they have no place in."""
    if getattr(user, "role", None) != Role.PARTICIPANT:
        return True
    return cohort.enrolments.filter(email=user.email.lower(), status="enrolled").exists()


def session_get_for_change(user: User, pk: int) -> Session:
    """A session the provider is about to change.

    :raises NotAllowed: unless `user` is the provider.
    :raises NotFound: if there is no such session.
    """
    if getattr(user, "role", None) != Role.PROVIDER_ADMIN:
        raise NotAllowed(SESSIONS_PROVIDER_ONLY)
    session = (
        Session.objects.select_related("cohort__course", "cohort__department", "cohort__booking")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise NotFound(SESSION_NOT_FOUND.format(pk=pk), code="session_not_found")
    return session


def cohort_enrolled_count(cohort: Cohort) -> int:
    """How many people hold a place in the cohort (enrolments with status "enrolled")."""
    return cohort.enrolments.filter(status="enrolled").count()


def cohort_waitlist_count(cohort: Cohort) -> int:
    """How many people wait for a place (enrolments with status "waitlisted")."""
    return cohort.enrolments.filter(status="waitlisted").count()


def session_facilitator_emails(session: Session | dict[str, Any]) -> list[str]:
    """The emails of the facilitators the plan assigned to the session; reads the
    `assignments__facilitator` prefetch that `cohort_get_for_user` sets, so no query per session.
    A session already turned into a dict (a moved session's answer) keeps the list it has."""
    if isinstance(session, dict):
        return list(session.get("facilitators", []))
    return sorted({assignment.facilitator.email for assignment in session.assignments.all()})
