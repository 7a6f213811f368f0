"""The roster on a phone-sized screen, My learning and the public check, in a real browser;
every page passes axe."""

from datetime import timedelta
from typing import Any

import pytest

from missionled.attendance.models import Attendance, Certificate
from missionled.core.clock import now
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from missionled.facilitation.models import Assignment
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _cohort_meeting_now() -> Any:
    cohort = cohort_for("practising-it", "DfE")
    start = now() - timedelta(minutes=5)
    for offset, session in enumerate(cohort.sessions.order_by("order")):
        session.starts_at = start + timedelta(days=14 * offset)
        session.ends_at = session.starts_at + timedelta(hours=3)
        session.save()
    return cohort


def test_a_facilitator_marks_the_roster_on_a_phone(
    page: Any,
    sign_in: Any,
    make_user: Any,
) -> None:
    cohort = _cohort_meeting_now()
    asha = EnrolmentFactory(cohort=cohort, name="Asha Patel", email="asha@education.gov.uk")
    EnrolmentFactory(cohort=cohort, name="Ben Jones", email="ben@education.gov.uk")
    fran = make_user("facilitator", email="fran@provider.example")
    session = cohort.sessions.get(order=1)
    Assignment.objects.create(session=session, facilitator=fran, role="workshop")
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in("fran@provider.example")
    page.goto(f"/sessions/{session.pk}/attendance/")
    assert_accessible(page)
    page.get_by_role("button", name="Show a check-in code").click()
    assert_accessible(page)
    page.get_by_role("group", name="Asha Patel").get_by_label("Late").check()
    page.get_by_role("group", name="Ben Jones").get_by_label("Absent").check()
    page.get_by_role("button", name="Save attendance").click()
    assert page.get_by_text("Attendance saved").is_visible()
    assert_accessible(page)
    assert Attendance.objects.get(enrolment=asha).status == "late"


def test_a_participant_reads_my_learning_and_anyone_checks_a_certificate(
    page: Any,
    sign_in: Any,
    make_user: Any,
) -> None:
    cohort = _cohort_meeting_now()
    asha = EnrolmentFactory(cohort=cohort, name="Asha Patel", email="asha@education.gov.uk")
    make_user("participant", email="asha@education.gov.uk")
    certificate = Certificate.objects.create(
        enrolment=asha,
        name="Asha Patel",
        course_title=cohort.course.title,
        completed_on=now().date(),
        issued_at=now(),
    )
    sign_in("asha@education.gov.uk")
    page.goto("/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "My learning"
    assert_accessible(page)
    page.get_by_role("link", name="Check in to a session").click()
    assert_accessible(page)
    page.get_by_role("button", name="Check in").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.goto(f"/certificates/{certificate.code}/")
    assert_accessible(page)
    page.goto(f"/certificates/verify/{certificate.code}/")
    assert page.get_by_text("This certificate is genuine").is_visible()
    assert_accessible(page)
