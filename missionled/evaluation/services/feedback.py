"""Feedback and self-assessments from participants. Every write checks that the enrolment is
the actor's own and that the moment is right, and saves all of a form or none of it."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from missionled.cohorts.models import Session
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import CAPABILITIES, Feedback, SelfAssessment
from missionled.organisations.models import Role, User

NOT_YOURS = "You can only give feedback on your own place on a course."
NOT_ENROLLED = "Only people who hold a place on the course can give feedback."
RATING_MISSING = "Choose a rating from 1 to 5 for {label}."
SESSION_NOT_IN_COHORT = "That session is not part of your course."
SESSION_NOT_STARTED = "You can give feedback on a workshop once it has started."
COURSE_NOT_STARTED = "You can give feedback on the course once its last session has started."
FEEDBACK_ALREADY = "You have already given feedback on this. Thank you."
ASSESSMENT_ALREADY = "You have already completed this self-assessment. Thank you."
AFTER_TOO_EARLY = (
    "You can complete the after-course self-assessment once the last session has started."
)
BEFORE_TOO_LATE = "The before-course self-assessment closes once the last session has started."

FEEDBACK_LABELS = {
    "relevance": "how relevant it was to your work",
    "quality": "the quality of the delivery",
    "recommend": "how likely you are to recommend it",
}


def enrolment_require_own(*, enrolment: Enrolment, actor: User) -> None:
    """The actor is the participant named on this enrolment, and still holds the place.

    :raises NotAllowed: for anyone else, or once the place is given up.
    """
    own = enrolment.user_id == actor.pk or enrolment.email == actor.email.lower()
    if actor.role != Role.PARTICIPANT or not own:
        raise NotAllowed(NOT_YOURS)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise NotAllowed(NOT_ENROLLED)


def ratings_clean(values: dict[str, Any], labels: dict[str, str]) -> dict[str, int]:
    """Each named rating as a whole number from 1 to 5.

    :raises RuleBroken: naming every rating that is missing or out of range.
    """
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for name, label in labels.items():
        try:
            value = int(values.get(name))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors[name] = [RATING_MISSING.format(label=label)]
        clean[name] = value
    if errors:
        first = next(iter(errors.values()))[0]
        raise RuleBroken(first, code="rating_missing", fields=errors)
    return clean


def last_session_start(enrolment: Enrolment) -> datetime | None:
    session = (
        enrolment.cohort.sessions.filter(status=Session.Status.SCHEDULED)
        .order_by("-starts_at")
        .first()
    )
    return session.starts_at if session else None


def _require_moment(*, enrolment: Enrolment, session: Session | None, now: datetime) -> None:
    if session is not None:
        if session.cohort_id != enrolment.cohort_id:
            raise RuleBroken(SESSION_NOT_IN_COHORT, code="session_not_in_cohort")
        if session.starts_at > now:
            raise Conflict(SESSION_NOT_STARTED, code="too_early")
        return
    last = last_session_start(enrolment)
    if last is None or last > now:
        raise Conflict(COURSE_NOT_STARTED, code="too_early")


@transaction.atomic
def feedback_submit(
    *,
    enrolment: Enrolment,
    session: Session | None,
    actor: User,
    ratings: dict[str, Any],
    comments: str = "",
    now: datetime,
) -> Feedback:
    """Record a participant's feedback on a workshop, or on the whole course when `session`
    is None.

    :raises NotAllowed: if the enrolment is not the actor's own.
    :raises RuleBroken: naming each rating that is missing or not 1 to 5.
    :raises Conflict: too early, or feedback already given.
    """
    enrolment_require_own(enrolment=enrolment, actor=actor)
    clean = ratings_clean(ratings, FEEDBACK_LABELS)
    _require_moment(enrolment=enrolment, session=session, now=now)
    if Feedback.objects.filter(enrolment=enrolment, session=session).exists():
        raise Conflict(FEEDBACK_ALREADY, code="already_given")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                enrolment=enrolment,
                session=session,
                comments=comments.strip(),
                submitted_at=now,
                **clean,
            )
    except IntegrityError as exc:  # a double submit that raced past the check
        raise Conflict(FEEDBACK_ALREADY, code="already_given") from exc


def _require_phase_open(*, enrolment: Enrolment, phase: str, now: datetime) -> None:
    last = last_session_start(enrolment)
    started = last is not None and last <= now
    if phase == SelfAssessment.Phase.AFTER and not started:
        raise Conflict(AFTER_TOO_EARLY, code="too_early")
    if phase == SelfAssessment.Phase.BEFORE and started:
        raise Conflict(BEFORE_TOO_LATE, code="too_late")


@transaction.atomic
def self_assessment_submit(
    *,
    enrolment: Enrolment,
    phase: str,
    actor: User,
    ratings: dict[str, Any],
    now: datetime,
) -> SelfAssessment:
    """Record a participant's rating of the five capabilities before or after their course.

    :raises NotAllowed: if the enrolment is not the actor's own.
    :raises RuleBroken: naming each capability without a rating from 1 to 5.
    :raises Conflict: the phase is not open, or it was already completed.
    """
    enrolment_require_own(enrolment=enrolment, actor=actor)
    labels = {name: label.lower() for name, label in CAPABILITIES}
    clean = ratings_clean(ratings, labels)
    _require_phase_open(enrolment=enrolment, phase=phase, now=now)
    if SelfAssessment.objects.filter(enrolment=enrolment, phase=phase).exists():
        raise Conflict(ASSESSMENT_ALREADY, code="already_given")
    try:
        with transaction.atomic():
            return SelfAssessment.objects.create(
                enrolment=enrolment, phase=phase, submitted_at=now, **clean
            )
    except IntegrityError as exc:
        raise Conflict(ASSESSMENT_ALREADY, code="already_given") from exc
