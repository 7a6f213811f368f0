"""What participants write: their challenge, stakeholder map, experiment log and reflections.

Only the author writes or deletes. Audit entries record that something changed and which
fields, never the words, because what is said in a set is confidential.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db import transaction

from missionled.cohorts.models import Session
from missionled.core.audit import audit_record
from missionled.core.errors import NotFound, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.learning.models import Challenge, Experiment, Reflection, StakeholderEntry
from missionled.learning.services.sets import SET_SESSION_KIND
from missionled.missions.models import Milestone, Mission
from missionled.organisations.models import User

CHALLENGE_FIELDS = (
    "title",
    "description",
    "mission",
    "milestone",
    "stakeholders",
    "what_i_will_try",
    "shared_with_set",
)
MILESTONE_OF_OTHER_MISSION = "Choose a milestone of {mission}, or none."
NOT_A_SET_MEETING = "Choose one of your cohort's Action Learning Set meetings."
MEETING_NOT_YET = "You can reflect on {title} once it has taken place, on {date}."
CHALLENGE_FIRST = "Write your challenge first; the stakeholder map and experiments belong to it."
ENTRY_NOT_FOUND = "There is no {what} {pk} of yours."
TITLE_REQUIRED = "Enter a title for your challenge."
WHAT_HAPPENED_REQUIRED = "Enter what happened at the meeting."
HYPOTHESIS_REQUIRED = "Enter your hypothesis."
NAME_REQUIRED = "Enter the stakeholder's name or role."
LEVEL_UNKNOWN = "Choose low or high."


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleBroken(message, code="invalid", fields={field: [message]})
    return value


@transaction.atomic
def challenge_save(
    *,
    enrolment: Enrolment,
    actor: User,
    title: str,
    mission: Mission,
    milestone: Milestone | None = None,
    description: str = "",
    stakeholders: str = "",
    what_i_will_try: str = "",
    shared_with_set: bool = False,
) -> Challenge:
    """Create or update the participant's challenge on this enrolment.

    :raises RuleBroken: if the title is blank or the milestone belongs to another mission.
    """
    if milestone is not None and milestone.mission_id != mission.pk:
        message = MILESTONE_OF_OTHER_MISSION.format(mission=mission.name)
        raise RuleBroken(message, code="invalid", fields={"milestone": [message]})
    values: dict[str, Any] = {
        "title": _required(title, "title", TITLE_REQUIRED),
        "description": description.strip(),
        "mission": mission,
        "milestone": milestone,
        "stakeholders": stakeholders.strip(),
        "what_i_will_try": what_i_will_try.strip(),
        "shared_with_set": shared_with_set,
    }
    challenge = Challenge.objects.filter(enrolment=enrolment).first()
    created = challenge is None
    if challenge is None:
        challenge = Challenge(enrolment=enrolment)
    changed = [f for f in CHALLENGE_FIELDS if getattr(challenge, f, None) != values[f]]
    for name, value in values.items():
        setattr(challenge, name, value)
    challenge.full_clean()
    challenge.save()
    action = "learning.challenge.created" if created else "learning.challenge.updated"
    audit_record(action=action, obj=challenge, actor=actor, payload={"fields": changed})
    return challenge


def _require_challenge(enrolment: Enrolment) -> Challenge:
    challenge = Challenge.objects.filter(enrolment=enrolment).first()
    if challenge is None:
        raise RuleBroken(CHALLENGE_FIRST, code="no_challenge")
    return challenge


def _level(value: str, field: str) -> str:
    value = (value or "").strip().lower()
    if value not in StakeholderEntry.Level.values:
        raise RuleBroken(LEVEL_UNKNOWN, code="invalid", fields={field: [LEVEL_UNKNOWN]})
    return value


@transaction.atomic
def stakeholder_save(
    *,
    enrolment: Enrolment,
    actor: User,
    name: str,
    power: str,
    interest: str,
    engagement: str = "",
    entry: StakeholderEntry | None = None,
) -> StakeholderEntry:
    """Add a person to the stakeholder map, or change `entry`.

    :raises RuleBroken: with no challenge yet, a blank name or a level other than low/high.
    """
    challenge = _require_challenge(enrolment)
    if entry is None:
        entry = StakeholderEntry(challenge=challenge)
    entry.name = _required(name, "name", NAME_REQUIRED)
    entry.power = _level(power, "power")
    entry.interest = _level(interest, "interest")
    entry.engagement = engagement.strip()
    entry.save()
    audit_record(action="learning.stakeholder.saved", obj=challenge, actor=actor)
    return entry


def stakeholder_get(enrolment: Enrolment, pk: int) -> StakeholderEntry:
    entry = StakeholderEntry.objects.filter(challenge__enrolment=enrolment, pk=pk).first()
    if entry is None:
        raise NotFound(ENTRY_NOT_FOUND.format(what="stakeholder", pk=pk))
    return entry


@transaction.atomic
def stakeholder_delete(*, enrolment: Enrolment, actor: User, pk: int) -> None:
    entry = stakeholder_get(enrolment, pk)
    entry.delete()
    audit_record(action="learning.stakeholder.deleted", obj=entry.challenge, actor=actor)


EXPERIMENT_FIELDS = ("what_was_tried", "measure", "result", "next_step")


@transaction.atomic
def experiment_save(
    *,
    enrolment: Enrolment,
    actor: User,
    hypothesis: str,
    values: Mapping[str, str],
    tried_on: date | None = None,
    entry: Experiment | None = None,
) -> Experiment:
    """Log an experiment on the challenge, or change `entry`. `values` holds what_was_tried,
    measure, result and next_step (each optional).

    :raises RuleBroken: with no challenge yet or a blank hypothesis.
    """
    challenge = _require_challenge(enrolment)
    if entry is None:
        entry = Experiment(challenge=challenge)
    entry.hypothesis = _required(hypothesis, "hypothesis", HYPOTHESIS_REQUIRED)
    for name in EXPERIMENT_FIELDS:
        setattr(entry, name, (values.get(name) or "").strip())
    entry.tried_on = tried_on
    entry.save()
    audit_record(action="learning.experiment.saved", obj=challenge, actor=actor)
    return entry


def experiment_get(enrolment: Enrolment, pk: int) -> Experiment:
    entry = Experiment.objects.filter(challenge__enrolment=enrolment, pk=pk).first()
    if entry is None:
        raise NotFound(ENTRY_NOT_FOUND.format(what="experiment", pk=pk))
    return entry


@transaction.atomic
def experiment_delete(*, enrolment: Enrolment, actor: User, pk: int) -> None:
    entry = experiment_get(enrolment, pk)
    entry.delete()
    audit_record(action="learning.experiment.deleted", obj=entry.challenge, actor=actor)


def _set_meeting(enrolment: Enrolment, session_id: int, now: datetime) -> Session:
    session = Session.objects.filter(
        pk=session_id, cohort_id=enrolment.cohort_id, kind=SET_SESSION_KIND
    ).first()
    if session is None:
        raise RuleBroken(NOT_A_SET_MEETING, code="invalid", fields={"session": [NOT_A_SET_MEETING]})
    if session.starts_at > now:
        message = MEETING_NOT_YET.format(
            title=session.title, date=session.starts_at.date().strftime("%-d %B %Y")
        )
        raise RuleBroken(message, code="meeting_not_yet", fields={"session": [message]})
    return session


@transaction.atomic
def reflection_create(
    *,
    enrolment: Enrolment,
    actor: User,
    session_id: int,
    what_happened: str,
    what_i_learned: str = "",
    what_i_will_do: str = "",
    shared_with_set: bool = False,
    now: datetime,
) -> Reflection:
    """Record a reflection on one of the participant's set meetings that has taken place.

    :raises RuleBroken: for another cohort's or a future meeting, or a blank account.
    """
    reflection = Reflection.objects.create(
        enrolment=enrolment,
        session=_set_meeting(enrolment, session_id, now),
        what_happened=_required(what_happened, "what_happened", WHAT_HAPPENED_REQUIRED),
        what_i_learned=what_i_learned.strip(),
        what_i_will_do=what_i_will_do.strip(),
        shared_with_set=shared_with_set,
    )
    audit_record(
        action="learning.reflection.created",
        obj=reflection,
        actor=actor,
        payload={"shared_with_set": shared_with_set},
        at=now,
    )
    return reflection
