"""The demo world's participants: twelve believable leaders in one confirmed cohort, once."""

from datetime import date
from typing import Any

from missionled.cohorts.models import Cohort
from missionled.cohorts.services import demo as bookings_demo
from missionled.core.seeding import demo_load
from missionled.enrolments.demo import DEMO_PARTICIPANT, enrolments_demo_load
from missionled.enrolments.models import Enrolment
from missionled.organisations.models import User


def test_the_demo_cohort_is_filled_with_believable_people_once(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(bookings_demo, "clock_today", lambda: date(2027, 1, 6))
    assert demo_load() is True
    cohort = Cohort.objects.get(department__acronym="DfE", course__slug="leading-it")
    enrolments = list(cohort.enrolments.order_by("sequence"))
    assert len(enrolments) == 12
    assert {e.status for e in enrolments} == {Enrolment.Status.ENROLLED}
    assert [e.sequence for e in enrolments] == list(range(1, 13))
    assert {e.grade.code for e in enrolments} == {"G7", "G6", "SCS1", "SCS2"}
    assert len({e.profession_id for e in enrolments if e.profession_id}) >= 8
    sam = next(e for e in enrolments if e.email == DEMO_PARTICIPANT)
    assert sam.user == User.objects.get(email=DEMO_PARTICIPANT)
    assert Enrolment.objects.exclude(cohort=cohort).count() == 0

    assert enrolments_demo_load() is False
    assert demo_load() is False
    assert cohort.enrolments.count() == 12


def test_without_the_demo_participant_or_the_cohort_nobody_is_invented(db: Any) -> None:
    assert enrolments_demo_load() is False
    assert Enrolment.objects.count() == 0
