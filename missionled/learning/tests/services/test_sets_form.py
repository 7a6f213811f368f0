from datetime import timedelta

import pytest

from missionled.cohorts.services.bookings import booking_confirm
from missionled.cohorts.tests.factories import booking_for
from missionled.core.audit import audit_entries_for
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.learning.models import ActionLearningSet, PresenterSlot, SetMembership
from missionled.learning.services import sets as sets_service
from missionled.learning.services.sets import set_sessions
from missionled.learning.tests.conftest import BEFORE, form
from missionled.learning.tests.factories import enrol_many

pytestmark = pytest.mark.django_db


def test_formation_is_saved_with_its_metadata_and_rota(admin, leading_cohort, fourteen):
    """Fourteen people make two sets of seven; everyone presents once across three meetings."""
    result = form(leading_cohort, admin, seed=3)
    sets = list(ActionLearningSet.objects.filter(cohort=leading_cohort))
    assert [s.memberships.count() for s in sets] == [7, 7]
    assert SetMembership.objects.filter(learning_set__cohort=leading_cohort).count() == 14
    assert {s.score for s in sets} == {result.score}
    assert all(s.seed == 3 and s.explanations for s in sets)
    meetings = list(set_sessions(leading_cohort))
    assert len(meetings) == 3
    for learning_set in sets:
        slots = PresenterSlot.objects.filter(learning_set=learning_set)
        assert slots.count() == 7
        assert {slot.session_id for slot in slots} == {m.pk for m in meetings}
    entry = audit_entries_for(leading_cohort).get(action="learning.sets.formed")
    assert entry.actor == admin
    assert entry.payload["score"] == result.score


def test_same_seed_same_sets(admin, leading_cohort, fourteen):
    first = form(leading_cohort, admin, seed=5)
    before = [sorted(m.enrolment_id for m in s.memberships.all()) for s in first.sets]
    second = form(leading_cohort, admin, seed=5)
    after = [sorted(m.enrolment_id for m in s.memberships.all()) for s in second.sets]
    assert before == after
    assert ActionLearningSet.objects.filter(cohort=leading_cohort).count() == 2


def test_keep_apart_and_together_hold(admin, leading_cohort, fourteen):
    a, b, c = fourteen[0].email, fourteen[1].email, fourteen[4].email
    form(leading_cohort, admin, keep_apart=[[a, b]], keep_together=[[a.upper(), c]])

    def set_of(email):
        return SetMembership.objects.get(enrolment__email=email).learning_set_id

    assert set_of(a) != set_of(b)
    assert set_of(a) == set_of(c)


def test_reforming_is_refused_once_the_first_set_has_met(admin, leading_cohort, fourteen):
    form(leading_cohort, admin)
    first = set_sessions(leading_cohort).first()
    with pytest.raises(Conflict) as caught:
        sets_service.sets_form(
            cohort=leading_cohort,
            keep_apart=[],
            keep_together=[],
            actor=admin,
            now=first.starts_at + timedelta(minutes=1),
            time_limit_s=2,
        )
    assert "can no longer be re-formed" in caught.value.message


def test_conflicting_requests_are_named(admin, leading_cohort, fourteen):
    a, b = fourteen[0], fourteen[1]
    with pytest.raises(RuleBroken) as caught:
        form(
            leading_cohort,
            admin,
            keep_apart=[[a.email, b.email]],
            keep_together=[[a.email, b.email]],
        )
    assert caught.value.code == "constraints_conflict"
    assert caught.value.status == 422
    assert a.name in caught.value.message
    assert b.name in caught.value.message
    assert caught.value.fields["constraints"]
    assert not ActionLearningSet.objects.filter(cohort=leading_cohort).exists()


def test_unknown_emails_are_named(admin, leading_cohort, fourteen):
    with pytest.raises(RuleBroken) as caught:
        form(leading_cohort, admin, keep_apart=[[fourteen[0].email, "nobody@example.gov.uk"]])
    assert "nobody@example.gov.uk" in caught.value.message


def test_other_courses_have_no_sets(admin):
    booking = booking_confirm(booking=booking_for("practising-it"), actor=admin)
    enrol_many(booking.cohort, 12)
    with pytest.raises(RuleBroken) as caught:
        form(booking.cohort, admin)
    assert caught.value.code == "not_leading_it"


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_forms_sets(make_user, leading_cohort, fourteen, role):
    with pytest.raises(NotAllowed):
        form(leading_cohort, make_user(role))


def test_too_few_people(admin, leading_cohort):
    enrol_many(leading_cohort, 3)
    with pytest.raises(RuleBroken) as caught:
        form(leading_cohort, admin)
    assert caught.value.code == "too_few_members"


def test_advisers_are_free_facilitators_one_per_set(make_user, admin, leading_cohort, fourteen):
    f1, f2 = make_user("facilitator"), make_user("facilitator")
    result = form(leading_cohort, admin)
    assert {s.adviser for s in result.sets} == {f1, f2}
    assert result.adviser_note == ""


def test_an_adviser_busy_at_the_same_times_is_not_chosen(
    make_user, admin, leading_cohort, fourteen
):
    only = make_user("facilitator")
    other = booking_confirm(booking=booking_for("leading-it", expected_size=14), actor=admin).cohort
    enrol_many(other, 8)
    first = form(other, admin)
    assert first.sets[0].adviser == only
    result = form(leading_cohort, admin)
    assert [s.adviser for s in result.sets] == [None, None]
    assert "2 of 2 sets have no adviser" in result.adviser_note


def test_withdrawn_people_are_not_placed(admin, leading_cohort, fourteen):
    fourteen[0].status = "withdrawn"
    fourteen[0].save()
    result = form(leading_cohort, admin)
    assert sum(s.memberships.count() for s in result.sets) == 13
    assert set_sessions(leading_cohort).first().starts_at > BEFORE


def test_unknown_emails_are_placed_on_the_list_that_names_them(admin, leading_cohort, fourteen):
    with pytest.raises(RuleBroken) as caught:
        form(leading_cohort, admin, keep_together=[[fourteen[0].email, "ghost@example.gov.uk"]])
    assert list(caught.value.fields) == ["keep_together"]
