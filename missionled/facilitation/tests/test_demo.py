"""The demo loader gives the demo facilitator a profile and adds a pool, once."""

from typing import Any

import pytest

from missionled.facilitation.models import FacilitatorProfile
from missionled.facilitation.services.demo import (
    DEMO_FACILITATOR,
    DEMO_FACILITATORS,
    facilitation_demo_load,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loader_is_idempotent(make_user: Any) -> None:
    make_user("facilitator", email=DEMO_FACILITATOR)
    assert facilitation_demo_load() is True
    assert FacilitatorProfile.objects.count() == len(DEMO_FACILITATORS) + 1
    assert FacilitatorProfile.objects.get(user__email=DEMO_FACILITATOR).courses.count() == 3
    assert facilitation_demo_load() is False
    assert FacilitatorProfile.objects.count() == len(DEMO_FACILITATORS) + 1
