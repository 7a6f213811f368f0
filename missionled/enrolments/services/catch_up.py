"""Catch-up sessions: a participant who misses (or will miss) a session of their cohort takes
the same session, by its order and kind, in another cohort of the same course.

A catch-up is a `CatchUp` row on the participant's original enrolment, not an enrolment in
the other cohort, so it holds a place in that one session only and attendance marked for it
counts towards the original enrolment's completion and certificate. Its place counts against
the other cohort's capacity: the cohort's enrolled participants plus the session's booked
catch-ups never exceed it, checked under the same cohort lock as every enrolment.

Who may act follows the enrolment services: the provider and the coordinator of the
participant's department book (as they name participants); they and the participant
themself may cancel (as they may withdraw).
"""

from datetime import datetime

from django.db import transaction

from missionled.attendance.services.completion import attended_orders
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.core.audit import audit_record
from missionled.core.clock import LONDON
from missionled.core.errors import (
    CapacityFull,
    Conflict,
    DomainError,
    NotAllowed,
    NotFound,
    RuleBroken,
)
from missionled.core.locking import cohort_transaction, lock_cohort
from missionled.enrolments import hooks
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.selectors import session_catch_up_enrolments
from missionled.enrolments.services.enrolments import (
    catch_up_record_cancelled,
    enrolments_fill_places,
)
from missionled.organisations.models import Role, User

BOOK_NOT_ALLOWED = (
    "Only the participant's department coordinator or the provider can book a catch-up session."
)
CANCEL_NOT_ALLOWED = (
    "Only the participant, their department's coordinator or the provider can cancel a "
    "catch-up session."
)
ENROLMENT_NOT_FOUND = "There is no enrolment {pk} that you can see."
CATCH_UP_NOT_FOUND = "There is no catch-up session {pk} that you can see."
NOT_ENROLLED = "Only someone who holds a place in their cohort can book a catch-up session."
WRONG_COURSE = "A catch-up must be a session of the same course, {course}."
SAME_COHORT = "Choose a session in another cohort: this one is the participant's own."
NO_MATCHING_SESSION = "Their cohort has no {title} to catch up on."
SESSION_CANCELLED = "That session has been cancelled."
SESSION_STARTED = "That session started on {start:%d %B %Y at %H:%M}, so it is too late to book."
COHORT_CLOSED = "That cohort's booking is {status}, so nobody can catch up in it."
ALREADY_ATTENDED = "{name} has already attended {title}, so there is nothing to catch up on."
ALREADY_BOOKED = "{name} is already booked to catch up on {title}."
ALREADY_IN_COHORT = "{name} is already in that cohort, so they can attend its {title} there."
SESSION_FULL = (
    "{title} on {day} with the cohort for {host} has no places left. Choose another session."
)
ALREADY_CANCELLED = "This catch-up session has already been cancelled."
CANCEL_TOO_LATE = "The session has started, so the catch-up can no longer be cancelled."
OPEN_BOOKINGS = (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY)


def _session_rule(enrolment: Enrolment, session: Session, now: datetime) -> DomainError | None:
    """What is wrong with `session` itself as a catch-up for `enrolment`, if anything."""
    own = enrolment.cohort
    if session.cohort.course_id != own.course_id:
        return RuleBroken(WRONG_COURSE.format(course=own.course.title), code="wrong_course")
    if session.cohort_id == own.pk:
        return RuleBroken(SAME_COHORT, code="same_cohort")
    if not own.sessions.filter(order=session.order, kind=session.kind).exists():
        return RuleBroken(NO_MATCHING_SESSION.format(title=session.title), code="no_such_session")
    if session.status != Session.Status.SCHEDULED:
        return RuleBroken(SESSION_CANCELLED, code="session_cancelled")
    if now >= session.starts_at:
        return RuleBroken(SESSION_STARTED.format(start=session.starts_at), code="session_started")
    booking = session.cohort.booking
    if booking.status not in OPEN_BOOKINGS:
        status = booking.get_status_display().lower()
        return RuleBroken(COHORT_CLOSED.format(status=status), code="cohort_closed")
    return None


def _person_rule(enrolment: Enrolment, session: Session) -> DomainError | None:
    """What stops this person catching up on `session`'s order, if anything."""
    facts = {"name": enrolment.name, "title": session.title}
    if session.order in attended_orders(enrolment):
        return RuleBroken(ALREADY_ATTENDED.format(**facts), code="already_attended")
    booked = CatchUp.objects.filter(
        enrolment=enrolment, status=CatchUp.Status.BOOKED, session__order=session.order
    )
    if booked.exists():
        return RuleBroken(ALREADY_BOOKED.format(**facts), code="already_booked")
    in_cohort = session.cohort.enrolments.filter(email=enrolment.email, status__in=Enrolment.ACTIVE)
    if in_cohort.exists():
        return RuleBroken(ALREADY_IN_COHORT.format(**facts), code="already_in_cohort")
    return None


def catch_up_places_taken(session: Session) -> int:
    """Places taken in `session`: its cohort's enrolled participants and the session's booked
    catch-ups of people still holding their own place."""
    enrolled = session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    return enrolled + session_catch_up_enrolments(session).count()


