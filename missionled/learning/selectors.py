"""Every read of sets, challenges and reflections a user sees, with the confidentiality rules
in one place:

- a participant sees everything they wrote;
- a set's adviser and members see only what members shared with that set;
- coordinators (own department) and the provider see counts, never content;
- anyone else's set is "not found".
"""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from missionled.cohorts.models import Cohort
from missionled.cohorts.selectors import cohort_get_for_user
from missionled.core.audit import audit_entries_for
from missionled.core.errors import NotAllowed, NotFound
from missionled.enrolments.models import Enrolment
from missionled.learning.models import (
    ActionLearningSet,
    Challenge,
    PresenterSlot,
    Reflection,
    SetMembership,
)
from missionled.organisations.models import Role, User

SET_NOT_FOUND = "There is no Action Learning Set {pk} that you can see."
SETS_NOT_ALLOWED = "Only the provider, set advisers and set members can see sets."
CONTENT_NOT_ALLOWED = (
    "What participants write is seen only by them and, when they share it, by their set. "
    "You can see how many entries there are, not what they say."
)
PARTICIPANTS_ONLY = "Only participants keep challenges and reflections."
NO_ENROLMENT = "You are not enrolled on a course, so there is nothing to write about yet."
COUNTS_NOT_ALLOWED = "Only department coordinators and the provider can see these counts."


def places_held_by(user: User) -> QuerySet[Enrolment]:
    """Every place that is or was `user`'s, whatever its status: linked to them, or unlinked
    with their email."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.PARTICIPANT:
        return Enrolment.objects.none()
    own = Q(user=user) | Q(user__isnull=True, email=user.email.lower())
    return Enrolment.objects.filter(own)


def enrolments_of(user: User) -> QuerySet[Enrolment]:
    """The enrolled places that are `user`'s: the ones they may write on and see a set from."""
    return places_held_by(user).filter(status=Enrolment.Status.ENROLLED)


def writing_places_of(user: User) -> QuerySet[Enrolment]:
    """The places whose writing `user` may take away or erase. Leaving a cohort (withdrawn, or
    the place passed to a colleague) ends their writing, not their hold on what they wrote.

    :raises NotAllowed: for roles other than participant.
    :raises NotFound: if they never held a place.
    """
    if user.role != Role.PARTICIPANT:
        raise NotAllowed(PARTICIPANTS_ONLY)
    places = places_held_by(user)
    if not places.exists():
        raise NotFound(NO_ENROLMENT, code="not_enrolled")
    return places


def writing_left_behind(user: User) -> bool:
    """Whether `user` wrote anything on places they no longer hold, so a page that has no
    current place to show can still offer its export and deletion."""
    left = places_held_by(user).exclude(status=Enrolment.Status.ENROLLED)
    return (
        Challenge.objects.filter(enrolment__in=left).exists()
        or Reflection.objects.filter(enrolment__in=left).exists()
    )


def participant_enrolment(user: User) -> Enrolment:
    """The enrolment a participant writes against: the one with a set, else the newest.

    :raises NotAllowed: for roles other than participant.
    :raises NotFound: if the participant has no enrolled place.
    """
    if user.role != Role.PARTICIPANT:
        raise NotAllowed(PARTICIPANTS_ONLY)
    enrolment = (
        enrolments_of(user)
        .select_related("cohort__course", "department")
        .annotate(in_set=Count("set_membership"))
        .order_by("-in_set", "-created_at", "-id")
        .first()
    )
    if enrolment is None:
        raise NotFound(NO_ENROLMENT, code="not_enrolled")
    return enrolment


def _set_queryset() -> QuerySet[ActionLearningSet]:
    return ActionLearningSet.objects.select_related(
        "cohort__course", "cohort__department", "adviser"
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=SetMembership.objects.select_related(
                "enrolment__department", "enrolment__profession", "enrolment__grade"
            ).order_by("enrolment__name"),
        ),
        Prefetch(
            "presenter_slots",
            queryset=PresenterSlot.objects.select_related("session", "enrolment"),
        ),
    )


def sets_visible_to(user: User) -> QuerySet[ActionLearningSet]:
    """The sets whose people and logistics `user` may see: all for the provider; the sets a
    facilitator advises; the set a participant is in; none for anyone else."""
    sets = _set_queryset()
    role = getattr(user, "role", None)
    if role == Role.PROVIDER_ADMIN:
        return sets
    if role == Role.FACILITATOR:
        return sets.filter(adviser=user)
    if role == Role.PARTICIPANT:
        return sets.filter(memberships__enrolment__in=enrolments_of(user)).distinct()
    return sets.none()


def set_get_for_user(user: User, pk: int) -> ActionLearningSet:
    """One set `user` may see.

    :raises NotAllowed: for coordinators and mission analysts, who never see sets.
    :raises NotFound: if it does not exist or is not the user's to see.
    """
    if getattr(user, "role", None) in (Role.COORDINATOR, Role.MISSION_ANALYST):
        raise NotAllowed(SETS_NOT_ALLOWED)
    learning_set = sets_visible_to(user).filter(pk=pk).first()
    if learning_set is None:
        raise NotFound(SET_NOT_FOUND.format(pk=pk), code="set_not_found")
    return learning_set


