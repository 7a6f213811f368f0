"""Choose a set adviser for each Action Learning Set of a cohort.

A simple greedy: facilitators who may advise sets, least loaded first, never advising two sets
that meet at the same time (every set of a cohort meets at the cohort's set sessions, so one
adviser per set, and nobody already advising another cohort's overlapping set meetings).
"""

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from missionled.cohorts.models import Cohort, Session
from missionled.learning.models import ActionLearningSet
from missionled.organisations.models import Role, User

ADVISERS_SHORT = (
    "{missing} of {total} sets have no adviser yet: not enough facilitators are free to "
    "advise at all three set meetings."
)


def adviser_candidates() -> QuerySet[User]:
    """Active facilitators who may advise sets on Leading it.

    Until facilitator profiles exist, every facilitator may (the contract: a new facilitator
    may deliver every course and advise sets until their profile says otherwise).
    """
    return User.objects.filter(role=Role.FACILITATOR, is_active=True)


def _overlapping(sessions: Sequence[Session]) -> Q:
    return reduce(
        or_,
        (
            Q(
                cohort__sessions__kind="action_learning_set",
                cohort__sessions__starts_at__lt=s.ends_at,
                cohort__sessions__ends_at__gt=s.starts_at,
            )
            for s in sessions
        ),
    )


def _busy_elsewhere(cohort: Cohort, sessions: Sequence[Session]) -> set[int]:
    busy = (
        ActionLearningSet.objects.exclude(cohort=cohort)
        .filter(adviser__isnull=False)
        .filter(_overlapping(sessions))
        .values_list("adviser_id", flat=True)
    )
    return {pk for pk in busy if pk is not None}


def advisers_choose(
    *, cohort: Cohort, sets: Sequence[ActionLearningSet], sessions: Sequence[Session]
) -> str:
    """Give each set a free adviser, saving it; returns a note when some sets are left without."""
    busy = _busy_elsewhere(cohort, sessions)
    free = list(
        adviser_candidates()
        .exclude(pk__in=busy)
        .annotate(load=Count("advised_sets"))
        .order_by("load", "email")
    )
    for learning_set, adviser in zip(sets, free, strict=False):
        learning_set.adviser = adviser
        learning_set.save(update_fields=["adviser", "updated_at"])
    missing = max(len(sets) - len(free), 0)
    return ADVISERS_SHORT.format(missing=missing, total=len(sets)) if missing else ""
