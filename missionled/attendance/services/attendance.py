"""Marking attendance: by the session's assigned facilitator or the provider, or by participants
checking themselves in with the code the facilitator shows while the session is open."""

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from missionled.attendance.models import Attendance, CheckInCode
from missionled.attendance.services.certificates import certificate_issue_if_complete
from missionled.cohorts.models import Session
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import session_catch_up_enrolments
from missionled.facilitation.models import Assignment
from missionled.organisations.models import Role

MARKERS_ONLY = (
    "Only the provider and the facilitators assigned to this session can see its roster "
    "and mark attendance."
)
SESSION_CANCELLED = "This session was cancelled, so there is no attendance to mark."
NOT_OPEN_YET = "Attendance can be marked from 15 minutes before the session starts."
UNKNOWN_STATUS = "{value!r} is not an attendance status. Use present, late, absent or excused."
NOT_ON_ROSTER = "Enrolment {value} is not enrolled in this session's cohort."
MARKED_TWICE = "Enrolment {value} is marked more than once."
CODE_WRONG = "That check-in code is not right. Check it with your facilitator."
CHECK_IN_CLOSED = (
    "Check-in is open from 15 minutes before the session starts until it ends. "
    "Ask your facilitator to mark you instead."
)
NOT_ENROLLED = "You are not enrolled in the session this code is for."

OPENS_BEFORE = timedelta(minutes=15)
LATE_AFTER = timedelta(minutes=10)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 6


def session_is_open(session: Session, now: datetime) -> bool:
    """A session is open from 15 minutes before it starts until it ends."""
    return session.starts_at - OPENS_BEFORE <= now <= session.ends_at


def user_may_mark(user: Any, session: Session) -> bool:
    """The provider, or a facilitator assigned to this very session. The roster shows
    participants' reasonable adjustments, so a session nobody is assigned to yet is the
    provider's alone: being a facilitator somewhere is not enough."""
    role = getattr(user, "role", None)
    if role == Role.PROVIDER_ADMIN:
        return True
    if role != Role.FACILITATOR or getattr(user, "pk", None) is None:
        return False
    return Assignment.objects.filter(session=session, facilitator_id=user.pk).exists()


def _parse(session: Session, marks: Iterable[tuple[int, str]]) -> dict[int, str]:
    roster = set(
        session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).values_list(
            "pk", flat=True
        )
    ) | set(session_catch_up_enrolments(session).values_list("pk", flat=True))
    parsed: dict[int, str] = {}
    errors: list[str] = []
    for enrolment_id, status in marks:
        if status not in Attendance.Status.values:
            errors.append(UNKNOWN_STATUS.format(value=status))
        elif enrolment_id not in roster:
            errors.append(NOT_ON_ROSTER.format(value=enrolment_id))
        elif enrolment_id in parsed:
            errors.append(MARKED_TWICE.format(value=enrolment_id))
        else:
            parsed[enrolment_id] = status
    if errors:
        raise RuleBroken(errors[0], code="bad_marks", fields={"marks": errors})
    return parsed


def _set(
    *, session: Session, enrolment_id: int, status: str, actor: Any, now: datetime, own: bool
) -> Attendance | None:
    """Record one mark and its audit entry; None when nothing changed."""
    attendance = (
        Attendance.objects.select_for_update()
        .filter(session=session, enrolment_id=enrolment_id)
        .first()
    )
    before = attendance.status if attendance else None
    if before == status:
        return None
    if attendance is None:
        attendance = Attendance(session=session, enrolment_id=enrolment_id)
    attendance.status = status
    attendance.marked_by = actor if getattr(actor, "pk", None) else None
    attendance.marked_at = now
    attendance.self_checked_in = own
    attendance.save()
    audit_record(
        action="attendance.attendance.checked_in" if own else "attendance.attendance.marked",
        obj=attendance,
        actor=actor,
        payload={"session": session.pk, "enrolment": enrolment_id, "from": before, "to": status},
        at=now,
    )
    return attendance


