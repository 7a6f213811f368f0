"""The emails the programme sends at each event, built from the rows involved. Each function
queues through `notification_queue`, so nothing leaves before the change commits."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from missionled.catalogue.models import DeliveryMode
from missionled.cohorts.ical import session_invitation
from missionled.cohorts.models import Cohort, Session
from missionled.core.clock import LONDON
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.selectors import session_catch_up_enrolments
from missionled.notifications.models import Notification
from missionled.notifications.services.notifications import notification_queue


def when(session: Session) -> str:
    """ "Monday 1 March 2027, 09:30 to 13:00, online": how a session's time reads in an email."""
    starts = session.starts_at.astimezone(LONDON)
    ends = session.ends_at.astimezone(LONDON)
    where = "face to face" if session.delivery_mode == DeliveryMode.FACE_TO_FACE else "online"
    return f"{starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M} to {ends:%H:%M}, {where}"


def _sessions(cohort: Cohort) -> list[Session]:
    return list(
        cohort.sessions.filter(status=Session.Status.SCHEDULED)
        .select_related("cohort__course", "cohort__department")
        .order_by("order")
    )


def _facts(enrolment: Enrolment) -> dict[str, Any]:
    cohort = enrolment.cohort
    return {
        "name": enrolment.name,
        "course": cohort.course.title,
        "department": cohort.department.name,
        "sessions": [f"{s.title}: {when(s)}" for s in _sessions(cohort)],
        "service_url": _service_url(),
    }


def _service_url() -> str:
    return str(getattr(settings, "SERVICE_URL", "")).rstrip("/")


def _invitation(sessions: Iterable[Session], method: str, to: str) -> bytes | None:
    sessions = list(sessions)
    if not sessions:
        return None
    stamp = max(s.updated_at for s in sessions)
    return session_invitation(
        sessions,
        method="CANCEL" if method == "CANCEL" else "REQUEST",
        attendees=[to],
        stamp=stamp,
    )


def enrolment_created_send(*, enrolment: Enrolment, position: int | None = None) -> None:
    """Confirm a place (with the calendar invitation) or a waiting-list position, and tell
    the line manager of a confirmed booking."""
    facts = _facts(enrolment)
    if enrolment.status == Enrolment.Status.WAITLISTED:
        facts["position"] = position or _position(enrolment)
        notification_queue(to=enrolment.email, template="enrolment_waitlisted", context=facts)
        return
    if enrolment.status != Enrolment.Status.ENROLLED:
        return
    sessions = _sessions(enrolment.cohort)
    notification_queue(
        to=enrolment.email,
        template="enrolment_confirmed",
        context=facts,
        ics=_invitation(sessions, "REQUEST", enrolment.email),
    )
    line_manager_send(enrolment=enrolment)


def _position(enrolment: Enrolment) -> int:
    return enrolment.cohort.enrolments.filter(
        status=Enrolment.Status.WAITLISTED, sequence__lte=enrolment.sequence
    ).count()


def line_manager_send(*, enrolment: Enrolment) -> None:
    """Tell the participant's line manager, when one is recorded, of the booking."""
    if not enrolment.line_manager_email:
        return
    notification_queue(
        to=enrolment.line_manager_email, template="line_manager_booked", context=_facts(enrolment)
    )


def enrolment_promoted_send(*, enrolment: Enrolment) -> None:
    """Tell someone on the waiting list that a place is now theirs, with the invitation."""
    notification_queue(
        to=enrolment.email,
        template="enrolment_promoted",
        context=_facts(enrolment),
        ics=_invitation(_sessions(enrolment.cohort), "REQUEST", enrolment.email),
    )
    line_manager_send(enrolment=enrolment)


