"""The planning service over real rows."""

from collections import defaultdict
from typing import Any

import pytest

from missionled.cohorts.models import Cohort, Session
from missionled.core.clock import LONDON
from missionled.core.errors import NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.facilitation.models import Assignment, PlanRun
from missionled.facilitation.services.planning import BAD_RANGE, plan_run
from missionled.facilitation.services.profiles import facilitator_profile_get_or_default
from missionled.facilitation.tests.factories import NOW, at, cohort_with, facilitators
from missionled.learning.models import ActionLearningSet

pytestmark = pytest.mark.django_db
LIMIT = 5


def _run(**extra: Any) -> Any:
    options = {"date_from": at(0).date(), "date_to": at(60).date(), "dry_run": False}
    options.update(extra)
    return plan_run(actor=None, now=NOW, time_limit_s=LIMIT, **options)


def _world() -> tuple[Any, Any]:
    """A Practising it cohort and a Leading it cohort of two sets, partly at the same time."""
    practising = cohort_with("practising-it", [at(0), at(7)])
    leading = cohort_with("leading-it", [at(0), at(1), at(8), at(15), at(22)], capacity=12)
    return practising, leading


def test_a_feasible_plan_is_saved_without_double_booking(ref_data: None) -> None:
    _world()
    facilitators(5)
    summary = _run()
    assert summary.feasible
    assert summary.sessions_planned == 7
    rows = list(Assignment.objects.select_related("session"))
    # 4 workshops of 2, 3 set meetings of 2 sets.
    assert len(rows) == 4 * 2 + 3 * 2
    by_person: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_person[row.facilitator_id].append(row.session)
    for sessions in by_person.values():
        for i, first in enumerate(sessions):
            for second in sessions[i + 1 :]:
                overlap = first.starts_at < second.ends_at and second.starts_at < first.ends_at
                assert not overlap
    assert summary.places == len(rows)
    assert AuditEntry.objects.filter(action="facilitation.plan.run").count() == 1


def test_each_set_keeps_its_adviser_for_every_meeting(ref_data: None) -> None:
    _, leading = _world()
    ActionLearningSet.objects.create(cohort=leading, number=1)
    ActionLearningSet.objects.create(cohort=leading, number=2)
    facilitators(5)
    assert _run().feasible
    advisers: dict[int, set[int]] = defaultdict(set)
    for row in Assignment.objects.filter(role="set_adviser"):
        assert row.set_number is not None
        advisers[row.set_number].add(row.facilitator_id)
    assert set(advisers) == {1, 2}
    assert all(len(people) == 1 for people in advisers.values())
    for learning_set in ActionLearningSet.objects.filter(cohort=leading):
        assert learning_set.adviser_id in advisers[learning_set.number]


def test_a_dry_run_saves_no_assignment(ref_data: None) -> None:
    _world()
    facilitators(5)
    summary = _run(dry_run=True)
    assert summary.feasible
    assert summary.places == 14
    assert not Assignment.objects.exists()
    run = PlanRun.objects.get(pk=summary.run_id)
    assert run.dry_run
    assert sum(len(emails) for emails in run.plan.values()) == 14


def test_no_plan_gives_reasons_and_saves_nothing(ref_data: None) -> None:
    cohort_with("understanding-it", [at(0)])
    facilitators(1)
    summary = _run()
    assert not summary.feasible
    assert summary.reasons
    assert "needs 2 facilitators" in summary.reasons[0]
    assert not Assignment.objects.exists()
    assert not PlanRun.objects.get(pk=summary.run_id).feasible


def test_unavailability_and_courses_are_respected(ref_data: None, make_user: Any) -> None:
    cohort_with("understanding-it", [at(0)])
    away, narrow, free, spare = facilitators(4)
    admin = make_user("provider_admin")
    from missionled.facilitation.services.profiles import (
        facilitator_profile_update,
        unavailability_add,
    )

    profile = facilitator_profile_get_or_default(user=away)
    unavailability_add(profile=profile, actor=away, starts_on=at(0).date(), ends_on=at(0).date())
    narrow_profile = facilitator_profile_get_or_default(user=narrow)
    facilitator_profile_update(profile=narrow_profile, actor=admin, data={"courses": []})
    assert _run().feasible
    chosen = set(Assignment.objects.values_list("facilitator_id", flat=True))
    assert chosen == {free.pk, spare.pk}


