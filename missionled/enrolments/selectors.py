"""Every read of enrolments a user sees, scoped in one place.

- The provider sees every cohort's participants.
- A coordinator sees their own department's cohorts; another department's is "not found".
- A facilitator sees the participants of cohorts whose sessions they facilitate (once sessions
  have a `facilitators` relation); otherwise they may not list participants.
- A participant sees only their own enrolments.
- Reasonable adjustments are seen only by the provider, the cohort's facilitators and the
  participant who recorded them; never by coordinators.
"""

from datetime import datetime

from django.db.models import QuerySet

from missionled.cohorts.models import Cohort, Session
from missionled.core.errors import CapacityFull, NotAllowed, NotFound, RuleBroken
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.organisations.models import Role, User

LIST_NOT_ALLOWED = (
    "Only the provider, the department's coordinator and the cohort's facilitators can see "
    "its participants."
)
COHORT_NOT_FOUND = "There is no cohort {pk} that you can see."
ENROLMENT_NOT_FOUND = "There is no enrolment {pk} that you can see."
ENROLMENT_NOT_ALLOWED = "Your role may not see enrolments."
CATCH_UP_NOT_FOUND = "There is no catch-up session {pk} that you can see."
SESSION_NOT_FOUND = "There is no session {pk}."


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_related(
        "grade", "profession", "department", "substituted_for", "cohort"
    ).order_by("sequence", "id")


def _own(user: User) -> QuerySet[Enrolment]:
    return _enrolments().filter(user=user) | _enrolments().filter(email=user.email.lower())


def cohort_facilitated_by(user: User, cohort: Cohort) -> bool:
    """Whether `user` is assigned to facilitate any of the cohort's sessions."""
    if user.role != Role.FACILITATOR:
        return False
    return cohort.sessions.filter(assignments__facilitator=user).exists()


def cohort_get_for_enrolments(user: User, pk: int) -> Cohort:
    """The cohort whose participants `user` asks for; `enrolment_list_for_cohort` then decides
    what they see.

    :raises NotAllowed: for roles that never see participants (mission analysts).
    :raises NotFound: if there is no such cohort.
    """
    if user.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR, Role.FACILITATOR, Role.PARTICIPANT):
        raise NotAllowed(LIST_NOT_ALLOWED)
    cohort = Cohort.objects.select_related("course", "department", "booking").filter(pk=pk).first()
    if cohort is None:
        raise NotFound(COHORT_NOT_FOUND.format(pk=pk), code="cohort_not_found")
    return cohort


