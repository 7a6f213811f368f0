"""Moving, cancelling or changing how to join one of a cohort's sessions; a move is checked
against the same rules that scheduled it."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from missionled.cohorts.hooks import (
    session_cancelled_notify,
    session_changed_notify,
    session_joining_details_notify,
)
from missionled.cohorts.models import Booking, Session
from missionled.cohorts.services.schedule import calendar_rules_for, session_pattern_for
from missionled.core.audit import audit_record
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.organisations.models import Role, User
from missionled.scheduling.calendar import RuleViolation, check_session_move

PROVIDER_ONLY = "Only the provider can move a session."
PROVIDER_ONLY_CANCEL = "Only the provider can cancel a session."
SESSION_CANCELLED = "This session is cancelled, so it cannot be moved."
SESSION_ALREADY_CANCELLED = "This session is already cancelled."
SESSION_STARTED = "This session started on {when}, so it cannot be cancelled."
BOOKING_NOT_LIVE = "This booking is {status}, so its sessions cannot be moved."
BOOKING_NOT_LIVE_CANCEL = "This booking is {status}, so its sessions cannot be cancelled."
CANCEL_REASON_REQUIRED = "Enter a reason for cancelling this session."
NUL_CHARACTER = "Remove the null character from the text."
# Reasons reach the audit log and the booking's timeline; keep them readable.
MAX_REASON_LENGTH = 2000
PROVIDER_ONLY_DETAILS = "Only the provider can change how to join a session."
SESSION_CANCELLED_DETAILS = "This session is cancelled, so its joining details cannot change."
BOOKING_NOT_LIVE_DETAILS = "This booking is {status}, so its sessions cannot change."
DETAILS_TOO_LONG = "Joining details must be {limit} characters or fewer."
NOTHING_TO_CHANGE = "Give a new start time, new joining details, or both."
MAX_JOINING_DETAILS_LENGTH = 2000
MOVE_REFUSED = "The session cannot move to {when}. {problems}"
START_OUT_OF_RANGE = "Give a start between the years {first} and {last}."
YEARS = (2000, 2100)
START_PASSED = "A session cannot move to a time that has already passed."
NAIVE_START = "Give the new start time with its offset, for example 2027-03-17T09:30:00+00:00."

MOVABLE_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.IN_DELIVERY)


@dataclass(frozen=True)
class SessionMoved:
    """A moved session and the soft preferences the move breaks."""

    session: Session
    warnings: list[str] = field(default_factory=list)


def violation_text(violation: RuleViolation) -> str:
    """The breach, then the rule it breaks: "… is a bank holiday (Christmas Day). A session is
    never on a bank holiday in the cohort's region."""
    return f"{violation.message.rstrip('.')}. {violation.rule}"


@transaction.atomic
def session_move(
    *, session: Session, actor: User, starts_at: datetime, now: datetime | None = None
) -> SessionMoved:
    """Move `session` to start at `starts_at`, keeping its length and every other session.

    Raises SEQUENCE so calendars update the event, and calls `session_changed_notify`.

    :raises NotAllowed: unless the actor is the provider.
    :raises Conflict: if the session is cancelled or its booking is not confirmed or in
        delivery.
    :raises RuleBroken: if the move breaks a calendar rule, the message naming each rule, or
        if `now` is given and the new start has already passed.
    """
    if actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)
    if starts_at.tzinfo is None:
        raise RuleBroken(NAIVE_START, code="invalid", fields={"starts_at": [NAIVE_START]})
    if not YEARS[0] <= starts_at.year <= YEARS[1]:
        message = START_OUT_OF_RANGE.format(first=YEARS[0], last=YEARS[1])
        raise RuleBroken(message, code="invalid", fields={"starts_at": [message]})
    if now is not None and starts_at <= now:
        raise RuleBroken(START_PASSED, code="start_passed", fields={"starts_at": [START_PASSED]})
    session = (
        Session.objects.select_for_update()
        .select_related("cohort__booking", "cohort__course", "cohort__department")
        .get(pk=session.pk)
    )
    _require_movable(session)
    siblings = list(session.cohort.sessions.order_by("order"))
    check = check_session_move(
        session_pattern_for(session.cohort.course),
        [s.starts_at.astimezone(LONDON).date() for s in siblings],
        session.order,
        starts_at,
        calendar_rules_for(session.cohort.department),
    )
    local = starts_at.astimezone(LONDON)
    if not check.allowed:
        problems = [violation_text(v) for v in check.errors]
        when = f"{local:%d %B %Y at %H:%M}".lstrip("0")
        raise RuleBroken(
            MOVE_REFUSED.format(when=when, problems=" ".join(problems)),
            code=check.errors[0].code,
            fields={"starts_at": problems},
        )
    warnings = [violation_text(v) for v in check.warnings]
    before = session.starts_at
    length = session.ends_at - session.starts_at
    session.starts_at = local
    session.ends_at = local + length
    session.sequence += 1
    session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    audit_record(
        action="cohorts.booking.session_moved",
        obj=session.cohort.booking,
        actor=actor,
        payload={
            "session": session.pk,
            "order": session.order,
            "from": before.astimezone(LONDON).isoformat(),
            "to": local.isoformat(),
            "warnings": warnings,
        },
    )
    session_changed_notify(session, actor)
    return SessionMoved(session=session, warnings=warnings)


def _require_movable(session: Session) -> None:
    if session.status == Session.Status.CANCELLED:
        raise Conflict(SESSION_CANCELLED, code="transition_not_allowed")
    booking = session.cohort.booking
    if booking.status not in MOVABLE_STATUSES:
        status = booking.get_status_display().lower()
        raise Conflict(BOOKING_NOT_LIVE.format(status=status), code="transition_not_allowed")


