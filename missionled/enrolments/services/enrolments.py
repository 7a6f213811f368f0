"""Every change to who holds a place in a cohort: enrol, import, withdraw, substitute.

Capacity holds under any concurrency because each service takes the cohort lock
(`missionled.core.locking.lock_cohort`) inside its transaction before it counts the places,
and writes before the transaction ends. The waiting list is served strictly in arrival order.
Places held in a coming session by people catching up from other cohorts
(`services/catch_up.py`) count as taken.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max

from missionled.cohorts.models import Booking, Cohort
from missionled.core.audit import audit_record
from missionled.core.errors import Busy, Conflict, NotAllowed, NotFound, RuleBroken
from missionled.core.locking import BUSY, cohort_transaction, lock_cohort
from missionled.enrolments import hooks
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.services.csv_rows import people_from_csv
from missionled.enrolments.services.people import (
    TEXT_UNREADABLE,
    Person,
    email_problem,
    ineligible_message,
    name_problem,
    team_problem,
)
from missionled.organisations.models import Grade, Profession, Role, User

MANAGERS_ONLY = "Only the department's coordinator or the provider can name participants."
COHORT_NOT_FOUND = "There is no cohort {pk} that you can see."
ENROLMENT_NOT_FOUND = "There is no enrolment {pk} that you can see."
WITHDRAW_NOT_ALLOWED = (
    "Only the participant, their department's coordinator or the provider can withdraw them."
)
DETAILS_NOT_ALLOWED = "Only the participant or the provider can change these details."
OVERRIDE_PROVIDER_ONLY = "Only a provider admin can admit someone outside the eligible grades."
COHORT_CLOSED = "This cohort's booking is {status}, so nobody can be named in it."
ALREADY_IN_COHORT = "{email} is already {status} in this cohort."
ALREADY_LEFT = "{name} has already left this cohort ({status})."
SUBSTITUTE_TOO_LATE = (
    "Places can only pass to a colleague before the cohort's first session, which started on "
    "{start:%d %B %Y}."
)
SUBSTITUTE_SAME_PERSON = "Name a different colleague to take the place."
SUBSTITUTE_ONLY_ACTIVE = "Only someone enrolled or on the waiting list can pass on their place."
OPEN_BOOKINGS = (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY)
STATUS_WORDS: dict[str, str] = {
    Enrolment.Status.ENROLLED: "enrolled",
    Enrolment.Status.WAITLISTED: "on the waiting list",
    Enrolment.Status.WITHDRAWN: "withdrawn",
    Enrolment.Status.SUBSTITUTED: "substituted",
}


def _after_commit(hook: Callable[[Enrolment], None], enrolment: Enrolment) -> None:
    transaction.on_commit(lambda: hook(enrolment))


def require_manager(actor: User, cohort: Cohort) -> None:
    """Coordinators manage their own department's cohorts; the provider manages all.

    :raises NotAllowed: for other roles.
    :raises NotFound: for a coordinator and another department's cohort.
    """
    if actor.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed(MANAGERS_ONLY)
    if actor.role == Role.COORDINATOR and actor.department_id != cohort.department_id:
        raise NotFound(COHORT_NOT_FOUND.format(pk=cohort.pk), code="cohort_not_found")


def _require_open(cohort: Cohort) -> None:
    booking = Booking.objects.get(pk=cohort.booking_id)
    if booking.status not in OPEN_BOOKINGS:
        message = COHORT_CLOSED.format(status=booking.get_status_display().lower())
        raise Conflict(message, code="cohort_closed")


def _person(
    *,
    cohort: Cohort,
    actor: User,
    name: str,
    email: str,
    grade: Grade,
    profession: Profession | None,
    team: str,
    override_reason: str,
    line_manager_email: str = "",
    reasonable_adjustments: str = "",
) -> Person:
    """Check one person's details and eligibility; raise RuleBroken naming each bad field."""
    problems = {
        "name": name_problem(name),
        "email": email_problem(email),
        "team": team_problem(team),
        "line_manager_email": email_problem(line_manager_email) if line_manager_email else None,
    }
    problems.update(
        {
            field: TEXT_UNREADABLE
            for field, text in (
                ("override_reason", override_reason),
                ("reasonable_adjustments", reasonable_adjustments),
            )
            if "\x00" in text
        }
    )
    fields = {field: [problem] for field, problem in problems.items() if problem}
    if fields:
        raise RuleBroken(next(iter(fields.values()))[0], code="invalid", fields=fields)
    refusal = ineligible_message(cohort.course, grade)
    reason = override_reason.strip()
    if refusal and not reason:
        raise RuleBroken(refusal, code="ineligible_grade", fields={"grade": [refusal]})
    if reason and actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(
            OVERRIDE_PROVIDER_ONLY, fields={"override_reason": [OVERRIDE_PROVIDER_ONLY]}
        )
    return Person(
        name=" ".join(name.split()),
        email=email.strip().lower(),
        grade=grade,
        profession=profession,
        team=team.strip(),
        override_reason=reason if refusal else "",
        line_manager_email=line_manager_email.strip().lower(),
        reasonable_adjustments=reasonable_adjustments.strip(),
    )


