"""Where changes to a cohort's calendar reach the people in it.

Each hook is called inside the changing transaction, after SEQUENCE has been raised, and
emails carry the iCalendar invitation from `missionled.cohorts.ical` (METHOD:REQUEST for a
moved session or new joining details, METHOD:CANCEL for a cancelled one). Emails are queued
through `transaction.on_commit`, so a change that rolls back tells nobody.
"""

from typing import Any

from missionled.cohorts.models import Cohort, Session
from missionled.core.audit import audit_record


def session_changed_notify(session: Session, actor: Any) -> None:
    """Tell the cohort's enrolled participants that `session` has moved.

    Called inside the moving transaction, after SEQUENCE has been raised. Each enrolled
    participant gets an email with the updated invitation (METHOD:REQUEST, same UID), queued
    through `transaction.on_commit`, so a move that rolls back tells nobody.
    """
    from missionled.notifications.services.events import session_changed_send

    session_changed_send(session=session)
    audit_record(
        action="cohorts.session.change_notified",
        obj=session,
        actor=actor,
        payload={
            "uid": session.uid,
            "sequence": session.sequence,
            "starts_at": session.starts_at.isoformat(),
            "method": "REQUEST",
        },
    )


def session_joining_details_notify(session: Session, actor: Any) -> None:
    """Tell the cohort's enrolled participants (and anyone catching up on `session`) how to
    join it now, with the updated invitation (METHOD:REQUEST, same UID)."""
    from missionled.notifications.services.events import session_changed_send

    session_changed_send(session=session, details_changed=True)
    audit_record(
        action="cohorts.session.joining_details_notified",
        obj=session,
        actor=actor,
        payload={"uid": session.uid, "sequence": session.sequence, "method": "REQUEST"},
    )


def session_cancelled_notify(session: Session, actor: Any) -> None:
    """Tell the cohort's enrolled participants that `session` is cancelled.

    Called inside the cancelling transaction, after the status is set and SEQUENCE raised.
    Each enrolled participant gets an email whose invitation cancels the one event
    (METHOD:CANCEL, same UID), queued so a cancellation that rolls back tells nobody.
    """
    from missionled.notifications.services.events import session_changed_send

    session_changed_send(session=session)
    audit_record(
        action="cohorts.session.cancel_notified",
        obj=session,
        actor=actor,
        payload={"uid": session.uid, "sequence": session.sequence, "method": "CANCEL"},
    )


def booking_cancelled_notify(cohort: Cohort, actor: Any) -> None:
    """Tell the cohort's enrolled participants that every session is cancelled.

    Called inside the cancelling transaction, after each session's SEQUENCE has been raised.
    Each enrolled participant gets one email whose invitation cancels every session
    (METHOD:CANCEL, same UIDs), queued so a cancellation that rolls back tells nobody.
    """
    from missionled.cohorts.ical import session_invitation
    from missionled.enrolments.models import Enrolment
    from missionled.notifications.services.events import when
    from missionled.notifications.services.notifications import notification_queue

    sessions = list(
        cohort.sessions.select_related("cohort__course", "cohort__department").order_by("order")
    )
    enrolled = cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).order_by("sequence")
    for enrolment in enrolled:
        notification_queue(
            to=enrolment.email,
            template="booking_cancelled",
            context={
                "name": enrolment.name,
                "course": cohort.course.title,
                "department": cohort.department.name,
                "sessions": [f"{s.title}: {when(s)}" for s in sessions],
            },
            ics=session_invitation(
                sessions,
                method="CANCEL",
                attendees=[enrolment.email],
                stamp=max(s.updated_at for s in sessions),
            )
            if sessions
            else None,
        )
    audit_record(
        action="cohorts.cohort.cancel_notified",
        obj=cohort,
        actor=actor,
        payload={
            "method": "CANCEL",
            "sessions": list(cohort.sessions.values_list("uid", flat=True)),
        },
    )
