"""Reads for participants' own evaluation pages. Nobody else's enrolment is ever found."""

from datetime import date

from django.db.models import Q, QuerySet

from missionled.core.errors import NotFound
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import FollowUp
from missionled.organisations.models import Role, User
from missionled.reporting.attendance import completed_q

NOT_FOUND = "There is no such place on a course in your name."


def _own(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}email": user.email.lower()})


def enrolment_list_for_participant(*, user: User) -> QuerySet[Enrolment]:
    if user.role != Role.PARTICIPANT:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(_own(user), status=Enrolment.Status.ENROLLED)
        .select_related("cohort__course")
        .prefetch_related("cohort__sessions", "feedback", "self_assessments")
        .order_by("-created_at")
    )


def enrolment_get_for_participant(*, user: User, pk: int) -> Enrolment:
    """:raises NotFound: when it is not the user's own enrolment."""
    try:
        return enrolment_list_for_participant(user=user).get(pk=pk)
    except Enrolment.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc


def _own_follow_ups(user: User) -> QuerySet[FollowUp]:
    """The user's follow-ups for courses they completed; one made for someone who did not
    complete is never theirs to answer."""
    if user.role != Role.PARTICIPANT:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(
        _own(user, "enrolment__"), completed_q("enrolment__")
    ).select_related("enrolment__cohort__course")


def follow_up_list_for_participant(*, user: User, today: date) -> QuerySet[FollowUp]:
    """The user's follow-ups that are due by `today`: one not yet due is not a thing to do."""
    return _own_follow_ups(user).filter(due_on__lte=today)


def follow_up_get_for_participant(*, user: User, pk: int) -> FollowUp:
    """Found before it is due too, so the page can say when it opens.

    :raises NotFound: when it is not the user's own follow-up."""
    try:
        return _own_follow_ups(user).get(pk=pk)
    except FollowUp.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc
