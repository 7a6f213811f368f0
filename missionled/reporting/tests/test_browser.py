"""The dashboards, the free-text page and the feedback and follow-up forms in a real browser:
charts load as images, and axe finds
nothing on any page. Uses the shared browser harness in tests/browser."""

from datetime import date, datetime
from unittest import mock

import pytest

from missionled.cohorts.models import Booking
from missionled.core.clock import LONDON
from missionled.evaluation.models import Feedback, FollowUp
from missionled.evaluation.tests.factories import (
    AFTER,
    DURING,
    certificate_for,
    feedback_for,
    place_for,
)
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


def test_provider_reads_what_participants_wrote(page, sign_in, make_user):
    cohort = department_cohort("DfE", 2, "Policy")
    first, second = cohort.enrolments.order_by("pk")
    feedback_for(first)
    Feedback.objects.filter(enrolment=first).update(comments="Useful")
    FollowUp.objects.create(
        enrolment=second, due_on=date(2027, 6, 15), answer="I test first.", answered_at=AFTER
    )
    make_user("provider_admin", email="pa@example.gov.uk")
    page.goto("/", timeout=60_000)
    sign_in("pa@example.gov.uk")
    page.goto("/reports/provider/")
    page.get_by_role("link", name="Read what participants wrote").click()
    assert page.get_by_role("cell", name="Useful").is_visible()
    assert_accessible(page)
    page.get_by_label("What to read", exact=True).select_option("follow_up")
    page.get_by_role("button", name="Apply filters").click()
    assert "show=follow_up" in page.url
    assert page.get_by_role("cell", name="I test first.").is_visible()
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


def test_participant_gives_workshop_feedback(page, sign_in, make_user):
    user = make_user("participant", email="pw@example.gov.uk")
    enrolment = place_for(user)
    first = enrolment.cohort.sessions.get(order=1)
    page.goto("/", timeout=60_000)
    sign_in("pw@example.gov.uk")
    with mock.patch("missionled.evaluation.views.now", return_value=DURING):
        page.goto("/evaluation/")
        page.get_by_role("link", name="Give feedback on Workshop 1").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Feedback on Workshop 1"
        assert_accessible(page)
        for group in [
            "How relevant was it to your work?",
            "How good was the delivery?",
            "How likely are you to recommend it to a colleague?",
        ]:
            page.get_by_role("group", name=group).get_by_label("4 (good)").check()
        page.get_by_role("button", name="Send").click()
        assert page.get_by_text("Workshop 1: feedback given").is_visible()
        assert_accessible(page)
    assert Feedback.objects.get().session == first


def test_participant_answers_the_follow_up_once_it_is_due(page, sign_in, make_user):
    user = make_user("participant", email="pf@example.gov.uk")
    enrolment = place_for(user)
    Booking.objects.filter(pk=enrolment.cohort.booking_id).update(status="completed")
    certificate_for(enrolment)
    follow_up = FollowUp.objects.create(enrolment=enrolment, due_on=date(2027, 6, 15))
    page.goto("/", timeout=60_000)
    sign_in("pf@example.gov.uk")
    url = f"/evaluation/follow-ups/{follow_up.pk}/"
    early = datetime(2027, 6, 14, 12, tzinfo=LONDON)
    with mock.patch("missionled.evaluation.views.now", return_value=early):
        page.goto(url)
        assert page.get_by_text("You can answer this from 15 June 2027").is_visible()
        assert_accessible(page)
    due = datetime(2027, 6, 15, 12, tzinfo=LONDON)
    with mock.patch("missionled.evaluation.views.now", return_value=due):
        page.goto(url)
        page.get_by_role("button", name="Send").click()
        assert page.get_by_text("There is a problem").is_visible()
        assert_accessible(page)
        page.get_by_label("What have you changed in practice since the course?").fill(
            "I bring partners in before deciding."
        )
        page.get_by_role("button", name="Send").click()
        assert page.get_by_text("Your answer has been saved").is_visible()
        assert_accessible(page)
    assert FollowUp.objects.get().answer == "I bring partners in before deciding."