def catch_up_problem(enrolment: Enrolment, session: Session, now: datetime) -> DomainError | None:
    """The first rule that stops `enrolment` catching up on `session`, or None if it may
    (places included; the booking service checks again under the lock)."""
    if enrolment.status != Enrolment.Status.ENROLLED:
        return Conflict(NOT_ENROLLED, code="not_enrolled")
    problem = _session_rule(enrolment, session, now) or _person_rule(enrolment, session)
    if problem is None and catch_up_places_taken(session) >= session.cohort.capacity:
        problem = CapacityFull(session_full_message(session), code="capacity_full")
    return problem


def session_full_message(session: Session) -> str:
    """`SESSION_FULL` for `session`: named, as the person may have chosen it a while ago."""
    starts = session.starts_at.astimezone(LONDON)
    return SESSION_FULL.format(
        title=session.title,
        day=f"{starts.day} {starts:%B %Y}",
        host=session.cohort.department.name,
    )


def catch_up_require_booker(actor: User, enrolment: Enrolment) -> None:
    """The provider books any catch-up; a coordinator only for their department's people.

    :raises NotAllowed: for other roles.
    :raises NotFound: for a coordinator and another department's enrolment.
    """
    if actor.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed(BOOK_NOT_ALLOWED)
    if actor.role == Role.COORDINATOR and actor.department_id != enrolment.department_id:
        raise NotFound(ENROLMENT_NOT_FOUND.format(pk=enrolment.pk), code="enrolment_not_found")


def _lock_both(first: int, second: int) -> Cohort:
    """Lock the participant's cohort and the session's, always in the same order so two
    bookings cannot wait on each other; return the session's cohort."""
    locked = {pk: lock_cohort(pk) for pk in sorted({first, second})}
    return locked[second]


@cohort_transaction
def catch_up_book(*, actor: User, enrolment: Enrolment, session: Session, now: datetime) -> CatchUp:
    """Book `enrolment` onto `session`, a session of another cohort of the same course with
    the order and kind of one in their own cohort that they have not attended.

    :raises NotAllowed: for roles other than the provider and the coordinator.
    :raises NotFound: for a coordinator and another department's enrolment.
    :raises Conflict: if the enrolment does not hold a place.
    :raises RuleBroken: for a session of another course, of their own cohort, with no
        counterpart in their cohort, cancelled, started, in a cohort not confirmed, or one
        they have attended, are already booked on, or already belong to the cohort of.
    :raises CapacityFull: if the session's cohort has no place left.
    :raises Busy: if a cohort lock is not granted in time.
    """
    catch_up_require_booker(actor, enrolment)
    _lock_both(enrolment.cohort_id, session.cohort_id)
    enrolment = Enrolment.objects.select_related("cohort__course").get(pk=enrolment.pk)
    session = Session.objects.select_related("cohort__booking", "cohort__department").get(
        pk=session.pk
    )
    problem = catch_up_problem(enrolment, session, now)
    if problem is not None:
        problem.fields = problem.fields or {"session": [problem.message]}
        raise problem
    catch_up = CatchUp.objects.create(enrolment=enrolment, session=session, booked_by=actor)
    audit_record(
        action="enrolments.catch_up.booked",
        obj=catch_up,
        actor=actor,
        payload={"enrolment": enrolment.pk, "session": session.pk, "cohort": session.cohort_id},
        at=now,
    )
    transaction.on_commit(lambda: hooks.catch_up_booked_notify(catch_up))
    return catch_up


def _require_may_cancel(actor: User, catch_up: CatchUp) -> None:
    enrolment = catch_up.enrolment
    if actor.role == Role.PARTICIPANT:
        if enrolment.user_id != actor.pk and enrolment.email != actor.email.lower():
            pk = catch_up.pk
            raise NotFound(CATCH_UP_NOT_FOUND.format(pk=pk), code="catch_up_not_found")
        return
    if actor.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed(CANCEL_NOT_ALLOWED)
    if actor.role == Role.COORDINATOR and actor.department_id != enrolment.department_id:
        raise NotFound(CATCH_UP_NOT_FOUND.format(pk=catch_up.pk), code="catch_up_not_found")


@cohort_transaction
def catch_up_cancel(*, actor: User, catch_up: CatchUp, now: datetime) -> CatchUp:
    """Give up a catch-up place before its session starts; the place is free at once, and
    goes to the first on the host cohort's waiting list if it was all they lacked.

    :raises NotAllowed: for roles other than the participant, coordinator and provider.
    :raises NotFound: for someone else's (or another department's) catch-up.
    :raises Conflict: if it is already cancelled or its session has started.
    """
    _require_may_cancel(actor, catch_up)
    host = lock_cohort(catch_up.session.cohort_id)
    catch_up = CatchUp.objects.select_related("session", "enrolment").get(pk=catch_up.pk)
    if catch_up.status != CatchUp.Status.BOOKED:
        raise Conflict(ALREADY_CANCELLED, code="transition_not_allowed")
    if now >= catch_up.session.starts_at:
        raise Conflict(CANCEL_TOO_LATE, code="session_started")
    catch_up_record_cancelled(catch_up, actor=actor, now=now)
    transaction.on_commit(lambda: hooks.catch_up_cancelled_notify(catch_up))
    enrolments_fill_places(cohort=host, actor=actor, now=now)
    return catch_up