def _active_emails(cohort: Cohort, emails: Iterable[str]) -> dict[str, str]:
    """Of `emails`, those already enrolled or waitlisted in the cohort, with their status."""
    rows = Enrolment.objects.filter(
        cohort=cohort, email__in=list(emails), status__in=Enrolment.ACTIVE
    ).values_list("email", "status")
    return dict(rows)


def _participant_users(emails: Iterable[str]) -> dict[str, User]:
    users = User.objects.filter(role=Role.PARTICIPANT, email__in=list(emails))
    return {user.email.lower(): user for user in users}


def _lent_to_catch_ups(cohort: Cohort, now: datetime) -> int:
    """The most places any session still to come holds for people catching up from other
    cohorts: a new participant needs a place in every session, so the busiest one counts."""
    counts = (
        CatchUp.objects.filter(
            session__cohort=cohort,
            session__starts_at__gt=now,
            status=CatchUp.Status.BOOKED,
            enrolment__status=Enrolment.Status.ENROLLED,
        )
        .values("session")
        .annotate(taken=Count("pk"))
        .values_list("taken", flat=True)
    )
    return max(counts, default=0)


def _fill_places(cohort: Cohort, *, actor: User | None, now: datetime) -> list[Enrolment]:
    """Promote waitlisted people, first come first served, into any free places.

    The caller holds the cohort lock."""
    enrolled = cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    free = max(cohort.capacity - enrolled - _lent_to_catch_ups(cohort, now), 0)
    if not free:
        return []
    waiting = list(
        cohort.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by("sequence", "id")[
            :free
        ]
    )
    for enrolment in waiting:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.save(update_fields=["status", "updated_at"])
        audit_record(
            action="enrolments.enrolment.promoted",
            obj=enrolment,
            actor=actor,
            payload={"cohort": cohort.pk, "email": enrolment.email},
            at=now,
        )
        _after_commit(hooks.enrolment_promoted_notify, enrolment)
    return waiting


def _place(cohort: Cohort, people: list[Person], *, actor: User, now: datetime) -> list[Enrolment]:
    """Give each person a place while any are free, then a place in the queue.

    The caller holds the cohort lock; the count and the inserts happen under it."""
    _fill_places(cohort, actor=actor, now=now)
    enrolled = cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    enrolled += _lent_to_catch_ups(cohort, now)
    last = cohort.enrolments.aggregate(last=Max("sequence"))["last"] or 0
    users = _participant_users(person.email for person in people)
    made = []
    for offset, person in enumerate(people, start=1):
        has_place = enrolled < cohort.capacity
        enrolled += has_place
        made.append(
            Enrolment(
                cohort=cohort,
                department_id=cohort.department_id,
                status=Enrolment.Status.ENROLLED if has_place else Enrolment.Status.WAITLISTED,
                sequence=last + offset,
                user=users.get(person.email),
                name=person.name,
                email=person.email,
                grade=person.grade,
                profession=person.profession,
                team=person.team,
                eligibility_override_reason=person.override_reason,
                line_manager_email=person.line_manager_email,
                reasonable_adjustments=person.reasonable_adjustments,
            )
        )
    created = Enrolment.objects.bulk_create(made)
    for enrolment in created:
        _record_created(enrolment, actor=actor, now=now)
    return created


def _record_created(enrolment: Enrolment, *, actor: User, now: datetime) -> None:
    payload: dict[str, object] = {
        "cohort": enrolment.cohort_id,
        "email": enrolment.email,
        "status": enrolment.status,
        "grade": enrolment.grade.code,
    }
    if enrolment.eligibility_override_reason:
        payload["eligibility_override_reason"] = enrolment.eligibility_override_reason
    if enrolment.substituted_for_id:
        payload["substituted_for"] = enrolment.substituted_for_id
    audit_record(
        action="enrolments.enrolment.created", obj=enrolment, actor=actor, payload=payload, at=now
    )
    _after_commit(hooks.enrolment_created_notify, enrolment)


