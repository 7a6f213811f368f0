"""Making, resetting and turning off a calendar link in a real browser; every page passes axe."""

from typing import Any

import pytest

from missionled.attendance.models import CalendarFeed
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_makes_resets_and_turns_off_their_calendar_link(
    page: Any, sign_in: Any, make_user: Any, live_server: Any
) -> None:
    cohort = cohort_for("practising-it", "DfE")
    EnrolmentFactory(cohort=cohort, name="Asha Patel", email="asha@education.gov.uk")
    make_user("participant", email="asha@education.gov.uk")
    sign_in("asha@education.gov.uk")
    page.goto("/me/")
    page.get_by_role("button", name="Create a calendar link").click()
    assert page.get_by_role("heading", name="Your calendar link is ready").is_visible()
    assert_accessible(page)
    first = page.get_by_label("Your private calendar link").input_value()
    assert first.startswith(f"{live_server.url}/calendar/")
    feed = page.request.get(first)
    assert feed.status == 200
    assert "BEGIN:VCALENDAR" in feed.text()
    page.get_by_role("link", name="Go back to My learning").click()
    assert_accessible(page)
    page.get_by_role("button", name="Reset the calendar link").click()
    second = page.get_by_label("Your private calendar link").input_value()
    assert second != first
    assert page.request.get(first).status == 404
    page.goto("/me/")
    page.get_by_role("button", name="Turn off the calendar link").click()
    assert page.get_by_text("Your calendar link is turned off").is_visible()
    assert_accessible(page)
    assert page.request.get(second).status == 404
    assert not CalendarFeed.objects.get().is_on
