from typing import Any

import pytest

from missionled.core.errors import Conflict, NotAllowed, NotFound, RuleBroken
from missionled.core.models import AuditEntry
from missionled.enrolments import hooks
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import cohort_counts, enrolment_waitlist_position
from missionled.enrolments.services.enrolments import (
    ALREADY_IN_COHORT,
    OVERRIDE_PROVIDER_ONLY,
    enrolment_create,
)
from missionled.enrolments.services.people import EMAIL_INVALID, NAME_REQUIRED
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for
from missionled.organisations.models import Grade

pytestmark = pytest.mark.django_db
NOW = BEFORE_START


def _enrol(cohort: Any, actor: Any, email: str, grade: Any, **extra: Any) -> Enrolment:
    return enrolment_create(
        cohort=cohort, name="Ada Lovelace", email=email, grade=grade, actor=actor, now=NOW, **extra
    )


def test_an_eligible_participant_is_enrolled_with_an_audit_entry(coordinator, g7):
    cohort = cohort_for()
    enrolment = _enrol(cohort, coordinator, "Ada@Example.GOV.UK", g7, team="Schools")
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.email == "ada@example.gov.uk"
    assert enrolment.department == cohort.department
    assert enrolment.team == "Schools"
    entry = AuditEntry.objects.get(action="enrolments.enrolment.created")
    assert entry.actor == coordinator
    assert entry.payload["status"] == "enrolled"


@pytest.mark.parametrize("code", ["G7", "G6", "SCS1", "SCS2"])
def test_grade_7_to_director_are_eligible(coordinator, code):
    enrolment = _enrol(cohort_for(), coordinator, "a@example.gov.uk", Grade.objects.get(code=code))
    assert enrolment.status == Enrolment.Status.ENROLLED


@pytest.mark.parametrize("code", ["AA", "AO", "EO", "HEO", "SEO", "SCS3", "PS"])
def test_other_grades_are_refused_naming_the_grade_rule(coordinator, code):
    grade = Grade.objects.get(code=code)
    with pytest.raises(RuleBroken) as caught:
        _enrol(cohort_for(), coordinator, "a@example.gov.uk", grade)
    assert caught.value.code == "ineligible_grade"
    assert "Grade 7 to Director (G7, G6, SCS1, SCS2)" in caught.value.message
    assert f"({code})" in caught.value.message
    assert caught.value.fields == {"grade": [caught.value.message]}
    assert not Enrolment.objects.exists()


def test_a_provider_admin_may_override_eligibility_and_the_reason_is_recorded(admin, seo):
    enrolment = _enrol(cohort_for(), admin, "a@example.gov.uk", seo, override_reason=" Acting G7 ")
    assert enrolment.eligibility_override_reason == "Acting G7"
    entry = AuditEntry.objects.get(action="enrolments.enrolment.created")
    assert entry.payload["eligibility_override_reason"] == "Acting G7"


def test_a_coordinator_may_not_override_eligibility(coordinator, seo):
    with pytest.raises(NotAllowed, match=OVERRIDE_PROVIDER_ONLY):
        _enrol(cohort_for(), coordinator, "a@example.gov.uk", seo, override_reason="Acting G7")


def test_an_override_reason_for_an_eligible_grade_is_not_kept(admin, g7):
    enrolment = _enrol(cohort_for(), admin, "a@example.gov.uk", g7, override_reason="no need")
    assert enrolment.eligibility_override_reason == ""


def test_places_fill_then_the_waiting_list_in_arrival_order(coordinator, g7):
    cohort = cohort_for(capacity=10)
    made = [_enrol(cohort, coordinator, f"p{n}@example.gov.uk", g7) for n in range(13)]
    assert [e.status for e in made].count(Enrolment.Status.ENROLLED) == 10
    assert [enrolment_waitlist_position(e) for e in made[10:]] == [1, 2, 3]
    assert cohort_counts(cohort) == (10, 3)


def test_the_same_email_cannot_hold_two_active_places(coordinator, g7):
    cohort = cohort_for()
    _enrol(cohort, coordinator, "a@example.gov.uk", g7)
    with pytest.raises(RuleBroken) as caught:
        _enrol(cohort, coordinator, "A@example.gov.uk", g7)
    assert caught.value.message == ALREADY_IN_COHORT.format(
        email="a@example.gov.uk", status="enrolled"
    )


def test_a_withdrawn_person_may_be_named_again(coordinator, g7):
    cohort = cohort_for()
    EnrolmentFactory(cohort=cohort, email="a@example.gov.uk", status="withdrawn")
    assert _enrol(cohort, coordinator, "a@example.gov.uk", g7).status == "enrolled"


@pytest.mark.parametrize(
    ("name", "email", "field", "message"),
    [
        ("", "a@example.gov.uk", "name", NAME_REQUIRED),
        ("Ada", "not-an-email", "email", EMAIL_INVALID),
    ],
)
def test_bad_details_are_refused_by_field(coordinator, g7, name, email, field, message):
    with pytest.raises(RuleBroken) as caught:
        enrolment_create(
            cohort=cohort_for(), name=name, email=email, grade=g7, actor=coordinator, now=NOW
        )
    assert caught.value.fields == {field: [message]}


@pytest.mark.parametrize("role", ["facilitator", "participant", "mission_analyst"])
def test_other_roles_may_not_name_participants(make_user, g7, role):
    with pytest.raises(NotAllowed):
        _enrol(cohort_for(), make_user(role), "a@example.gov.uk", g7)


def test_another_departments_cohort_is_not_found(hmrc_coordinator, g7):
    with pytest.raises(NotFound):
        _enrol(cohort_for(department="DfE"), hmrc_coordinator, "a@example.gov.uk", g7)


def test_a_cancelled_cohort_takes_nobody(coordinator, g7):
    cohort = cohort_for()
    cohort.booking.status = "cancelled"
    cohort.booking.reason = "Budget"
    cohort.booking.save()
    with pytest.raises(Conflict):
        _enrol(cohort, coordinator, "a@example.gov.uk", g7)


def test_a_participant_user_with_that_email_is_linked(coordinator, make_user, g7):
    user = make_user("participant", email="ada@example.gov.uk")
    assert _enrol(cohort_for(), coordinator, "ADA@example.gov.uk", g7).user == user


def test_the_created_hook_runs_only_after_commit(
    coordinator, g7, monkeypatch, django_capture_on_commit_callbacks
):
    seen: list[Enrolment] = []
    monkeypatch.setattr(hooks, "enrolment_created_notify", seen.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _enrol(cohort_for(), coordinator, "a@example.gov.uk", g7)
    assert seen == []
    for callback in callbacks:
        callback()
    assert [e.email for e in seen] == ["a@example.gov.uk"]


def test_a_participant_account_made_later_is_linked_by_email(coordinator, make_user, g7):
    from missionled.enrolments.services.enrolments import enrolments_link_user

    enrolment = _enrol(cohort_for(), coordinator, "ada@example.gov.uk", g7)
    user = make_user("participant", email="ada@example.gov.uk")
    assert enrolments_link_user(user=user) == 1
    enrolment.refresh_from_db()
    assert enrolment.user == user
    assert enrolments_link_user(user=make_user("facilitator", email="x@example.gov.uk")) == 0