def _refuse_duplicates(cohort: Cohort, email: str) -> None:
    status = _active_emails(cohort, [email]).get(email)
    if status:
        message = ALREADY_IN_COHORT.format(email=email, status=STATUS_WORDS[status])
        raise RuleBroken(message, code="duplicate", fields={"email": [message]})


@cohort_transaction
def enrolment_create(
    *,
    cohort: Cohort,
    name: str,
    email: str,
    grade: Grade,
    profession: Profession | None = None,
    team: str = "",
    actor: User,
    override_reason: str = "",
    line_manager_email: str = "",
    reasonable_adjustments: str = "",
    now: datetime,
) -> Enrolment:
    """Name one participant: enrolled while places remain, otherwise waitlisted.

    :raises NotAllowed: unless the actor is the provider or the cohort's coordinator, or when
        someone other than the provider gives an eligibility override.
    :raises NotFound: for a coordinator and another department's cohort.
    :raises RuleBroken: for bad details, an ineligible grade without an override, or an email
        already active in the cohort.
    :raises Conflict: if the booking is not confirmed or in delivery.
    :raises Busy: if the cohort lock is not granted in time.
    """
    require_manager(actor, cohort)
    person = _person(
        cohort=cohort,
        actor=actor,
        name=name,
        email=email,
        grade=grade,
        profession=profession,
        team=team,
        override_reason=override_reason,
        line_manager_email=line_manager_email,
        reasonable_adjustments=reasonable_adjustments,
    )
    locked = lock_cohort(cohort.pk)
    _require_open(locked)
    _refuse_duplicates(locked, person.email)
    return _place(locked, [person], actor=actor, now=now)[0]


@cohort_transaction
def enrolments_import_csv(
    *, cohort: Cohort, file_bytes: bytes, actor: User, now: datetime
) -> list[Enrolment]:
    """Name every participant in a CSV file, or none of them.

    Every row is checked first; one bad row (including a duplicate in the file or in the
    cohort, or an ineligible grade) means nothing is imported.

    :raises RuleBroken: with one message for a file that cannot be read as CSV, or with
        `fields["file"]` listing each bad row as "line N, column X: reason".
    :raises NotAllowed, NotFound, Conflict, Busy: as for `enrolment_create`.
    """
    require_manager(actor, cohort)
    people = people_from_csv(
        file_bytes, course=cohort.course, taken=lambda emails: _active_emails(cohort, emails)
    )
    locked = lock_cohort(cohort.pk)
    _require_open(locked)
    # Someone may have named one of these people between the checks and the lock.
    taken = _active_emails(locked, (person.email for person in people))
    if taken:
        people_from_csv(file_bytes, course=cohort.course, taken=lambda emails: taken)
    created = _place(locked, people, actor=actor, now=now)
    audit_record(
        action="enrolments.import.completed",
        obj=locked,
        actor=actor,
        payload={"imported": len(created)},
        at=now,
    )
    return created


def _require_may_withdraw(actor: User, enrolment: Enrolment) -> None:
    if actor.role == Role.PARTICIPANT:
        own = enrolment.user_id == actor.pk or enrolment.email == actor.email.lower()
        if not own:
            raise NotFound(ENROLMENT_NOT_FOUND.format(pk=enrolment.pk), code="enrolment_not_found")
        return
    if actor.role not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed(WITHDRAW_NOT_ALLOWED)
    if actor.role == Role.COORDINATOR and actor.department_id != enrolment.department_id:
        raise NotFound(ENROLMENT_NOT_FOUND.format(pk=enrolment.pk), code="enrolment_not_found")


def catch_up_record_cancelled(
    catch_up: CatchUp, *, actor: User, now: datetime, because: str = ""
) -> CatchUp:
    """Mark a booked catch-up cancelled and audit it. The caller holds the host cohort's
    lock, tells the participant and fills the freed place."""
    catch_up.status = CatchUp.Status.CANCELLED
    catch_up.save(update_fields=["status", "updated_at"])
    payload: dict[str, object] = {
        "enrolment": catch_up.enrolment_id,
        "session": catch_up.session_id,
    }
    if because:
        payload["because"] = because
    audit_record(
        action="enrolments.catch_up.cancelled", obj=catch_up, actor=actor, payload=payload, at=now
    )
    return catch_up


def _upcoming_catch_ups(enrolment: Enrolment, now: datetime) -> list[CatchUp]:
    return list(
        CatchUp.objects.filter(
            enrolment=enrolment, status=CatchUp.Status.BOOKED, session__starts_at__gt=now
        ).select_related("session__cohort__course", "session__cohort__department")
    )


