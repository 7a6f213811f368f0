"""The completion rule per course, as data, and catch-up sessions in another cohort."""

from typing import Any

import pytest

from missionled.attendance.models import Attendance, CompletionRule
from missionled.attendance.services.completion import (
    Rule,
    completion_evaluate,
    completion_rule_for,
    enrolment_completion,
)
from missionled.core.clock import LONDON
from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory, cohort_for

W, S = "workshop", "action_learning_set"
LEADING = [(W, True), (S, True), (S, True), (S, False), (W, True)]


@pytest.mark.parametrize(
    ("sessions", "complete"),
    [
        ([(W, True)], True),
        ([(W, False)], False),
        ([(W, True), (W, True)], True),
        ([(W, True), (W, False)], False),
        ([], False),
    ],
)
def test_the_default_rule_is_every_workshop_attended(
    sessions: list[tuple[str, bool]], complete: bool
) -> None:
    assert completion_evaluate(Rule(), sessions).complete is complete


@pytest.mark.parametrize(
    ("sessions", "complete"),
    [
        (LEADING, True),
        ([(W, True), (S, True), (S, False), (S, False), (W, True)], False),
        ([(W, True), (S, True), (S, True), (S, True), (W, False)], False),
        ([(W, True), (S, True), (S, True), (S, True), (W, True)], True),
    ],
)
def test_leading_it_also_needs_two_of_three_action_learning_sets(
    sessions: list[tuple[str, bool]], complete: bool
) -> None:
    result = completion_evaluate(Rule(min_action_learning_sets=2), sessions)
    assert result.complete is complete
    assert (result.workshops_total, result.sets_total, result.sets_needed) == (2, 3, 2)


@pytest.mark.parametrize(
    ("slug", "rule"),
    [
        ("understanding-it", Rule()),
        ("practising-it", Rule()),
        ("leading-it", Rule(all_workshops=True, min_action_learning_sets=2)),
    ],
)
def test_each_course_has_its_rule(slug: str, rule: Rule, db: Any) -> None:
    assert completion_rule_for(slug) == rule


def test_a_completion_rule_row_overrides_the_built_in_rule(db: Any) -> None:
    CompletionRule.objects.create(course_slug="leading-it", min_action_learning_sets=3)
    assert completion_rule_for("leading-it") == Rule(min_action_learning_sets=3)


def _attend(enrolment: Any, session: Any, status: str = "present") -> None:
    Attendance.objects.create(
        session=session, enrolment=enrolment, status=status, marked_at=session.ends_at
    )


def test_a_catch_up_in_another_cohort_of_the_same_course_counts(ref_data: None) -> None:
    own = cohort_for("practising-it", "DfE")
    other = cohort_for("practising-it", "HMRC")
    elsewhere = cohort_for("understanding-it", "HMRC")
    person = EnrolmentFactory(cohort=own, email="cat@education.gov.uk")
    _attend(person, own.sessions.get(order=1))
    assert not enrolment_completion(person).complete
    _attend(
        EnrolmentFactory(cohort=elsewhere, email="cat@education.gov.uk"),
        elsewhere.sessions.get(order=2),
    )
    assert not enrolment_completion(person).complete
    catch_up = EnrolmentFactory(cohort=other, email="cat@education.gov.uk")
    _attend(catch_up, other.sessions.get(order=2), "late")
    result = enrolment_completion(person)
    assert result.complete
    assert result.workshops_attended == 2


def test_absent_and_excused_do_not_count(ref_data: None) -> None:
    cohort = cohort_for("practising-it", "DfE")
    person = EnrolmentFactory(cohort=cohort)
    _attend(person, cohort.sessions.get(order=1), "excused")
    _attend(person, cohort.sessions.get(order=2), "absent")
    assert enrolment_completion(person).workshops_attended == 0
    assert FIRST_SESSION.tzinfo is LONDON
