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


def test_the_demo_world_is_planned_once_so_the_demo_facilitator_has_a_roster(
    monkeypatch: Any, page_client_for: Any
) -> None:
    from datetime import date

    from django.urls import reverse

    from missionled.cohorts.services import demo as bookings_demo
    from missionled.core.seeding import demo_load
    from missionled.facilitation.models import Assignment, PlanRun
    from missionled.facilitation.services.demo import planning_demo_load
    from missionled.organisations.models import User

    monkeypatch.setattr(bookings_demo, "clock_today", lambda: date(2027, 1, 6))
    assert demo_load() is True
    assert PlanRun.objects.count() == 1
    mine = Assignment.objects.filter(facilitator__email=DEMO_FACILITATOR)
    assert mine.exists()
    client = page_client_for(User.objects.get(email=DEMO_FACILITATOR))
    response = client.get(reverse("attendance:roster", args=[mine.first().session_id]))
    assert response.status_code == 200

    planned = Assignment.objects.count()
    assert planning_demo_load() is False
    assert PlanRun.objects.count() == 1
    assert Assignment.objects.count() == planned
