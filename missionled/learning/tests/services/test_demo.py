import pytest

from missionled.learning.models import Challenge
from missionled.learning.services.demo import challenges_demo_load
from missionled.learning.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_demo_challenges_are_added_once(leading_cohort):
    assert challenges_demo_load() is False  # no demo enrolment yet
    EnrolmentFactory(cohort=leading_cohort, email="participant@dfe.example")
    assert challenges_demo_load() is True
    assert challenges_demo_load() is False
    challenge = Challenge.objects.get()
    assert challenge.milestone is None or challenge.milestone.mission == challenge.mission
    assert challenge.stakeholders_map.count() == 1
