"""Reminders 7 days and 1 day before each session, each sent at most once."""

import logging
from datetime import datetime, timedelta

from missionled.cohorts.models import Session
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import session_catch_up_enrolments
from missionled.notifications.services.events import session_reminder_send

logger = logging.getLogger(__name__)

REMINDER_DAYS = (7, 1)


def _due_days(session: Session, now: datetime) -> int | None:
    """The reminder due now: the 7-day one from a week before until the day before, then
    the 1-day one until the session starts."""
    for days in sorted(REMINDER_DAYS):
        if session.starts_at - timedelta(days=days) <= now < session.starts_at:
            return days
    return None


def reminders_send(*, now: datetime) -> int:
    """Queue every reminder that is due and not yet sent, to the session's cohort and anyone
    catching up on it; safe to run as often as wanted, since each (session, participant,
    time, kind) has one dedupe key. Returns how many."""
    horizon = now + timedelta(days=max(REMINDER_DAYS))
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=horizon
    ).select_related("cohort__course", "cohort__department")
    queued = 0
    for session in sessions:
        days = _due_days(session, now)
        if days is None:
            continue
        enrolled = [
            *session.cohort.enrolments.filter(status=Enrolment.Status.ENROLLED),
            *session_catch_up_enrolments(session),
        ]
        for enrolment in enrolled:
            if session_reminder_send(session=session, enrolment=enrolment, days=days):
                queued += 1
    return queued
