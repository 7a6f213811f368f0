"""The set adviser adjusts who presents at each of the set's meetings."""

from collections.abc import Mapping, Sequence

from django.db import transaction

from missionled.core.audit import audit_record
from missionled.core.errors import NotAllowed, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.learning.models import ActionLearningSet, PresenterSlot
from missionled.learning.services.sets import PRESENTERS_PER_MEETING, set_sessions
from missionled.organisations.models import Role, User
from missionled.scheduling.presenters import check_presenters

ADVISER_ONLY = "Only the set's adviser or the provider can change who presents."
ROTA_PROBLEMS = "The rota does not work yet: {problems}"


@transaction.atomic
def presenters_set(
    *, learning_set: ActionLearningSet, rota: Sequence[Sequence[int]], actor: User
) -> ActionLearningSet:
    """Replace the set's presenter rota. `rota[i]` lists the enrolment ids presenting at the
    set's meeting i+1.

    :raises NotAllowed: unless the actor is the set's adviser or the provider.
    :raises RuleBroken: if the rota breaks a rule (`fields["rota"]` lists the problems).
    """
    is_adviser = learning_set.adviser_id is not None and learning_set.adviser_id == actor.pk
    if not is_adviser and actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(ADVISER_ONLY)
    memberships = learning_set.memberships.select_related("enrolment")
    members = {m.enrolment_id: m.enrolment for m in memberships}
    sessions = list(set_sessions(learning_set.cohort))
    problems = check_presenters(
        [_label(members, pk) for pk in members],
        [[_label(members, pk) for pk in meeting] for meeting in rota],
        meetings=len(sessions),
        per_meeting_max=PRESENTERS_PER_MEETING,
    )
    if problems:
        raise RuleBroken(
            ROTA_PROBLEMS.format(problems=" ".join(problems)),
            code="rota_invalid",
            fields={"rota": list(problems)},
        )
    learning_set.presenter_slots.all().delete()
    PresenterSlot.objects.bulk_create(
        PresenterSlot(learning_set=learning_set, session=session, enrolment_id=pk)
        for session, meeting in zip(sessions, rota, strict=True)
        for pk in meeting
    )
    audit_record(
        action="learning.presenters.changed",
        obj=learning_set,
        actor=actor,
        payload={"rota": [list(meeting) for meeting in rota]},
    )
    return learning_set


def _label(members: Mapping[int, Enrolment], pk: int) -> str:
    # The engine names people by the labels it is given: a person's name and email, so the
    # adviser reads its problems in words.
    enrolment = members.get(pk)
    return f"{enrolment.name} ({enrolment.email})" if enrolment else f"Enrolment {pk}"