def test_a_replan_keeps_the_existing_assignments(ref_data: None) -> None:
    _world()
    facilitators(6)
    assert _run().feasible
    before = set(Assignment.objects.values_list("session_id", "facilitator_id", "set_number"))
    again = _run()
    assert again.feasible
    assert again.changes == 0
    after = set(Assignment.objects.values_list("session_id", "facilitator_id", "set_number"))
    assert after == before


def test_a_replan_changes_only_what_leave_forces(ref_data: None) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    # One spare, so the fairest plan can also be the one with fewest changes.
    people = facilitators(5)
    assert _run().feasible
    first = Assignment.objects.filter(session__order=1).first()
    assert first is not None
    leaver = first.facilitator
    profile = facilitator_profile_get_or_default(user=leaver)
    from missionled.facilitation.services.profiles import unavailability_add

    unavailability_add(profile=profile, actor=leaver, starts_on=at(0).date(), ends_on=at(0).date())
    again = _run()
    assert again.feasible
    assert again.changes == 1
    assert not Assignment.objects.filter(session__order=1, facilitator=leaver).exists()
    assert len(people) == 5


def test_only_provider_admins_plan(make_user: Any) -> None:
    with pytest.raises(NotAllowed):
        plan_run(
            date_from=None, date_to=None, dry_run=True, actor=make_user("facilitator"), now=NOW
        )


def test_a_back_to_front_range_is_refused(ref_data: None) -> None:
    with pytest.raises(RuleBroken) as caught:
        _run(date_from=at(5).date(), date_to=at(0).date())
    assert caught.value.message == BAD_RANGE


def test_cancelled_bookings_and_sessions_outside_the_range_are_left_alone(ref_data: None) -> None:
    practising = cohort_with("practising-it", [at(0), at(70)])
    practising.booking.status = "cancelled"
    practising.booking.reason = "Gone"
    practising.booking.save()
    cohort_with("understanding-it", [at(70)])
    facilitators(2)
    summary = _run()
    assert summary.feasible
    assert summary.sessions_planned == 0
    assert not Assignment.objects.exists()


def test_a_new_facilitator_gets_the_default_profile(make_user: Any) -> None:
    profile = facilitator_profile_get_or_default(user=make_user("facilitator"))
    assert profile.may_advise_sets
    assert profile.courses.count() == 3
    assert not profile.unavailabilities.exists()
    with pytest.raises(NotAllowed):
        facilitator_profile_get_or_default(user=make_user("participant"))


def test_a_workshop_moves_to_the_other_half_day_only_when_nothing_else_works(
    ref_data: None,
) -> None:
    # Two first workshops on one morning and only two facilitators; the course's gaps hold.
    first = cohort_with("practising-it", [at(0), at(21)])
    second = cohort_with("practising-it", [at(0), at(22)])
    facilitators(2)
    summary = _run()
    assert summary.feasible
    assert summary.moved == 1
    moved = [
        s
        for s in (first.sessions.get(order=1), second.sessions.get(order=1))
        if s.starts_at.astimezone(at(0).tzinfo).hour == 13
    ]
    assert len(moved) == 1
    assert moved[0].sequence == 1
    assert moved[0].starts_at == at(0, afternoon=True)
    assert AuditEntry.objects.filter(action="facilitation.session.moved").count() == 1
    assert PlanRun.objects.get(pk=summary.run_id).moves[0]["session"] == moved[0].pk


def test_a_dry_run_moves_nothing(ref_data: None) -> None:
    first = cohort_with("practising-it", [at(0), at(21)])
    cohort_with("practising-it", [at(0), at(22)])
    facilitators(2)
    summary = _run(dry_run=True)
    assert summary.moved == 1
    assert first.sessions.get(order=1).starts_at == at(0)
    assert first.sessions.get(order=1).sequence == 0


