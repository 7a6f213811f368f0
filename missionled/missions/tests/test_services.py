from datetime import date
from decimal import Decimal

import pytest

from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.missions.models import OwnerAssessment, ProgressPoint
from missionled.missions.services import progress as messages
from missionled.missions.services.progress import (
    owner_assessment_add,
    progress_point_add,
    progress_point_correct,
)
from missionled.missions.tests.conftest import NON_RECORDERS, RECORDERS
from missionled.missions.tests.factories import MilestoneFactory, ProgressPointFactory

GOOD = {"value": "61.5", "on": date(2026, 3, 31), "source_url": "https://www.gov.uk/stats"}


@pytest.mark.parametrize("role", RECORDERS)
def test_analysts_and_admins_record_a_figure_with_who_added_it_and_an_audit_entry(
    make_user, now, role
):
    user = make_user(role)
    milestone = MilestoneFactory()
    point = progress_point_add(
        actor=user, milestone=milestone, note=" provisional ", now=now, **GOOD
    )
    assert point.value == Decimal("61.5")
    assert point.added_by == user
    assert point.note == "provisional"
    entry = AuditEntry.objects.get(action="missions.progress_point.added", object_id=str(point.pk))
    assert entry.actor == user
    assert entry.payload["milestone"] == milestone.slug


@pytest.mark.parametrize("role", NON_RECORDERS)
def test_other_roles_may_not_record_a_figure(make_user, now, role):
    milestone = MilestoneFactory()
    with pytest.raises(NotAllowed):
        progress_point_add(actor=make_user(role), milestone=milestone, now=now, **GOOD)
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"value": ""}, "value", messages.VALUE_REQUIRED),
        ({"value": "lots"}, "value", messages.VALUE_REQUIRED),
        ({"value": "NaN"}, "value", messages.VALUE_REQUIRED),
        ({"value": float("inf")}, "value", messages.VALUE_REQUIRED),
        ({"value": "1e15"}, "value", messages.VALUE_TOO_BIG),
        ({"value": "1.00001"}, "value", messages.VALUE_TOO_BIG),
        ({"on": None}, "date", messages.DATE_REQUIRED),
        ({"on": date(2026, 11, 26)}, "date", messages.DATE_IN_FUTURE),
        ({"on": date(1999, 12, 31)}, "date", messages.DATE_TOO_EARLY),
        ({"source_url": ""}, "source_url", messages.SOURCE_REQUIRED),
        ({"source_url": "gov.uk/stats"}, "source_url", messages.SOURCE_INVALID),
        ({"source_url": "javascript:alert(1)"}, "source_url", messages.SOURCE_INVALID),
        ({"note": "x" * 2001}, "note", messages.NOTE_TOO_LONG),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(make_user, now, change, field, message):
    milestone = MilestoneFactory()
    with pytest.raises(RuleBroken) as caught:
        progress_point_add(
            actor=make_user("mission_analyst"), milestone=milestone, now=now, **(GOOD | change)
        )
    assert caught.value.fields == {field: [message]}
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()
    assert not AuditEntry.objects.filter(action__startswith="missions.").exists()


def test_every_bad_field_is_named_at_once(make_user, now):
    with pytest.raises(RuleBroken) as caught:
        progress_point_add(
            actor=make_user("mission_analyst"),
            milestone=MilestoneFactory(),
            value="",
            on=None,
            source_url="",
            now=now,
        )
    assert set(caught.value.fields) == {"value", "date", "source_url"}


def test_a_retired_milestone_takes_no_new_figures(make_user, now):
    milestone = MilestoneFactory(retired_at=date(2026, 1, 1))
    with pytest.raises(Conflict) as caught:
        progress_point_add(actor=make_user("provider_admin"), milestone=milestone, now=now, **GOOD)
    assert caught.value.message == messages.MILESTONE_RETIRED


def test_a_correction_supersedes_the_old_figure_and_keeps_it(make_user, now):
    old = ProgressPointFactory(value=Decimal(10))
    analyst = make_user("mission_analyst")
    new = progress_point_correct(
        actor=analyst, point=old, value="12", on=old.date, source_url=old.source_url, now=now
    )
    assert new.supersedes == old
    assert ProgressPoint.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(action="missions.progress_point.corrected").exists()
    with pytest.raises(Conflict) as caught:
        progress_point_correct(
            actor=analyst, point=old, value="13", on=old.date, source_url=old.source_url, now=now
        )
    assert caught.value.message == messages.ALREADY_CORRECTED


@pytest.mark.parametrize("role", NON_RECORDERS)
def test_other_roles_may_not_correct_a_figure(make_user, now, role):
    old = ProgressPointFactory()
    with pytest.raises(NotAllowed):
        progress_point_correct(
            actor=make_user(role),
            point=old,
            value="1",
            on=old.date,
            source_url=old.source_url,
            now=now,
        )


def test_an_owner_assessment_is_recorded_and_audited(make_user, now):
    milestone = MilestoneFactory()
    assessment = owner_assessment_add(
        actor=make_user("mission_analyst"),
        milestone=milestone,
        quarter="2026-q3",
        rating="probable",
        narrative="Ahead of plan in most regions.",
        now=now,
    )
    assert assessment.quarter == "2026-Q3"
    assert assessment.rating == OwnerAssessment.Rating.PROBABLE
    assert AuditEntry.objects.filter(action="missions.owner_assessment.added").exists()


def test_a_bad_owner_assessment_names_each_field(make_user, now):
    with pytest.raises(RuleBroken) as caught:
        owner_assessment_add(
            actor=make_user("provider_admin"),
            milestone=MilestoneFactory(),
            quarter="Q3 2026",
            rating="fine",
            narrative=" ",
            now=now,
        )
    assert caught.value.fields == {
        "quarter": [messages.QUARTER_INVALID],
        "rating": [messages.RATING_INVALID],
        "narrative": [messages.NARRATIVE_REQUIRED],
    }
    assert not OwnerAssessment.objects.exists()


@pytest.mark.parametrize("role", NON_RECORDERS)
def test_other_roles_may_not_record_an_assessment(make_user, now, role):
    with pytest.raises(NotAllowed):
        owner_assessment_add(
            actor=make_user(role),
            milestone=MilestoneFactory(),
            quarter="2026-Q1",
            rating="on_track",
            narrative="Fine.",
            now=now,
        )
