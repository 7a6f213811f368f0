"""Choose a set adviser for each Action Learning Set of a cohort.

Where the facilitator plan already names a set adviser for set n at every one of the cohort's
set meetings, that facilitator advises set n. Otherwise a simple greedy: facilitators who may
advise sets and deliver Leading it, least loaded first, never one who is already busy at any of
the cohort's set meetings (another set of this cohort, another cohort's overlapping session).
"""

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from missionled.cohorts.models import Cohort, Session
from missionled.facilitation.models import Assignment
from missionled.learning.models import ActionLearningSet
from missionled.organisations.models import Role, User

LEADING_IT = "leading-it"
ADVISERS_SHORT = (
    "{missing} of {total} sets have no adviser yet: not enough facilitators who may advise "
    "sets on Leading it are free at all of the set meetings."
)


def adviser_candidates() -> QuerySet[User]:
    """Active facilitators who may advise sets and deliver Leading it. A facilitator with no
    profile yet may do both (the `user create` contract)."""
    qualified = Q(facilitator_profile__isnull=True) | Q(
        facilitator_profile__may_advise_sets=True,
        facilitator_profile__courses__slug=LEADING_IT,
    )
    return User.objects.filter(qualified, role=Role.FACILITATOR, is_active=True).distinct()


def _overlapping(sessions: Sequence[Session], prefix: str) -> Q:
    return reduce(
        or_,
        (
            Q(**{f"{prefix}starts_at__lt": s.ends_at, f"{prefix}ends_at__gt": s.starts_at})
            for s in sessions
        ),
    )


def _busy(cohort: Cohort, sessions: Sequence[Session]) -> set[int]:
    """Facilitators already running something at one of the set meetings: advising another
    cohort's set, or assigned to a session that overlaps (bar this cohort's set advising)."""
    other_sets = (
        ActionLearningSet.objects.exclude(cohort=cohort)
        .filter(adviser__isnull=False, cohort__sessions__kind="action_learning_set")
        .filter(_overlapping(sessions, "cohort__sessions__"))
        .values_list("adviser_id", flat=True)
    )
    assigned = (
        Assignment.objects.filter(_overlapping(sessions, "session__"))
        .exclude(session__cohort=cohort, role=Assignment.Role.SET_ADVISER)
        .values_list("facilitator_id", flat=True)
    )
    return {pk for pk in [*other_sets, *assigned] if pk is not None}


def _planned(cohort: Cohort, sessions: Sequence[Session]) -> dict[int, int]:
    """Set number to facilitator id, where the plan names one adviser for all its meetings."""
    rows = Assignment.objects.filter(
        session__in=sessions, role=Assignment.Role.SET_ADVISER, set_number__isnull=False
    ).values_list("set_number", "facilitator_id", "session_id")
    by_set: dict[int, set[int]] = {}
    covered: dict[int, set[int]] = {}
    for number, facilitator, session in rows:
        if number is not None:
            by_set.setdefault(number, set()).add(facilitator)
            covered.setdefault(number, set()).add(session)
    meetings = {s.pk for s in sessions}
    return {
        n: next(iter(people))
        for n, people in by_set.items()
        if len(people) == 1 and covered[n] == meetings
    }


def advisers_choose(
    *, cohort: Cohort, sets: Sequence[ActionLearningSet], sessions: Sequence[Session]
) -> str:
    """Give each set an adviser, saving it; returns a note when some sets are left without."""
    planned = _planned(cohort, sessions)
    candidates = {u.pk: u for u in adviser_candidates()}
    taken: set[int] = set()
    for learning_set in sets:
        chosen = planned.get(learning_set.number)
        if chosen in candidates and chosen not in taken:
            learning_set.adviser = candidates[chosen]
            taken.add(chosen)
    busy = _busy(cohort, sessions) | taken
    free = iter(
        adviser_candidates()
        .exclude(pk__in=busy)
        .annotate(load=Count("advised_sets"))
        .order_by("load", "email")
    )
    for learning_set in sets:
        if learning_set.adviser is None:
            learning_set.adviser = next(free, None)
        learning_set.save(update_fields=["adviser", "updated_at"])
    missing = sum(1 for s in sets if s.adviser is None)
    return ADVISERS_SHORT.format(missing=missing, total=len(sets)) if missing else ""
