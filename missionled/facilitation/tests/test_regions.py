"""Regions: one list for profiles and venues, the migration to it, and travel in the plan."""

import importlib
from typing import Any

import pytest
from django.apps import apps

from missionled.cohorts.models import Region
from missionled.facilitation.models import REGIONS, Assignment
from missionled.facilitation.services.planning import plan_run
from missionled.facilitation.services.profiles import (
    facilitator_profile_get_or_default,
    facilitator_profile_update,
)
from missionled.facilitation.tests.factories import NOW, at, cohort_with, facilitators

pytestmark = pytest.mark.django_db
profiles_migration = importlib.import_module(
    "missionled.facilitation.migrations.0003_profile_regions_itl1"
)
bookings_migration = importlib.import_module(
    "missionled.cohorts.migrations.0004_booking_venue_region"
)


def _run() -> Any:
    return plan_run(
        date_from=at(0).date(), date_to=at(6).date(), dry_run=False, actor=None, now=NOW,
        time_limit_s=5,
    )  # fmt: skip


def test_profiles_and_venues_choose_from_the_twelve_itl1_regions() -> None:
    assert tuple(Region.values) == REGIONS
    assert len(REGIONS) == 12
    assert {"London", "Scotland", "Northern Ireland", "Yorkshire and The Humber"} <= set(REGIONS)
    # The migration keeps its own copy; it must match the list it migrates to.
    assert profiles_migration.REGIONS == REGIONS


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["London", "Scotland", "Northern Ireland"], list(REGIONS)),
        (["Scotland", "London"], ["London", "Scotland"]),
        (["Northern Ireland"], ["Northern Ireland"]),
        (["London", "Narnia"], ["London"]),
        ([], []),
    ],
)
def test_old_profile_regions_migrate_keeping_their_names(
    ref_data: None, before: list[str], after: list[str]
) -> None:
    profile = facilitator_profile_get_or_default(user=facilitators(1)[0])
    profile.regions = before
    profile.save()
    profiles_migration.profiles_to_itl1(apps, None)
    profile.refresh_from_db()
    assert profile.regions == after


@pytest.mark.parametrize(
    ("holidays", "region"),
    [
        ("england-and-wales", "London"),
        ("scotland", "Scotland"),
        ("northern-ireland", "Northern Ireland"),
    ],
)
def test_old_face_to_face_bookings_keep_the_region_the_planner_gave_them(
    holidays: str, region: str
) -> None:
    # The database no longer holds a face-to-face booking without a region, so the rule the
    # migration fills them in by is checked on its own.
    assert bookings_migration.region_before(holidays) == region


def _two_workshops(first: str, second: str) -> None:
    """Two Leading it workshops on one Monday: one in the morning, one in the afternoon, half
    an hour apart, each needing two facilitators."""
    cohort_with("leading-it", [at(0)], venue_region=first)
    cohort_with("leading-it", [at(0, afternoon=True)], venue_region=second)


def test_sessions_in_different_regions_on_one_day_cannot_share_a_facilitator(
    ref_data: None,
) -> None:
    _two_workshops("London", "North West")
    facilitators(4)
    assert _run().feasible
    by_person: dict[int, set[str]] = {}
    for row in Assignment.objects.select_related("session__cohort__booking"):
        region = row.session.cohort.booking.venue_region
        by_person.setdefault(row.facilitator_id, set()).add(region)
    assert len(by_person) == 4
    assert all(len(regions) == 1 for regions in by_person.values())


def test_sessions_in_one_region_on_one_day_can_share_a_facilitator(ref_data: None) -> None:
    _two_workshops("North West", "North West")
    facilitators(2)
    assert _run().feasible
    assert Assignment.objects.count() == 4
    assert Assignment.objects.values("facilitator").distinct().count() == 2


def test_no_plan_for_lack_of_travel_time_says_so_in_words_to_act_on(ref_data: None) -> None:
    _two_workshops("London", "North West")
    facilitators(2)
    summary = _run()
    assert not summary.feasible
    reason = summary.reasons[0]
    assert "120 minutes to travel between face to face sessions in different regions" in reason
    assert "Monday 1 March 2027 (London and North West)" in reason
    assert "Add facilitators who cover those regions" in reason
    assert not Assignment.objects.exists()


def test_facilitators_only_get_face_to_face_sessions_in_regions_they_deliver_in(
    ref_data: None, make_user: Any
) -> None:
    cohort_with("leading-it", [at(0)], venue_region="Wales")
    admin = make_user("provider_admin")
    people = facilitators(4)
    covers = [["London"], ["London"], ["Wales"], ["Wales", "London"]]
    for person, regions in zip(people, covers, strict=True):
        profile = facilitator_profile_get_or_default(user=person)
        facilitator_profile_update(profile=profile, actor=admin, data={"regions": regions})
    assert _run().feasible
    chosen = set(Assignment.objects.values_list("facilitator_id", flat=True))
    assert chosen == {people[2].pk, people[3].pk}