@transaction.atomic
def attendance_mark(
    *,
    session: Session,
    marks: Sequence[tuple[int, str]],
    actor: Any,
    now: datetime,
    base_url: str = "",
) -> list[Attendance]:
    """Mark (or correct) attendance for people in the session's cohort; every change is an
    audit entry. A participant who thereby completes the course gets their certificate.
    Returns the session's attendance afterwards.

    :raises NotAllowed: unless `actor` is the provider or assigned to the session.
    :raises Conflict: if the session was cancelled.
    :raises RuleBroken: before the session opens, or for an unknown status, someone not
        enrolled in the cohort, or someone marked twice; nothing is saved then.
    """
    if not user_may_mark(actor, session):
        raise NotAllowed(MARKERS_ONLY)
    if session.status == Session.Status.CANCELLED:
        raise Conflict(SESSION_CANCELLED, code="session_cancelled")
    if now < session.starts_at - OPENS_BEFORE:
        raise RuleBroken(NOT_OPEN_YET, code="session_not_open")
    for enrolment_id, status in _parse(session, marks).items():
        changed = _set(
            session=session,
            enrolment_id=enrolment_id,
            status=status,
            actor=actor,
            now=now,
            own=False,
        )
        if changed is not None:
            certificate_issue_if_complete(enrolment=changed.enrolment, now=now, base_url=base_url)
    return list(session.attendances.select_related("enrolment", "marked_by"))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def check_in_code_for(*, session: Session, actor: Any) -> CheckInCode:
    """The session's check-in code, made the first time a facilitator asks for it.

    :raises NotAllowed: unless `actor` may mark the session.
    """
    if not user_may_mark(actor, session):
        raise NotAllowed(MARKERS_ONLY)
    existing = CheckInCode.objects.filter(session=session).first()
    if existing is not None:
        return existing
    for _ in range(5):
        try:
            with transaction.atomic():
                return CheckInCode.objects.create(session=session, code=_new_code())
        except IntegrityError:
            existing = CheckInCode.objects.filter(session=session).first()
            if existing is not None:
                return existing
    raise Conflict("A check-in code could not be made. Try again.", code="busy")


def _own_enrolment(session: Session, user: Any) -> Enrolment:
    enrolment = (
        session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED)
        .filter(email=str(getattr(user, "email", "")).lower())
        .first()
    ) or session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED, user=user).first()
    if enrolment is None:
        enrolment = _own_catch_up(session, user)
    if enrolment is None:
        raise RuleBroken(NOT_ENROLLED, code="not_enrolled", fields={"code": [NOT_ENROLLED]})
    return enrolment


def _own_catch_up(session: Session, user: Any) -> Enrolment | None:
    """The person's original enrolment when they are catching up on `session`."""
    if getattr(user, "pk", None) is None:
        return None
    mine = Q(email=str(getattr(user, "email", "")).lower()) | Q(user_id=user.pk)
    return session_catch_up_enrolments(session).filter(mine).first()


@transaction.atomic
def attendance_check_in(*, user: Any, code: str, now: datetime, base_url: str = "") -> Attendance:
    """Check `user` in to the session whose code they give: present, or late from 10
    minutes after the start. A mark already present or late is kept.

    :raises RuleBroken: for a wrong code, a session that is not open, or someone not
        enrolled in it.
    """
    found = (
        CheckInCode.objects.select_related("session__cohort")
        .filter(code="".join(code.split()).upper())
        .first()
    )
    if found is None:
        raise RuleBroken(CODE_WRONG, code="wrong_code", fields={"code": [CODE_WRONG]})
    session = found.session
    if session.status != Session.Status.SCHEDULED or not session_is_open(session, now):
        raise RuleBroken(
            CHECK_IN_CLOSED, code="check_in_closed", fields={"code": [CHECK_IN_CLOSED]}
        )
    enrolment = _own_enrolment(session, user)
    current = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if current is not None and current.status in Attendance.ATTENDED:
        return current
    status = Attendance.Status.LATE if now > session.starts_at + LATE_AFTER else "present"
    attendance = _set(
        session=session, enrolment_id=enrolment.pk, status=status, actor=user, now=now, own=True
    )
    assert attendance is not None  # the status changed, so a row was written
    certificate_issue_if_complete(enrolment=enrolment, now=now, base_url=base_url)
    return attendance
