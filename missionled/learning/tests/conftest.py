from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from missionled.cohorts.services.bookings import booking_confirm
from missionled.cohorts.tests.factories import booking_for
from missionled.core.clock import LONDON
from missionled.enrolments.models import Enrolment
from missionled.learning.models import ActionLearningSet
from missionled.learning.services.sets import set_sessions, sets_form
from missionled.learning.tests.factories import enrol_many
from missionled.missions.models import Mission

# Before the cohort's first session (bookings start from 1 March 2027).
BEFORE = datetime(2027, 1, 4, 12, 0, tzinfo=LONDON)
FAST = 2.0


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("provider_admin")


@pytest.fixture
def leading_cohort(admin: Any) -> Any:
    booking = booking_confirm(booking=booking_for("leading-it", expected_size=14), actor=admin)
    return booking.cohort


@pytest.fixture
def fourteen(leading_cohort: Any) -> list[Enrolment]:
    return enrol_many(leading_cohort, 14)


def form(cohort: Any, actor: Any, **extra: Any) -> Any:
    extra.setdefault("keep_apart", [])
    extra.setdefault("keep_together", [])
    return sets_form(cohort=cohort, actor=actor, now=BEFORE, time_limit_s=FAST, **extra)


def after_meeting(cohort: Any, number: int = 1) -> datetime:
    session = list(set_sessions(cohort))[number - 1]
    return session.ends_at + timedelta(hours=1)


@dataclass
class World:
    """A formed cohort of 14 in two sets, each with an adviser, and a participant user for
    the first member of each set."""

    cohort: Any
    sets: list[ActionLearningSet]
    adviser: Any
    other_adviser: Any
    member: Any
    member_enrolment: Enrolment
    other_member: Any
    other_member_enrolment: Enrolment
    mate: Any
    mate_enrolment: Enrolment
    mission: Mission


@pytest.fixture
def world(make_user: Any, admin: Any, leading_cohort: Any, fourteen: Any) -> World:
    adviser = make_user("facilitator")
    other_adviser = make_user("facilitator")
    result = form(leading_cohort, admin)
    first, second = result.sets
    first.adviser, second.adviser = adviser, other_adviser
    first.save()
    second.save()
    mine = [m.enrolment for m in first.memberships.order_by("enrolment__email")]
    theirs = [m.enrolment for m in second.memberships.order_by("enrolment__email")]

    def participant_for(enrolment: Enrolment) -> Any:
        user = make_user("participant", email=enrolment.email)
        enrolment.user = user
        enrolment.save()
        return user

    return World(
        cohort=leading_cohort,
        sets=[first, second],
        adviser=adviser,
        other_adviser=other_adviser,
        member=participant_for(mine[0]),
        member_enrolment=mine[0],
        other_member=participant_for(theirs[0]),
        other_member_enrolment=theirs[0],
        mate=participant_for(mine[1]),
        mate_enrolment=mine[1],
        mission=Mission.objects.order_by("order").first(),
    )


SHARED_REFLECTION = "Shared: the set helped me see the budget problem differently."
PRIVATE_REFLECTION = "Private: I am worried about my director's reaction."
SHARED_CHALLENGE = "Shared challenge: cut waiting times in family courts"
PRIVATE_CHALLENGE = "Private challenge: fix the data-sharing row with HMRC"
OTHER_SET_REFLECTION = "Other set: our adviser asked a sharp question."
SECRETS = [PRIVATE_REFLECTION, PRIVATE_CHALLENGE]
SET_CONTENT = [SHARED_REFLECTION, SHARED_CHALLENGE]


def write_content(world: World) -> None:
    """The mate shares one reflection and their challenge with set 1 and keeps one reflection
    private; the member keeps their challenge private; set 2's member shares a reflection."""
    from missionled.learning.services.writing import challenge_save, reflection_create

    meeting = next(iter(set_sessions(world.cohort)))
    later = after_meeting(world.cohort)
    for text, shared in ((SHARED_REFLECTION, True), (PRIVATE_REFLECTION, False)):
        reflection_create(
            enrolment=world.mate_enrolment,
            actor=world.mate,
            session_id=meeting.pk,
            what_happened=text,
            shared_with_set=shared,
            now=later,
        )
    reflection_create(
        enrolment=world.other_member_enrolment,
        actor=world.other_member,
        session_id=meeting.pk,
        what_happened=OTHER_SET_REFLECTION,
        shared_with_set=True,
        now=later,
    )
    challenge_save(
        enrolment=world.mate_enrolment,
        actor=world.mate,
        title=SHARED_CHALLENGE,
        mission=world.mission,
        shared_with_set=True,
    )
    challenge_save(
        enrolment=world.member_enrolment,
        actor=world.member,
        title=PRIVATE_CHALLENGE,
        mission=world.mission,
    )


# Who is looking: every role (someone with no tie to the set), plus the set's own people and
# those of the other set.
VIEWERS = [
    "provider_admin",
    "coordinator",
    "facilitator",
    "participant",
    "mission_analyst",
    "member",
    "adviser",
    "member_of_other_set",
    "adviser_of_other_set",
]


@pytest.fixture
def viewer_for(world: World, make_user: Any) -> Any:
    def make(who: str) -> Any:
        named = {
            "member": world.member,
            "adviser": world.adviser,
            "member_of_other_set": world.other_member,
            "adviser_of_other_set": world.other_adviser,
        }
        return named.get(who) or make_user(who)

    return make