def enrolment_withdrawn_send(*, enrolment: Enrolment, catch_ups: Iterable[CatchUp] = ()) -> None:
    """Confirm that someone has left the cohort, and take its sessions off their calendar,
    with the catch-up sessions in other cohorts cancelled as they left."""
    caught_up = [catch_up.session for catch_up in catch_ups]
    facts = _facts(enrolment)
    facts["substituted"] = enrolment.status == Enrolment.Status.SUBSTITUTED
    facts["catch_ups"] = [
        f"{s.title}: {when(s)}, with the cohort for {s.cohort.department.name}" for s in caught_up
    ]
    notification_queue(
        to=enrolment.email,
        template="enrolment_withdrawn",
        context=facts,
        ics=_invitation([*_sessions(enrolment.cohort), *caught_up], "CANCEL", enrolment.email),
    )


def _catch_up_send(catch_up: CatchUp, template: str, method: str) -> None:
    enrolment = catch_up.enrolment
    session = catch_up.session
    facts = _facts(enrolment)
    facts.update(
        {
            "session": session.title,
            "when": when(session),
            "host": session.cohort.department.name,
        }
    )
    notification_queue(
        to=enrolment.email,
        template=template,
        context=facts,
        ics=_invitation([session], method, enrolment.email),
    )


def catch_up_booked_send(*, catch_up: CatchUp) -> None:
    """Tell a participant the session they will catch up on, with its calendar invitation."""
    _catch_up_send(catch_up, "catch_up_booked", "REQUEST")


def catch_up_cancelled_send(*, catch_up: CatchUp) -> None:
    """Confirm a cancelled catch-up and take its session off the participant's calendar."""
    _catch_up_send(catch_up, "catch_up_cancelled", "CANCEL")


def session_changed_send(*, session: Session, details_changed: bool = False) -> int:
    """Email every enrolled participant, and anyone catching up on it from another cohort,
    the session's new time (or, with `details_changed`, how to join it now) with the updated
    invitation, or its cancellation. Returns how many were queued."""
    cancelled = session.status == Session.Status.CANCELLED
    enrolled = [
        *session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED),
        *session_catch_up_enrolments(session),
    ]
    count = 0
    for enrolment in enrolled:
        facts = _facts(enrolment)
        facts.update(
            {
                "session": session.title,
                "when": when(session),
                "cancelled": cancelled,
                "details_changed": details_changed and not cancelled,
                "joining_details": session.joining_details,
            }
        )
        method = "CANCEL" if cancelled else "REQUEST"
        notification_queue(
            to=enrolment.email,
            template="session_changed",
            context=facts,
            ics=_invitation([session], method, enrolment.email),
        )
        count += 1
    return count


def session_reminder_send(*, session: Session, enrolment: Enrolment, days: int) -> bool:
    """Remind one participant of a session `days` before it; at most once per session time.
    Returns whether a reminder was queued."""
    facts = _facts(enrolment)
    facts.update({"session": session.title, "when": when(session), "days": days})
    moment = f"{session.starts_at:%Y%m%d%H%M}"
    key = f"reminder:{days}d:session:{session.pk}:enrolment:{enrolment.pk}:{moment}"
    queued = notification_queue(
        to=enrolment.email, template="session_reminder", context=facts, dedupe_key=key
    )
    return queued is not None


def certificate_issued_send(
    *,
    email: str,
    name: str,
    course: str,
    code: str,
    completed_on: datetime | str,
    base_url: str = "",
) -> Notification | None:
    """Tell a participant their certificate is ready and how anyone can check it. Links
    start with `base_url` (the site the request came to), else the SERVICE_URL setting."""
    site = base_url.rstrip("/") or _service_url()
    verify = reverse("attendance:certificate-verify", args=[code])
    return notification_queue(
        to=email,
        template="certificate_issued",
        context={
            "name": name,
            "course": course,
            "code": code,
            "completed_on": str(completed_on),
            "verify_url": f"{site}{verify}",
            "certificate_url": f"{site}{reverse('attendance:certificate', args=[code])}",
        },
    )