def test_no_session_moves_when_every_session_can_stay(ref_data: None) -> None:
    cohort_with("practising-it", [at(0), at(21)])
    cohort_with("practising-it", [at(0), at(22)])
    facilitators(4)
    assert _run().moved == 0


def test_a_set_keeps_its_adviser_across_the_edge_of_the_plan(ref_data: None) -> None:
    leading = cohort_with("leading-it", [at(0), at(1), at(29), at(57), at(85)], capacity=10)
    people = facilitators(6)
    first_meeting = leading.sessions.get(order=2)
    adviser = people[4]
    Assignment.objects.create(
        session=first_meeting, facilitator=adviser, role="set_adviser", set_number=1
    )
    summary = _run(date_from=at(2).date(), date_to=at(90).date())
    assert summary.feasible
    later = Assignment.objects.filter(set_number=1).exclude(session=first_meeting)
    assert {a.facilitator_id for a in later} == {adviser.pk}
    assert later.count() == 2


def _workshops_need(course: str, count: int) -> None:
    from missionled.catalogue.models import SessionTemplate

    SessionTemplate.objects.filter(course__slug=course, kind="workshop").update(
        facilitators_needed=count
    )


def test_a_workshop_gets_as_many_facilitators_as_its_template_needs(ref_data: None) -> None:
    _workshops_need("understanding-it", 3)
    cohort = cohort_with("understanding-it", [at(0)])
    facilitators(4)
    summary = _run()
    assert summary.feasible
    staff = list(
        Assignment.objects.filter(session=cohort.sessions.get()).values_list(
            "facilitator_id", flat=True
        )
    )
    assert len(staff) == len(set(staff)) == 3
    assert summary.places == 3


def test_no_plan_counts_the_template_s_need(ref_data: None) -> None:
    _workshops_need("understanding-it", 3)
    cohort_with("understanding-it", [at(0)])
    facilitators(2)
    summary = _run()
    assert not summary.feasible
    assert "needs 3 facilitators; 2 qualified for understanding-it" in summary.reasons[0]


def test_a_session_moves_to_another_day_when_its_own_day_is_full(ref_data: None) -> None:
    # Two facilitators can run two workshops on the Monday; three are booked there, and the
    # third's second workshop leaves it 21 to 35 days' tolerance to move within.
    cohort_with("practising-it", [at(0), at(28)])
    cohort_with("practising-it", [at(0, afternoon=True), at(28, afternoon=True)])
    third = cohort_with("practising-it", [at(0), at(29)])
    facilitators(2)
    summary = _run()
    assert summary.feasible
    assert summary.moved == 1
    moved = [s for s in Session.objects.filter(cohort__in=Cohort.objects.all()) if s.sequence]
    assert len(moved) == 1
    day = moved[0].starts_at.astimezone(LONDON).date()
    assert day != at(0).date()
    assert day.weekday() < 5
    if moved[0].cohort_id == third.pk:
        second = third.sessions.get(order=2).starts_at.date()
        assert 21 <= (second - day).days <= 35
    assert PlanRun.objects.get(pk=summary.run_id).moves[0]["session"] == moved[0].pk


def test_a_set_meeting_moves_with_every_set_of_its_cohort(ref_data: None) -> None:
    # Two one-off workshops, which cannot change day, fill both halves of the sets' day.
    starts = [at(0), at(28), at(56), at(84), at(112)]
    leading = cohort_with("leading-it", starts, capacity=12)
    cohort_with("understanding-it", [at(28)])
    cohort_with("understanding-it", [at(28, afternoon=True)])
    facilitators(2)
    summary = _run(date_to=at(120).date())
    assert summary.feasible, summary.reasons
    meeting = leading.sessions.get(order=2)
    assert meeting.starts_at.date() != at(28).date()
    assert meeting.sequence == 1
    assert AuditEntry.objects.filter(action="facilitation.session.moved").count() == summary.moved
    advisers = Assignment.objects.filter(session=meeting, role="set_adviser")
    assert sorted(advisers.values_list("set_number", flat=True)) == [1, 2]
