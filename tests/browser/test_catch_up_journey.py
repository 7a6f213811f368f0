"""A coordinator books and cancels a catch-up session without JavaScript errors; every page
passes axe."""

from typing import Any

import pytest

from missionled.enrolments.models import CatchUp
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_books_and_cancels_a_catch_up(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    own = cohort_for("practising-it", "DfE")
    cohort_for("practising-it", "HMRC")
    asha = EnrolmentFactory(cohort=own, name="Asha Patel", email="asha@education.gov.uk")
    make_user("coordinator", "DfE", email="cora@education.gov.uk")
    sign_in("cora@education.gov.uk")
    page.goto(f"/cohorts/{own.pk}/participants/")
    assert_accessible(page)
    page.get_by_role("link", name="Book a catch-up session for Asha Patel").click()
    assert_accessible(page)
    page.get_by_role("button", name="Book the catch-up session").click()
    assert page.get_by_text("Select the session they will catch up on").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Workshop 2:", exact=False).check()
    page.get_by_role("button", name="Book the catch-up session").click()
    assert page.get_by_text("Asha Patel is booked on Workshop 2").is_visible()
    catch_up = CatchUp.objects.get(enrolment=asha)
    page.goto(f"/enrolments/{asha.pk}/catch-up/")
    page.get_by_role("link", name="Cancel the catch-up on Workshop 2").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the catch-up").click()
    catch_up.refresh_from_db()
    assert catch_up.status == "cancelled"


def test_a_participant_sees_their_catch_up_on_my_learning(
    page: Any, sign_in: Any, make_user: Any
) -> None:
    own = cohort_for("practising-it", "DfE")
    session = cohort_for("practising-it", "HMRC").sessions.get(order=2)
    asha = EnrolmentFactory(cohort=own, name="Asha Patel", email="asha@education.gov.uk")
    CatchUp.objects.create(enrolment=asha, session=session)
    make_user("participant", email="asha@education.gov.uk")
    sign_in("asha@education.gov.uk")
    page.goto("/me/")
    assert page.get_by_text("Catch-up sessions in other cohorts").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel the catch-up on Workshop 2").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the catch-up").click()
    assert page.get_by_text("The catch-up on Workshop 2 is cancelled").is_visible()