@transaction.atomic
def session_cancel(*, session: Session, actor: User, reason: str, now: datetime) -> Session:
    """Cancel one session that has not started yet, saying why; the cohort's other sessions
    stay as they are.

    Keeps the UID and raises SEQUENCE, so calendars mark the event cancelled rather than
    losing track of it, and calls `session_cancelled_notify` to send METHOD:CANCEL.

    :raises NotAllowed: unless the actor is the provider.
    :raises RuleBroken: if the reason is blank.
    :raises Conflict: if the session is already cancelled, has started (or ended), or its
        booking is not confirmed or in delivery.
    """
    if actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY_CANCEL)
    reason = _cancel_reason(reason)
    session = (
        Session.objects.select_for_update()
        .select_related("cohort__booking", "cohort__course", "cohort__department")
        .get(pk=session.pk)
    )
    _require_cancellable(session, now)
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        action="cohorts.booking.session_cancelled",
        obj=session.cohort.booking,
        actor=actor,
        payload={
            "session": session.pk,
            "order": session.order,
            "starts_at": session.starts_at.astimezone(LONDON).isoformat(),
            "reason": reason,
        },
    )
    session_cancelled_notify(session, actor)
    return session


def _cancel_reason(reason: str) -> str:
    # PostgreSQL cannot store a NUL character, so it is bad input rather than a crash.
    if "\x00" in (reason or ""):
        raise RuleBroken(NUL_CHARACTER, code="invalid", fields={"reason": [NUL_CHARACTER]})
    cleaned = (reason or "").strip()
    if not cleaned:
        raise RuleBroken(
            CANCEL_REASON_REQUIRED,
            code="reason_required",
            fields={"reason": [CANCEL_REASON_REQUIRED]},
        )
    return cleaned[:MAX_REASON_LENGTH]


def _require_cancellable(session: Session, now: datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise Conflict(SESSION_ALREADY_CANCELLED, code="transition_not_allowed")
    booking = session.cohort.booking
    if booking.status not in MOVABLE_STATUSES:
        status = booking.get_status_display().lower()
        raise Conflict(BOOKING_NOT_LIVE_CANCEL.format(status=status), code="transition_not_allowed")
    if session.starts_at <= now:
        local = session.starts_at.astimezone(LONDON)
        when = f"{local:%d %B %Y at %H:%M}".lstrip("0")
        raise Conflict(SESSION_STARTED.format(when=when), code="session_started")


@transaction.atomic
def session_joining_details_change(
    *, session: Session, actor: User, joining_details: str
) -> Session:
    """Set how to join `session` (a video-call link, or a venue and instructions); blank
    clears it.

    Raises SEQUENCE, so calendar feeds update the event's location and description, and
    calls `session_joining_details_notify` to email the people taking the session.

    :raises NotAllowed: unless the actor is the provider.
    :raises RuleBroken: if the text is too long or holds a NUL character.
    :raises Conflict: if the session is cancelled or its booking is not confirmed or in
        delivery.
    """
    if actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY_DETAILS)
    details = _joining_details(joining_details)
    session = (
        Session.objects.select_for_update()
        .select_related("cohort__booking", "cohort__course", "cohort__department")
        .get(pk=session.pk)
    )
    if session.status == Session.Status.CANCELLED:
        raise Conflict(SESSION_CANCELLED_DETAILS, code="transition_not_allowed")
    booking = session.cohort.booking
    if booking.status not in MOVABLE_STATUSES:
        status = booking.get_status_display().lower()
        raise Conflict(
            BOOKING_NOT_LIVE_DETAILS.format(status=status), code="transition_not_allowed"
        )
    if details == session.joining_details:
        return session
    session.joining_details = details
    session.sequence += 1
    session.save(update_fields=["joining_details", "sequence", "updated_at"])
    # The text may hold a meeting passcode, so the audit records that it changed, not what to.
    audit_record(
        action="cohorts.booking.session_joining_details_changed",
        obj=booking,
        actor=actor,
        payload={"session": session.pk, "order": session.order, "cleared": not details},
    )
    session_joining_details_notify(session, actor)
    return session


@transaction.atomic
def session_change(
    *,
    session: Session,
    actor: User,
    starts_at: datetime | None = None,
    joining_details: str | None = None,
    now: datetime | None = None,
) -> SessionMoved:
    """Move `session`, change how to join it, or both, all or nothing.

    :raises RuleBroken: if neither is given, or as `session_move` and
        `session_joining_details_change` raise.
    :raises NotAllowed, Conflict: as those services raise.
    """
    if starts_at is None and joining_details is None:
        raise RuleBroken(
            NOTHING_TO_CHANGE,
            code="invalid",
            fields={"starts_at": [NOTHING_TO_CHANGE], "joining_details": [NOTHING_TO_CHANGE]},
        )
    changed = SessionMoved(session=session)
    if starts_at is not None:
        changed = session_move(session=session, actor=actor, starts_at=starts_at, now=now)
    if joining_details is not None:
        updated = session_joining_details_change(
            session=changed.session, actor=actor, joining_details=joining_details
        )
        changed = SessionMoved(session=updated, warnings=changed.warnings)
    return changed


def _joining_details(text: str) -> str:
    if "\x00" in text:
        raise RuleBroken(NUL_CHARACTER, code="invalid", fields={"joining_details": [NUL_CHARACTER]})
    # Windows line endings from a textarea would otherwise double the lines in calendars.
    cleaned = text.replace("\r\n", "\n").strip()
    if len(cleaned) > MAX_JOINING_DETAILS_LENGTH:
        message = DETAILS_TOO_LONG.format(limit=MAX_JOINING_DETAILS_LENGTH)
        raise RuleBroken(message, code="too_long", fields={"joining_details": [message]})
    return cleaned
