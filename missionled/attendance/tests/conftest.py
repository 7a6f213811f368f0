from datetime import timedelta
from typing import Any

import pytest

from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory, cohort_for
from missionled.facilitation.models import Assignment

DURING = FIRST_SESSION + timedelta(minutes=5)
"""A moment while the factory cohort's first session is open."""


@pytest.fixture
def cohort(ref_data: None) -> Any:
    return cohort_for("practising-it", "DfE", capacity=10)


@pytest.fixture
def session(cohort: Any) -> Any:
    return cohort.sessions.get(order=1)


@pytest.fixture
def asha(cohort: Any) -> Any:
    return EnrolmentFactory(
        cohort=cohort,
        name="Asha Patel",
        email="asha.patel@education.gov.uk",
        reasonable_adjustments="Captions on video calls",
    )


@pytest.fixture
def ben(cohort: Any) -> Any:
    return EnrolmentFactory(cohort=cohort, name="Ben Jones", email="ben.jones@education.gov.uk")


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("provider_admin")


def assign(session: Any, facilitator: Any) -> Any:
    """Put `facilitator` on the session, as the planner would."""
    Assignment.objects.create(session=session, facilitator=facilitator, role="workshop")
    return facilitator


@pytest.fixture
def facilitator(make_user: Any, session: Any) -> Any:
    """The facilitator assigned to `session`."""
    return assign(session, make_user("facilitator"))


@pytest.fixture
def stranger(make_user: Any, cohort: Any, session: Any) -> Any:
    """A facilitator assigned to another session of the same cohort, but not to `session`."""
    return assign(cohort.sessions.get(order=2), make_user("facilitator"))