def _lock_with_catch_up_hosts(enrolment: Enrolment, now: datetime) -> dict[int, Cohort]:
    """Lock the enrolment's cohort and every cohort where it holds a catch-up place to come,
    in ascending id order as `catch_up_book` does, so no two services wait on each other.

    :raises Busy: if a catch-up was booked elsewhere between the first look and the locks:
        that cohort can no longer be locked in order, and the caller's retry will see it.
    """
    hosts = {c.session.cohort_id for c in _upcoming_catch_ups(enrolment, now)}
    locked = {pk: lock_cohort(pk) for pk in sorted({enrolment.cohort_id, *hosts})}
    # Booking a catch-up also takes this enrolment's cohort lock, so the set is settled now.
    if not {c.session.cohort_id for c in _upcoming_catch_ups(enrolment, now)} <= locked.keys():
        raise Busy(BUSY, code="busy")
    return locked


def _leave(enrolment: Enrolment, status: str, *, actor: User, now: datetime) -> str:
    """Mark an active enrolment as having left and give up its catch-up places to come, in
    one email to the person; return the status it had.

    The caller holds the locks of `_lock_with_catch_up_hosts` and fills the freed places.
    Catch-ups whose session has started stay booked: attendance may be marked on them."""
    if enrolment.status not in Enrolment.ACTIVE:
        message = ALREADY_LEFT.format(name=enrolment.name, status=STATUS_WORDS[enrolment.status])
        raise Conflict(message, code="transition_not_allowed")
    before = enrolment.status
    enrolment.status = status
    enrolment.save(update_fields=["status", "updated_at"])
    audit_record(
        action=f"enrolments.enrolment.{status}",
        obj=enrolment,
        actor=actor,
        payload={"cohort": enrolment.cohort_id, "email": enrolment.email, "from": before},
        at=now,
    )
    cancelled = [
        catch_up_record_cancelled(catch_up, actor=actor, now=now, because=status)
        for catch_up in _upcoming_catch_ups(enrolment, now)
    ]
    transaction.on_commit(lambda: hooks.enrolment_withdrawn_notify(enrolment, cancelled))
    return before


def _fill_hosts(locked: dict[int, Cohort], own: int, *, actor: User, now: datetime) -> None:
    """Give the places a leaver's catch-ups held to each host cohort's waiting list."""
    for pk, host in locked.items():
        if pk != own:
            _fill_places(host, actor=actor, now=now)


@cohort_transaction
def enrolment_withdraw(*, enrolment: Enrolment, actor: User, now: datetime) -> Enrolment:
    """Take someone out of the cohort and cancel their catch-ups to come; the first
    waitlisted person takes a freed place in the same transaction, here and in each cohort
    where they held a catch-up place.

    :raises NotAllowed: for roles other than the participant, the coordinator and the provider.
    :raises NotFound: for another department's (or another participant's) enrolment.
    :raises Conflict: if the enrolment has already been withdrawn or substituted.
    :raises Busy: if a cohort lock is not granted in time.
    """
    _require_may_withdraw(actor, enrolment)
    locked = _lock_with_catch_up_hosts(enrolment, now)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    _leave(enrolment, Enrolment.Status.WITHDRAWN, actor=actor, now=now)
    _fill_places(locked[enrolment.cohort_id], actor=actor, now=now)
    _fill_hosts(locked, enrolment.cohort_id, actor=actor, now=now)
    return enrolment


@cohort_transaction
def enrolments_fill_places(*, cohort: Cohort, actor: User | None, now: datetime) -> list[Enrolment]:
    """Promote waitlisted people into free places, e.g. after the capacity has been raised.

    Returns those promoted."""
    return _fill_places(lock_cohort(cohort.pk), actor=actor, now=now)


def _first_start(cohort: Cohort) -> datetime | None:
    first = cohort.sessions.exclude(status="cancelled").order_by("starts_at").first()
    return first.starts_at if first else None


