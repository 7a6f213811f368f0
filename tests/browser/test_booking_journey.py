"""A coordinator requests a closed cohort, the provider confirms it, and the cohort's sessions
download as an iCalendar file; every page on the way passes axe."""

from datetime import timedelta
from pathlib import Path

import pytest

from missionled.core.clock import today
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_request_confirm_and_download_the_calendar(page, sign_in, make_user, tmp_path: Path):
    make_user("coordinator", "DfE", email="dan@dfe.example")
    make_user("provider_admin", email="priya@provider.example")
    start = today() + timedelta(days=60)

    sign_in("dan@dfe.example")
    page.goto("/courses/practising-it/")
    page.get_by_role("button", name="Request a closed booking").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Request a closed booking"
    assert page.get_by_label("Practising it (10 to 30 people)").is_checked()
    assert_accessible(page)

    page.get_by_label("Number of places").fill("31")
    page.get_by_label("Earliest start date").fill(start.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Request booking").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_role(
        "link", name="A cohort of Practising it can have at most 30"
    ).is_visible()
    assert_accessible(page)

    page.get_by_label("Number of places").fill("12")
    page.get_by_role("button", name="Request booking").click()
    assert page.get_by_text("Requested", exact=True).is_visible()
    booking_heading = page.get_by_role("heading", level=1).inner_text()
    assert booking_heading.endswith(": Practising it")
    assert_accessible(page)

    page.goto("/account/")
    page.get_by_role("button", name="Sign out").click()
    sign_in("priya@provider.example")
    page.get_by_role("link", name="Bookings").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=booking_heading.split(":")[0]).click()
    assert_accessible(page)
    page.get_by_role("button", name="Decline booking").click()
    assert page.get_by_role("link", name="Enter a reason for declining").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and schedule sessions").click()
    assert page.get_by_text("Booking confirmed and sessions scheduled").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="View the cohort").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Practising it cohort"
    assert page.get_by_role("row").count() == 3  # A header row and two workshops.
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the sessions to your calendar").click()
    saved = tmp_path / "cohort.ics"
    download_info.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"BEGIN:VCALENDAR")
    assert content.count(b"BEGIN:VEVENT") == 2

    page.get_by_role("link", name="Move Workshop 2").click()
    assert_accessible(page)
