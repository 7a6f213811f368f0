"""What participants write is theirs: the audit log records that it changed, never the words."""

import pytest

from missionled.core.errors import RuleBroken
from missionled.core.models import AuditEntry
from missionled.learning.models import Challenge
from missionled.learning.services.writing import challenge_save, stakeholder_save
from missionled.learning.tests.conftest import SECRETS, SET_CONTENT, write_content

pytestmark = pytest.mark.django_db


def test_the_audit_log_never_holds_what_was_written(world):
    write_content(world)
    logged = " ".join(str(entry.payload) for entry in AuditEntry.objects.all())
    assert AuditEntry.objects.filter(action__startswith="learning.").count() >= 5
    for text in [*SECRETS, *SET_CONTENT]:
        assert text not in logged


def test_an_update_records_which_fields_changed(world):
    challenge_save(
        enrolment=world.member_enrolment, actor=world.member, title="One", mission=world.mission
    )
    challenge = challenge_save(
        enrolment=world.member_enrolment,
        actor=world.member,
        title="Two",
        mission=world.mission,
        shared_with_set=True,
    )
    entry = AuditEntry.objects.filter(action="learning.challenge.updated").get()
    assert entry.payload == {"fields": ["title", "shared_with_set"]}
    assert Challenge.objects.get() == challenge


def test_blank_title_and_unknown_levels_are_refused(world):
    with pytest.raises(RuleBroken) as caught:
        challenge_save(
            enrolment=world.member_enrolment, actor=world.member, title="  ", mission=world.mission
        )
    assert "title" in caught.value.fields
    challenge_save(
        enrolment=world.member_enrolment, actor=world.member, title="T", mission=world.mission
    )
    with pytest.raises(RuleBroken) as caught:
        stakeholder_save(
            enrolment=world.member_enrolment,
            actor=world.member,
            name="Jo",
            power="medium",
            interest="low",
        )
    assert "power" in caught.value.fields
