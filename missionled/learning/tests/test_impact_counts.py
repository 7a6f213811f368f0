"""Training impact: leaders who completed a course with a challenge linked to the mission."""

from datetime import date, datetime

import pytest

from missionled.attendance.models import Certificate
from missionled.core.clock import LONDON
from missionled.learning.models import Challenge
from missionled.learning.tests.factories import EnrolmentFactory
from missionled.missions.impact import impact_counts
from missionled.missions.models import Mission
from missionled.organisations.models import Department

pytestmark = pytest.mark.django_db


def _leader(cohort, department, *, mission=None, completed=False):
    enrolment = EnrolmentFactory(
        cohort=cohort, department=Department.objects.get(acronym=department)
    )
    if mission is not None:
        Challenge.objects.create(enrolment=enrolment, title="A challenge", mission=mission)
    if completed:
        Certificate.objects.create(
            enrolment=enrolment,
            name=enrolment.name,
            course_title="Leading it",
            completed_on=date(2027, 7, 1),
            issued_at=datetime(2027, 7, 1, 17, tzinfo=LONDON),
        )
    return enrolment


def test_counts_completed_leaders_by_course_and_department(
    leading_cohort, django_assert_num_queries
):
    mission, other = Mission.objects.order_by("order")[:2]
    for _ in range(2):
        _leader(leading_cohort, "DfE", mission=mission, completed=True)
    _leader(leading_cohort, "HMRC", mission=mission, completed=True)
    _leader(leading_cohort, "DfE", mission=mission)  # not completed
    _leader(leading_cohort, "DfE", mission=other, completed=True)  # another mission
    _leader(leading_cohort, "DfE", completed=True)  # no challenge
    with django_assert_num_queries(1):
        counts = impact_counts(mission)
    assert [(c.course_slug, c.department_acronym, c.completed) for c in counts] == [
        ("leading-it", "DfE", 2),
        ("leading-it", "HMRC", 1),
    ]
    assert [(c.department_acronym, c.completed) for c in impact_counts(other)] == [("DfE", 1)]
