"""What the participants page shows, worked out once so the template only lays it out."""

from datetime import datetime
from typing import Any

from missionled.cohorts.models import Cohort
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import (
    cohort_counts,
    enrolment_adjustments_visible,
    enrolment_list_for_cohort,
    waitlist_positions,
)
from missionled.organisations.models import Role, User


def _manages(user: User, cohort: Cohort) -> bool:
    if user.role == Role.PROVIDER_ADMIN:
        return True
    return user.role == Role.COORDINATOR and user.department_id == cohort.department_id


def _before_start(cohort: Cohort, now: datetime) -> bool:
    first = cohort.sessions.exclude(status="cancelled").order_by("starts_at").first()
    return first is None or now < first.starts_at


def _row(user: User, enrolment: Enrolment, position: int | None) -> dict[str, Any]:
    visible = enrolment_adjustments_visible(user, enrolment)
    return {
        "enrolment": enrolment,
        "position": position,
        "adjustments": enrolment.reasonable_adjustments if visible else None,
        "is_own": user.role == Role.PARTICIPANT,
    }


def participants_page(user: User, cohort: Cohort, *, now: datetime) -> dict[str, Any]:
    """The cohort's enrolled, unnamed places, waiting list and history, as `user` may see them.

    :raises NotFound, NotAllowed: as `enrolment_list_for_cohort`.
    """
    enrolments = list(enrolment_list_for_cohort(user, cohort))
    positions = waitlist_positions(enrolments)
    rows = [_row(user, e, positions.get(e.pk)) for e in enrolments]
    enrolled_count, waitlist_count = cohort_counts(cohort)
    manages = _manages(user, cohort)
    return {
        "cohort": cohort,
        "enrolled": [r for r in rows if r["enrolment"].status == Enrolment.Status.ENROLLED],
        "waiting": [r for r in rows if r["enrolment"].status == Enrolment.Status.WAITLISTED],
        "left": [r for r in rows if r["enrolment"].status not in Enrolment.ACTIVE],
        "enrolled_count": enrolled_count,
        "waitlist_count": waitlist_count,
        "unnamed": range(max(cohort.capacity - enrolled_count, 0)) if manages else range(0),
        "unnamed_count": max(cohort.capacity - enrolled_count, 0),
        "manages": manages,
        "may_substitute": manages and _before_start(cohort, now),
        "shows_adjustments": any(r["adjustments"] is not None for r in rows)
        or user.role == Role.PROVIDER_ADMIN,
    }
