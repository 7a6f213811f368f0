"""Set formation, a set page and a participant's own pages in a real browser; every page
passes axe. Runs with the browser journeys (`-m browser`)."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from missionled.learning.services.sets import set_sessions
from tests.browser.fixtures import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_provider_forms_sets_and_meets_a_conflict(
    page: Any,
    sign_in: Any,
    admin: Any,
    leading_cohort: Any,
    fourteen: Any,
) -> None:
    sign_in(admin.email)
    page.goto(f"/cohorts/{leading_cohort.pk}/sets/")
    assert_accessible(page)
    pair = f"{fourteen[0].email}, {fourteen[1].email}"
    page.get_by_label("People to keep apart").fill(pair)
    page.get_by_label("People to keep together").fill(pair)
    page.get_by_role("button", name="Form sets").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("People to keep together").fill("")
    page.get_by_role("button", name="Form sets").click()
    assert page.get_by_text("Mix score").is_visible()
    assert_accessible(page)


def test_a_participant_keeps_their_challenge_and_reflects(
    page: Any,
    sign_in: Any,
    world: Any,
) -> None:
    start = timezone.now() - timedelta(days=1)
    meeting = set_sessions(world.cohort).first()
    meeting.starts_at, meeting.ends_at = start, start + timedelta(hours=3)
    meeting.save()
    sign_in(world.member.email)
    page.goto("/me/learning/")
    assert_accessible(page)
    page.get_by_role("link", name="Write your challenge").click()
    page.get_by_label("Title").fill("Join up family services")
    page.get_by_label("The mission it serves").select_option(world.mission.slug)
    page.get_by_role("button", name="Save challenge").click()
    assert_accessible(page)
    page.get_by_role("link", name="Stakeholder map").click()
    page.get_by_label("Name or role").fill("Minister")
    page.get_by_role("group", name="Their power over the challenge").get_by_label("High").check()
    page.get_by_role("group", name="Their interest in the challenge").get_by_label("Low").check()
    page.get_by_role("button", name="Add to the map").click()
    assert page.get_by_text("Keep satisfied").is_visible()
    assert_accessible(page)
    page.goto("/me/learning/experiments/")
    page.get_by_role("button", name="Log experiment").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.goto("/me/learning/reflections/new/")
    assert_accessible(page)
    page.goto("/me/learning/delete/")
    assert_accessible(page)
    page.goto(f"/sets/{world.sets[0].pk}/")
    assert_accessible(page)
