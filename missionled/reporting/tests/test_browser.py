"""The dashboards and the feedback form in a real browser: charts load as images, and axe finds
nothing on any page. Uses the shared browser harness in tests/browser."""

from unittest import mock

import pytest

from missionled.evaluation.tests.factories import AFTER, place_for
from missionled.reporting.tests.factories import course_feedback, department_cohort
from tests.browser.fixtures import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_reads_the_dashboards_and_downloads_a_table(page, sign_in, make_user):
    cohort = department_cohort("DfE", 6, "Policy")
    course_feedback(cohort, 5)
    make_user("provider_admin", email="pa@example.gov.uk")
    page.goto("/", timeout=60_000)  # the server's first request loads every URL module
    sign_in("pa@example.gov.uk")
    page.goto("/reports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Programme reports"
    chart = page.get_by_role("img", name="Bar chart of feedback ratings by course").first
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    page.get_by_label("Course", exact=True).select_option("practising-it")
    page.get_by_role("button", name="Apply filters").click()
    assert "course=practising-it" in page.url
    assert_accessible(page)
    page.goto("/reports/department/?date_from=not-a-date")
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)


def test_participant_fixes_a_feedback_form(page, sign_in, make_user):
    user = make_user("participant", email="pp@example.gov.uk")
    enrolment = place_for(user)
    page.goto("/", timeout=60_000)
    sign_in("pp@example.gov.uk")
    with mock.patch("missionled.evaluation.views.now", return_value=AFTER):
        page.goto(f"/evaluation/enrolments/{enrolment.pk}/feedback/")
        assert_accessible(page)
        page.get_by_role("button", name="Send").click()
        assert page.get_by_text("There is a problem").is_visible()
        assert_accessible(page)
        page.get_by_role("group", name="How relevant was it to your work?").get_by_label(
            "5 (very good)"
        ).check()
        page.get_by_role("group", name="How good was the delivery?").get_by_label(
            "4 (good)"
        ).check()
        page.get_by_role(
            "group", name="How likely are you to recommend it to a colleague?"
        ).get_by_label("4 (good)").check()
        page.get_by_role("button", name="Send").click()
        assert page.get_by_text("Your feedback has been saved").is_visible()
        assert_accessible(page)
