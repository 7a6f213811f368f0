from typing import Any

import pytest

from missionled.cohorts.models import Booking
from missionled.cohorts.services.bookings import booking_confirm
from missionled.cohorts.tests.factories import booking_for


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("provider_admin")


@pytest.fixture
def coordinator(make_user: Any) -> Any:
    return make_user("coordinator", "DfE")


@pytest.fixture
def hmrc_coordinator(make_user: Any) -> Any:
    return make_user("coordinator", "HMRC")


@pytest.fixture
def confirmed(admin: Any) -> Any:
    """A factory for confirmed bookings: confirmed("leading-it", department="HMRC")."""

    def make(course: str = "practising-it", **extra: Any) -> Booking:
        booking = booking_for(course, **extra)
        return booking_confirm(booking=booking, actor=admin)

    return make