def cohort_sets_for_user(user: User, cohort_id: int) -> list[ActionLearningSet]:
    """A cohort's sets as `user` may see them: all for the provider, otherwise only the set
    they advise or belong to.

    :raises NotAllowed: for coordinators and mission analysts.
    :raises NotFound: if the cohort does not exist or the user has no set in it.
    """
    role = getattr(user, "role", None)
    if role in (Role.COORDINATOR, Role.MISSION_ANALYST):
        raise NotAllowed(SETS_NOT_ALLOWED)
    if role == Role.PROVIDER_ADMIN:
        cohort_get_for_user(user, cohort_id)
    sets = list(sets_visible_to(user).filter(cohort_id=cohort_id).order_by("number"))
    if not sets and role != Role.PROVIDER_ADMIN:
        raise NotFound(f"There is no cohort {cohort_id} that you can see.", code="cohort_not_found")
    return sets


def user_may_read_set_content(user: User, learning_set: ActionLearningSet) -> bool:
    """The set's adviser and its members read what was shared with it; nobody else does."""
    if learning_set.adviser_id is not None and learning_set.adviser_id == user.pk:
        return True
    return learning_set.memberships.filter(enrolment__in=enrolments_of(user)).exists()


def _require_content_reader(user: User, learning_set: ActionLearningSet) -> None:
    if not user_may_read_set_content(user, learning_set):
        raise NotAllowed(CONTENT_NOT_ALLOWED, code="content_private")


def set_shared_reflections(user: User, learning_set: ActionLearningSet) -> QuerySet[Reflection]:
    """Reflections that members shared with this set, newest first.

    :raises NotAllowed: unless `user` is the set's adviser or a member.
    """
    _require_content_reader(user, learning_set)
    return Reflection.objects.filter(
        enrolment__set_membership__learning_set=learning_set, shared_with_set=True
    ).select_related("enrolment", "session")


def set_shared_challenges(user: User, learning_set: ActionLearningSet) -> QuerySet[Challenge]:
    """Challenges that members shared with this set.

    :raises NotAllowed: unless `user` is the set's adviser or a member.
    """
    _require_content_reader(user, learning_set)
    return Challenge.objects.filter(
        enrolment__set_membership__learning_set=learning_set, shared_with_set=True
    ).select_related("enrolment", "mission", "milestone")


def reflections_of(user: User) -> QuerySet[Reflection]:
    return Reflection.objects.filter(enrolment__in=enrolments_of(user)).select_related(
        "session", "enrolment"
    )


def challenge_of(user: User) -> Challenge | None:
    """The participant's challenge on their current enrolment, if they have written one."""
    enrolment = participant_enrolment(user)
    return (
        Challenge.objects.filter(enrolment=enrolment)
        .select_related("mission", "milestone", "enrolment")
        .prefetch_related("stakeholders_map", "experiments")
        .first()
    )


def challenge_history(challenge: Challenge) -> list[dict[str, Any]]:
    """When the challenge was written and changed, and which fields changed, oldest first."""
    return [
        {"at": entry.at, "action": entry.action, "fields": entry.payload.get("fields", [])}
        for entry in audit_entries_for(challenge).filter(action__startswith="learning.challenge.")
    ]


def cohort_learning_counts(user: User, cohort_id: int) -> dict[str, Any]:
    """How many challenges and reflections a cohort's participants have written and shared,
    per set: numbers only, for coordinators (own department) and the provider.

    :raises NotAllowed: for other roles.
    :raises NotFound: for another department's cohort.
    """
    if getattr(user, "role", None) not in (Role.PROVIDER_ADMIN, Role.COORDINATOR):
        raise NotAllowed(COUNTS_NOT_ALLOWED)
    cohort: Cohort = cohort_get_for_user(user, cohort_id)
    per_set = (
        ActionLearningSet.objects.filter(cohort=cohort)
        .annotate(
            members=Count("memberships", distinct=True),
            challenges=Count("memberships__enrolment__challenge", distinct=True),
            shared_challenges=Count(
                "memberships__enrolment__challenge",
                filter=Q(memberships__enrolment__challenge__shared_with_set=True),
                distinct=True,
            ),
            reflections=Count("memberships__enrolment__reflections", distinct=True),
            shared_reflections=Count(
                "memberships__enrolment__reflections",
                filter=Q(memberships__enrolment__reflections__shared_with_set=True),
                distinct=True,
            ),
        )
        .order_by("number")
        .values(
            "number",
            "members",
            "challenges",
            "shared_challenges",
            "reflections",
            "shared_reflections",
        )
    )
    return {"cohort": cohort, "sets": list(per_set)}
