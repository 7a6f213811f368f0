"""Planning and a facilitator's pages in a real browser: the load chart loads as an image, and
axe finds nothing on any page. Uses the shared browser harness in tests/browser."""

import pytest

from missionled.facilitation.tests.factories import at, cohort_with, facilitators
from tests.browser.fixtures import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_runs_the_plan_and_reads_it(page, sign_in, make_user, settings):
    settings.PLAN_TIME_LIMIT_S = 5
    cohort_with("practising-it", [at(0), at(28)])
    facilitators(3)
    make_user("provider_admin", email="pa@example.gov.uk")
    page.goto("/", timeout=60_000)  # the server's first request loads every URL module
    sign_in("pa@example.gov.uk")
    page.goto("/facilitation/planning/")
    assert_accessible(page)
    page.get_by_label("First day").fill("01/03/2027")
    page.get_by_label("Last day").fill("31/05/2027")
    page.get_by_label("Dry run: show the plan without saving it").uncheck()
    page.get_by_role("button", name="Run the plan").click()
    assert page.get_by_role("heading", name="Saved plan").is_visible()
    chart = page.locator("img.facilitation-chart")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    page.get_by_label("First day").fill("31/05/2027")
    page.get_by_label("Last day").fill("01/03/2027")
    page.get_by_role("button", name="Run the plan").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)


def test_facilitator_reads_sessions_and_adds_leave(page, sign_in, make_user):
    make_user("facilitator", email="fa@example.gov.uk")
    page.goto("/", timeout=60_000)
    sign_in("fa@example.gov.uk")
    page.goto("/facilitation/me/")
    assert_accessible(page)
    page.get_by_role("link", name="Tell us when you are unavailable").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add days unavailable").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("First day away").fill("01/03/2027")
    page.get_by_label("Last day away").fill("05/03/2027")
    page.get_by_role("button", name="Add days unavailable").click()
    assert page.get_by_text("Unavailability added").is_visible()
    assert_accessible(page)
