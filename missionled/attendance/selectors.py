"""Every read of attendance, completion and certificates a user sees, scoped to them."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from missionled.attendance.models import Attendance, CalendarFeed, Certificate, CheckInCode
from missionled.attendance.services.attendance import (
    MARKERS_ONLY,
    session_is_open,
    user_may_mark,
)
from missionled.attendance.services.completion import Completion, enrolment_completion
from missionled.cohorts.ical import _calendar, _event
from missionled.cohorts.models import Session
from missionled.core.errors import NotAllowed, NotFound
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.selectors import session_catch_up_enrolments
from missionled.organisations.models import Role
from missionled.organisations.services.users import token_hash

SESSION_NOT_FOUND = "There is no session {pk} that you can see."
CERTIFICATE_NOT_FOUND = "There is no certificate with that code."
CALENDAR_LINK_NOT_FOUND = "There is no calendar at this address."


def session_get_for_marking(user: Any, pk: int) -> Session:
    """A session whose attendance `user` may mark.

    :raises NotFound: if there is no such session, or it is another department's (for a
        coordinator).
    :raises NotAllowed: for anyone but the provider and the session's facilitator.
    """
    session = (
        Session.objects.select_related("cohort__course", "cohort__department").filter(pk=pk).first()
    )
    if session is None:
        raise NotFound(SESSION_NOT_FOUND.format(pk=pk), code="session_not_found")
    if user_may_mark(user, session):
        return session
    if getattr(user, "role", None) == Role.COORDINATOR and (
        user.department_id != session.cohort.department_id
    ):
        raise NotFound(SESSION_NOT_FOUND.format(pk=pk), code="session_not_found")
    raise NotAllowed(MARKERS_ONLY)


@dataclass
class RosterLine:
    enrolment: Enrolment
    attendance: Attendance | None
    catch_up: bool = False


def session_roster(session: Session) -> list[RosterLine]:
    """The enrolled participants of the session's cohort with their current marks, then
    anyone catching up on this session from another cohort."""
    marks = {a.enrolment_id: a for a in session.attendances.select_related("marked_by")}
    enrolled = session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).order_by(
        "name", "pk"
    )
    lines = [RosterLine(enrolment, marks.get(enrolment.pk)) for enrolment in enrolled]
    catching_up = session_catch_up_enrolments(session)
    return lines + [RosterLine(e, marks.get(e.pk), catch_up=True) for e in catching_up]


def session_check_in_code(session: Session) -> str | None:
    found = CheckInCode.objects.filter(session=session).first()
    return found.code if found else None


def enrolments_for_participant(user: Any) -> QuerySet[Enrolment]:
    """The person's own places and waiting-list places: matched by their account, or by
    their email for places named before they signed in."""
    if getattr(user, "pk", None) is None:
        return Enrolment.objects.none()
    email = str(getattr(user, "email", "")).lower()
    return (
        Enrolment.objects.filter(Q(user_id=user.pk) | Q(email=email))
        .filter(status__in=Enrolment.ACTIVE)
        .select_related("cohort__course", "cohort__department")
        .order_by("cohort__created_at", "pk")
    )


@dataclass
class SessionLine:
    session: Session
    attendance: Attendance | None
    open: bool = False


@dataclass
class LearningLine:
    enrolment: Enrolment
    sessions: list[SessionLine]
    completion: Completion
    certificate: Certificate | None
    extra: dict[str, Any] = field(default_factory=dict)


def my_learning(user: Any, *, now: datetime) -> list[LearningLine]:
    """Each of the person's cohorts with its sessions, their attendance, completion and
    certificate; `open` marks a session they can check in to now. Only their own enrolments
    ever appear."""
    lines = []
    for enrolment in enrolments_for_participant(user):
        marks = {a.session_id: a for a in enrolment.attendances.all()}
        sessions = enrolment.cohort.sessions.order_by("order")
        catch_ups = enrolment.catch_ups.filter(status=CatchUp.Status.BOOKED).select_related(
            "session__cohort__department"
        )
        lines.append(
            LearningLine(
                enrolment=enrolment,
                sessions=[_line(s, marks.get(s.pk), enrolment, now) for s in sessions],
                completion=enrolment_completion(enrolment),
                certificate=Certificate.objects.filter(enrolment=enrolment).first(),
                extra={
                    "catch_ups": [
                        (c, _line(c.session, marks.get(c.session_id), enrolment, now))
                        for c in catch_ups
                    ],
                    "now": now,
                },
            )
        )
    return lines


def _line(
    session: Session, attendance: Attendance | None, enrolment: Enrolment, now: datetime
) -> SessionLine:
    can_check_in = (
        enrolment.status == Enrolment.Status.ENROLLED
        and session.status == Session.Status.SCHEDULED
        and session_is_open(session, now)
        and (attendance is None or attendance.status not in Attendance.ATTENDED)
    )
    return SessionLine(session, attendance, can_check_in)


def my_calendar(user: Any, *, stamp: datetime) -> bytes:
    """The person's own sessions as an iCalendar feed: where they hold a place, and the
    sessions they are assigned to facilitate."""
    calendar = _calendar(None, "Mission-led Government: my sessions")
    enrolled = enrolments_for_participant(user).filter(status=Enrolment.Status.ENROLLED)
    caught_up = Q(catch_ups__enrolment__in=enrolled, catch_ups__status=CatchUp.Status.BOOKED)
    facilitating = Q(assignments__facilitator=user)
    sessions = (
        Session.objects.filter(Q(cohort__enrolments__in=enrolled) | caught_up | facilitating)
        .select_related("cohort__course", "cohort__department")
        .distinct()
        .order_by("starts_at")
    )
    for session in sessions:
        calendar.add_component(_event(session, session.cohort, stamp, cancel=False))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def calendar_feed_owner(token: str) -> Any:
    """The person whose calendar link carries `token`, for the feed that needs no sign-in.

    :raises NotFound: alike for an unknown token, a link that was reset or turned off, and a
        deactivated person, so the answer says nothing about which links once existed.
    """
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise NotFound(CALENDAR_LINK_NOT_FOUND, code="calendar_link_not_found")
    return feed.user


def certificate_get_public(code: str) -> Certificate:
    """:raises NotFound: for an unknown code."""
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        raise NotFound(CERTIFICATE_NOT_FOUND, code="certificate_not_found")
    return certificate


def certificate_get_for_user(user: Any, code: str) -> Certificate:
    """The full certificate, for the person it names and the provider.

    :raises NotFound: for an unknown code or someone else's certificate.
    """
    certificate = certificate_get_public(code)
    if getattr(user, "role", None) == Role.PROVIDER_ADMIN:
        return certificate
    enrolment = certificate.enrolment
    email = str(getattr(user, "email", "")).lower()
    if enrolment is None or user.pk is None:
        raise NotFound(CERTIFICATE_NOT_FOUND, code="certificate_not_found")
    if enrolment.user_id == user.pk or enrolment.email == email:
        return certificate
    raise NotFound(CERTIFICATE_NOT_FOUND, code="certificate_not_found")
