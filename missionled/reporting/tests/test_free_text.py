"""The provider's page of what participants wrote: anonymous, filtered, paginated, provider only."""

import csv
import io
from datetime import date

import pytest

from conftest import ROLES
from missionled.cohorts.models import Booking
from missionled.evaluation.models import Feedback, FollowUp
from missionled.evaluation.tests.factories import AFTER
from missionled.reporting.tests.factories import department_cohort

pytestmark = pytest.mark.django_db

URL = "/reports/provider/comments/"


def _comment(enrolment, text, session=None):
    return Feedback.objects.create(
        enrolment=enrolment,
        session=session,
        relevance=4,
        quality=4,
        recommend=4,
        comments=text,
        submitted_at=AFTER,
    )


def _answer(enrolment, text):
    return FollowUp.objects.create(
        enrolment=enrolment, due_on=date(2027, 6, 15), answer=text, answered_at=AFTER
    )


@pytest.fixture
def provider(make_user, page_client_for):
    return page_client_for(make_user("provider_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_provider_reads_what_participants_wrote(make_user, page_client_for, role):
    enrolment = department_cohort("DfE", 1, "Policy").enrolments.get()
    _comment(enrolment, "Private words")
    response = page_client_for(make_user(role)).get(URL)
    body = response.content.decode()
    if role == "provider_admin":
        assert response.status_code == 200
        assert "Private words" in body
        return
    assert response.status_code == 403
    assert "Private words" not in body
    assert "You cannot see this page" in body
    # The same answer the provider dashboard gives each role.
    dashboard = page_client_for(make_user(role)).get("/reports/provider/")
    assert dashboard.status_code == 403
    assert body.split("<main", 1)[1] == dashboard.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_nobody_else_can_download_what_participants_wrote(make_user, page_client_for, role):
    enrolment = department_cohort("DfE", 1, "Policy").enrolments.get()
    _comment(enrolment, "Private words")
    response = page_client_for(make_user(role)).get(f"{URL}?format=csv")
    assert response.status_code == 403
    assert "Private words" not in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_provider_dashboard_links_to_the_page(provider):
    assert f'href="{URL}"' in provider.get("/reports/provider/").content.decode()


def test_comments_show_course_and_month_but_nobody_who_wrote_them(provider):
    cohort = department_cohort("HMRC", 2, "Policy")
    first, second = cohort.enrolments.order_by("pk")
    _comment(first, "The case studies were useful.")
    _comment(second, "")  # ratings only: nothing to read
    body = provider.get(URL).content.decode()
    assert "The case studies were useful." in body
    assert "Mission-led Government: Practising it" in body
    assert AFTER.strftime("%B %Y") in body
    for enrolment in (first, second):
        assert enrolment.name not in body
        assert enrolment.email not in body
    assert "HMRC" not in body
    assert f"Cohort {cohort.pk}" not in body
    assert body.count('<tr class="govuk-table__row">') == 2  # the heading and one comment


def test_workshop_and_end_of_course_comments_are_read_apart(provider):
    cohort = department_cohort("DfE", 1, "Policy")
    enrolment = cohort.enrolments.get()
    _comment(enrolment, "About the whole course")
    _comment(enrolment, "About the second workshop", session=cohort.sessions.get(order=2))
    course = provider.get(URL).content.decode()
    workshops = provider.get(f"{URL}?show=workshop").content.decode()
    assert "About the whole course" in course
    assert "About the second workshop" not in course
    assert "About the second workshop" in workshops
    assert "Workshop (session 2)" in workshops
    assert "About the whole course" not in workshops


def test_follow_up_answers_are_listed_once_answered(provider):
    answered, waiting = department_cohort("DfE", 2, "Policy").enrolments.order_by("pk")
    _answer(answered, "I test ideas with users first.")
    FollowUp.objects.create(enrolment=waiting, due_on=date(2027, 6, 15))
    body = provider.get(f"{URL}?show=follow_up").content.decode()
    assert "I test ideas with users first." in body
    assert answered.name not in body
    assert body.count('<tr class="govuk-table__row">') == 2


def test_the_course_and_date_filters_narrow_the_list_and_stay_in_the_links(provider):
    practising = department_cohort("DfE", 1, "Policy")
    leading = department_cohort("DfE", 1, "Policy", course="leading-it")
    Booking.objects.filter(pk=leading.booking_id).update(earliest_start=date(2027, 9, 6))
    _comment(practising.enrolments.get(), "Practising words")
    _comment(leading.enrolments.get(), "Leading words")
    by_course = provider.get(f"{URL}?course=leading-it").content.decode()
    assert "Leading words" in by_course
    assert "Practising words" not in by_course
    assert "course=leading-it&amp;format=csv" in by_course
    by_date = provider.get(f"{URL}?date_to=2027-06-30").content.decode()
    assert "Practising words" in by_date
    assert "Leading words" not in by_date


def test_the_list_is_paginated_and_the_pages_keep_the_filters(provider):
    cohort = department_cohort("DfE", 30, "Policy")
    for n, enrolment in enumerate(cohort.enrolments.order_by("pk"), start=1):
        _comment(enrolment, f"Comment number {n:02d}.")
    first = provider.get(f"{URL}?course=practising-it").content.decode()
    second = provider.get(f"{URL}?course=practising-it&page=2").content.decode()
    assert first.count("Comment number") == 25
    assert second.count("Comment number") == 5
    assert "1 to 25 of 30" in first
    assert 'href="?course=practising-it&amp;page=2" rel="next"' in first
    assert 'rel="prev"' in second


def test_the_csv_has_every_comment_and_no_identities(provider):
    cohort = department_cohort("DfE", 30, "Policy")
    for n, enrolment in enumerate(cohort.enrolments.order_by("pk"), start=1):
        _comment(enrolment, f"=Comment {n}")
    response = provider.get(f"{URL}?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Course", "Feedback on", "Answered in", "Comment"]
    assert len(rows) == 31
    assert rows[1][:2] == ["Mission-led Government: Practising it", "End of course"]
    assert all(row[3].startswith("'=Comment") for row in rows[1:])  # never run as a formula
    text = response.content.decode()
    assert not any(e.email in text or e.name in text for e in cohort.enrolments.all())


def test_an_unknown_download_format_is_not_found(provider):
    assert provider.get(f"{URL}?format=pdf").status_code == 404