def enrolment_list_for_cohort(user: User, cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's enrolments that `user` may see, in arrival order, including those who left.

    :raises NotFound: for a coordinator and another department's cohort, or a participant
        with no enrolment in it.
    :raises NotAllowed: for other roles.
    """
    enrolments = _enrolments().filter(cohort=cohort)
    if user.role == Role.PROVIDER_ADMIN or cohort_facilitated_by(user, cohort):
        return enrolments
    if user.role == Role.COORDINATOR:
        if user.department_id != cohort.department_id:
            raise NotFound(COHORT_NOT_FOUND.format(pk=cohort.pk), code="cohort_not_found")
        return enrolments
    if user.role == Role.PARTICIPANT:
        own = enrolments & _own(user)
        if not own.exists():
            raise NotFound(COHORT_NOT_FOUND.format(pk=cohort.pk), code="cohort_not_found")
        return own
    raise NotAllowed(LIST_NOT_ALLOWED)


def enrolment_get_for_user(user: User, pk: int) -> Enrolment:
    """One enrolment `user` may act on: the provider any, a coordinator their department's,
    a participant their own.

    :raises NotAllowed: for facilitators and analysts.
    :raises NotFound: if it does not exist or is not theirs to see.
    """
    enrolments = _enrolments()
    if user.role == Role.COORDINATOR:
        enrolments = enrolments.filter(department=user.department)
    elif user.role == Role.PARTICIPANT:
        enrolments = _own(user)
    elif user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(ENROLMENT_NOT_ALLOWED)
    enrolment = enrolments.filter(pk=pk).first()
    if enrolment is None:
        raise NotFound(ENROLMENT_NOT_FOUND.format(pk=pk), code="enrolment_not_found")
    return enrolment


def cohort_counts(cohort: Cohort) -> tuple[int, int]:
    """(enrolled, waitlisted) for the cohort."""
    statuses = list(
        cohort.enrolments.filter(status__in=Enrolment.ACTIVE).values_list("status", flat=True)
    )
    return statuses.count(Enrolment.Status.ENROLLED), statuses.count(Enrolment.Status.WAITLISTED)


def cohort_unnamed_places(cohort: Cohort) -> int:
    """Places booked but not yet given to a named person."""
    enrolled, _ = cohort_counts(cohort)
    return max(cohort.capacity - enrolled, 0)


def enrolment_waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first person waiting, and so on; None for anyone not waiting."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        cohort_id=enrolment.cohort_id, status=Enrolment.Status.WAITLISTED
    ).filter(sequence__lt=enrolment.sequence)
    return int(ahead.count()) + 1


def waitlist_positions(enrolments: list[Enrolment]) -> dict[int, int]:
    """Positions for a whole cohort's list at once, by enrolment id."""
    waiting = [e for e in enrolments if e.status == Enrolment.Status.WAITLISTED]
    waiting.sort(key=lambda e: (e.sequence, e.pk))
    return {enrolment.pk: position for position, enrolment in enumerate(waiting, start=1)}


def enrolment_adjustments_visible(user: User, enrolment: Enrolment) -> bool:
    """Reasonable adjustments are for the provider, the facilitators and the person."""
    if user.role == Role.PROVIDER_ADMIN:
        return True
    if user.role == Role.PARTICIPANT:
        return enrolment.user_id == user.pk or enrolment.email == user.email.lower()
    return cohort_facilitated_by(user, enrolment.cohort)


def session_catch_up_enrolments(session: Session) -> QuerySet[Enrolment]:
    """The people catching up on `session` from another cohort: their original enrolments,
    while they hold their place and the catch-up is booked. They belong on this session's
    roster only, and attendance marked for them is recorded on these enrolments."""
    return (
        Enrolment.objects.filter(
            status=Enrolment.Status.ENROLLED,
            catch_ups__session=session,
            catch_ups__status=CatchUp.Status.BOOKED,
        )
        .select_related("cohort__department")
        .order_by("name", "pk")
    )


def catch_up_get_for_user(user: User, pk: int) -> CatchUp:
    """One catch-up `user` may act on, scoped as its enrolment is (`enrolment_get_for_user`).

    :raises NotAllowed: for facilitators and analysts.
    :raises NotFound: if it does not exist or is not theirs to see.
    """
    catch_ups = CatchUp.objects.select_related("enrolment", "session__cohort__department")
    if user.role == Role.COORDINATOR:
        catch_ups = catch_ups.filter(enrolment__department=user.department)
    elif user.role == Role.PARTICIPANT:
        catch_ups = catch_ups.filter(enrolment__in=_own(user))
    elif user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(ENROLMENT_NOT_ALLOWED)
    catch_up = catch_ups.filter(pk=pk).first()
    if catch_up is None:
        raise NotFound(CATCH_UP_NOT_FOUND.format(pk=pk), code="catch_up_not_found")
    return catch_up


def catch_ups_for_enrolment(enrolment: Enrolment) -> QuerySet[CatchUp]:
    """The enrolment's catch-ups, booked and cancelled, soonest first. The caller has
    already scoped the enrolment to the user."""
    return enrolment.catch_ups.select_related("session__cohort__department").order_by(
        "session__starts_at", "pk"
    )


def catch_ups_to_come(enrolment: Enrolment, *, now: datetime) -> QuerySet[CatchUp]:
    """The enrolment's booked catch-ups whose session has not started: those that leaving
    the cohort cancels. The caller has already scoped the enrolment to the user."""
    return catch_ups_for_enrolment(enrolment).filter(
        status=CatchUp.Status.BOOKED, session__starts_at__gt=now
    )


def catch_up_session_resolve(pk: int) -> Session:
    """The session a catch-up request names, whichever cohort it is in: its date and place
    are what the participant is choosing.

    :raises RuleBroken: naming the `session` field if there is no such session.
    """
    session = (
        Session.objects.select_related("cohort__booking", "cohort__course", "cohort__department")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        message = SESSION_NOT_FOUND.format(pk=pk)
        raise RuleBroken(message, code="session_not_found", fields={"session": [message]})
    return session


def catch_up_session_options(enrolment: Enrolment, *, now: datetime) -> list[tuple[Session, bool]]:
    """Sessions of other cohorts of the same course that `enrolment` could catch up on now,
    soonest first, each with whether it has a place left: not started, in confirmed cohorts,
    matching a session of their own cohort that they have not attended or already caught up
    on. A full session is kept (marked so) because a place can come free, and a session that
    fills while someone is choosing must still reach the service, whose refusal names it."""
    from missionled.enrolments.services.catch_up import catch_up_problem

    candidates = (
        Session.objects.filter(
            cohort__course_id=enrolment.cohort.course_id,
            status=Session.Status.SCHEDULED,
            starts_at__gt=now,
        )
        .exclude(cohort_id=enrolment.cohort_id)
        .select_related("cohort__booking", "cohort__course", "cohort__department")
        .order_by("starts_at", "pk")
    )
    options = []
    for session in candidates:
        problem = catch_up_problem(enrolment, session, now)
        if problem is None or isinstance(problem, CapacityFull):
            options.append((session, problem is None))
    return options


def catch_up_sessions_for(enrolment: Enrolment, *, now: datetime) -> list[Session]:
    """The sessions of `catch_up_session_options` that have a place left."""
    return [session for session, free in catch_up_session_options(enrolment, now=now) if free]