@cohort_transaction
def enrolment_substitute(
    *,
    enrolment: Enrolment,
    name: str,
    email: str,
    grade: Grade,
    profession: Profession | None = None,
    team: str = "",
    actor: User,
    override_reason: str = "",
    now: datetime,
) -> Enrolment:
    """Pass a place (or a place in the queue) to a named colleague before the cohort starts.

    The original enrolment stays, marked substituted; the new one points back to it and keeps
    its arrival order. The original's catch-ups to come are cancelled, as on withdrawal: they
    were that person's, and their places go to each host cohort's waiting list.

    :raises Conflict: once the first session has started, or if the enrolment is not active.
    :raises RuleBroken, NotAllowed, NotFound, Busy: as for `enrolment_create`.
    """
    cohort = enrolment.cohort
    require_manager(actor, cohort)
    person = _person(
        cohort=cohort,
        actor=actor,
        name=name,
        email=email,
        grade=grade,
        profession=profession,
        team=team,
        override_reason=override_reason,
    )
    every = _lock_with_catch_up_hosts(enrolment, now)
    locked = every[cohort.pk]
    start = _first_start(locked)
    if start is not None and now >= start:
        raise Conflict(SUBSTITUTE_TOO_LATE.format(start=start), code="cohort_started")
    original = Enrolment.objects.get(pk=enrolment.pk)
    if original.status not in Enrolment.ACTIVE:
        raise Conflict(SUBSTITUTE_ONLY_ACTIVE, code="transition_not_allowed")
    if person.email == original.email:
        raise RuleBroken(
            SUBSTITUTE_SAME_PERSON, code="invalid", fields={"email": [SUBSTITUTE_SAME_PERSON]}
        )
    _refuse_duplicates(locked, person.email)
    status = _leave(original, Enrolment.Status.SUBSTITUTED, actor=actor, now=now)
    substitute = Enrolment.objects.create(
        cohort=locked,
        department_id=original.department_id,
        status=status,
        sequence=original.sequence,
        substituted_for=original,
        user=_participant_users([person.email]).get(person.email),
        name=person.name,
        email=person.email,
        grade=person.grade,
        profession=person.profession,
        team=person.team,
        eligibility_override_reason=person.override_reason,
    )
    _record_created(substitute, actor=actor, now=now)
    _fill_hosts(every, cohort.pk, actor=actor, now=now)
    return substitute


@transaction.atomic
def enrolment_details_update(
    *,
    enrolment: Enrolment,
    actor: User,
    reasonable_adjustments: str,
    line_manager_email: str,
    now: datetime,
) -> Enrolment:
    """A participant (or the provider) records reasonable adjustments and a line manager's
    email. Coordinators may not: they never see the adjustments, so they must not overwrite
    them. A line manager newly named on an enrolled place is told of the booking, once.

    :raises NotAllowed: for every role but the participant and the provider.
    :raises NotFound: for another participant's enrolment.
    :raises RuleBroken: for a malformed line manager's email.
    """
    _require_may_withdraw(actor, enrolment)
    if actor.role not in (Role.PARTICIPANT, Role.PROVIDER_ADMIN):
        raise NotAllowed(DETAILS_NOT_ALLOWED)
    problem = email_problem(line_manager_email) if line_manager_email.strip() else None
    if problem:
        raise RuleBroken(problem, code="invalid", fields={"line_manager_email": [problem]})
    if "\x00" in reasonable_adjustments:
        fields = {"reasonable_adjustments": [TEXT_UNREADABLE]}
        raise RuleBroken(TEXT_UNREADABLE, code="invalid", fields=fields)
    # Read the stored address under a row lock, so a stale form or a double submit cannot
    # tell the same manager twice.
    stored_manager, status = (
        Enrolment.objects.select_for_update()
        .values_list("line_manager_email", "status")
        .get(pk=enrolment.pk)
    )
    enrolment.reasonable_adjustments = reasonable_adjustments.strip()
    enrolment.line_manager_email = line_manager_email.strip().lower()
    manager_is_new = bool(enrolment.line_manager_email) and (
        enrolment.line_manager_email != stored_manager
    )
    enrolment.save(update_fields=["reasonable_adjustments", "line_manager_email", "updated_at"])
    # The adjustments themselves are private; the audit says only that they changed.
    audit_record(
        action="enrolments.enrolment.details_changed",
        obj=enrolment,
        actor=actor,
        payload={"line_manager_changed": manager_is_new},
        at=now,
    )
    # A waitlisted person's manager hears on promotion, which sends the same notice.
    if manager_is_new and status == Enrolment.Status.ENROLLED:
        _after_commit(hooks.line_manager_named_notify, enrolment)
    return enrolment


def enrolments_link_user(*, user: User) -> int:
    """Attach a participant's account to every enrolment made with their email before the
    account existed. Returns how many were linked. Selectors also match by email, so this
    only makes the link explicit."""
    if user.role != Role.PARTICIPANT:
        return 0
    return Enrolment.objects.filter(email=user.email.lower(), user__isnull=True).update(user=user)
