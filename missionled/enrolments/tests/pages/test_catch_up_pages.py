from typing import Any

import pytest

from conftest import ROLES
from missionled.cohorts.models import Session
from missionled.enrolments.models import CatchUp
from missionled.enrolments.services.catch_up import catch_up_book
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

EMAIL = "cat@education.gov.uk"
# A participant who is someone else finds no such enrolment; one who is the person may not book.
BOOK_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 302,
    "facilitator": 403,
    "participant": 404,
    "mission_analyst": 403,
}
CANCEL_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 302,
    "facilitator": 403,
    "participant": 302,
    "mission_analyst": 403,
}


@pytest.fixture
def person(ref_data: None) -> Any:
    return EnrolmentFactory(
        cohort=cohort_for("practising-it", "DfE"), name="Cat Hughes", email=EMAIL
    )


@pytest.fixture
def other(ref_data: None) -> Any:
    return cohort_for("practising-it", "HMRC", capacity=2)


@pytest.fixture
def target(other: Any) -> Any:
    return other.sessions.get(order=2)


@pytest.mark.parametrize("role", ROLES)
def test_booking_a_catch_up_by_role(make_user, page_client_for, person, target, role):
    client = page_client_for(make_user(role))
    url = f"/enrolments/{person.pk}/catch-up/"
    expected = BOOK_ANSWERS[role]
    assert client.get(url).status_code == (200 if expected == 302 else expected)
    response = client.post(url, {"session": target.pk})
    assert response.status_code == expected
    assert CatchUp.objects.filter(enrolment=person).exists() is (expected == 302)
    if expected == 302:
        assert response["Location"] == f"/cohorts/{person.cohort_id}/participants/"


def test_the_participant_themself_may_not_book(make_user, page_client_for, person, target):
    client = page_client_for(make_user("participant", email=EMAIL))
    assert (
        client.post(f"/enrolments/{person.pk}/catch-up/", {"session": target.pk}).status_code == 403
    )
    assert not CatchUp.objects.exists()


def test_another_departments_coordinator_gets_404(make_user, page_client_for, person):
    client = page_client_for(make_user("coordinator", "HMRC"))
    assert client.get(f"/enrolments/{person.pk}/catch-up/").status_code == 404


def test_the_participants_page_links_each_enrolled_place(coordinator, page_client_for, person):
    page = page_client_for(coordinator).get(f"/cohorts/{person.cohort_id}/participants/")
    body = page.content.decode()
    assert f'href="/enrolments/{person.pk}/catch-up/"' in body
    assert "Book a catch-up session<span" in body


def test_the_form_offers_only_sessions_they_may_take(coordinator, page_client_for, person, other):
    elsewhere = cohort_for("understanding-it", "HMRC")
    full = cohort_for("practising-it", "DWP", capacity=2)
    for _ in range(2):
        EnrolmentFactory(cohort=full)
    body = page_client_for(coordinator).get(f"/enrolments/{person.pk}/catch-up/").content.decode()
    offered = {
        session.pk
        for session in Session.objects.all()
        if f'name="session" type="radio" value="{session.pk}"' in body
    }
    assert offered == set(other.sessions.values_list("pk", flat=True))
    assert not offered & set(elsewhere.sessions.values_list("pk", flat=True))
    assert (
        "Workshop 2: Monday 15 March 2027, 09:30 to 13:00, online, with the cohort for "
        "HM Revenue &amp; Customs"
    ) in body


def test_a_session_that_filled_meanwhile_is_refused_by_name_in_the_error_summary(
    coordinator, page_client_for, person, other, target
):
    client = page_client_for(coordinator)
    url = f"/enrolments/{person.pk}/catch-up/"
    assert f'value="{target.pk}"' in client.get(url).content.decode()
    for _ in range(2):
        EnrolmentFactory(cohort=other)
    response = client.post(url, {"session": target.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    message = (
        "Workshop 2 on 15 March 2027 with the cohort for HM Revenue &amp; Customs has no "
        "places left. Choose another session."
    )
    start = body.index('class="govuk-error-summary"')
    summary = body[start : body.index("</ul>", start)]
    # Radios have no id of their own, so the summary links to the first one, as GOV.UK asks.
    assert f'<a href="#id_session_0">{message}</a>' in summary
    assert 'id="id_session_0"' in body
    assert f"Error:</span> {message}" in body
    assert "not one of the available choices" not in body
    # The refused choice stays on the page, checked and marked full, beside its error.
    assert f'value="{target.pk}" checked>' in body
    assert "with the cohort for HM Revenue &amp; Customs (no places left)</label>" in body
    assert not CatchUp.objects.exists()


def test_a_full_session_is_not_offered_until_a_place_comes_free(
    coordinator, page_client_for, person, other, target
):
    for _ in range(2):
        EnrolmentFactory(cohort=other)
    body = page_client_for(coordinator).get(f"/enrolments/{person.pk}/catch-up/").content.decode()
    assert f'value="{target.pk}"' not in body
    assert "There are no sessions Cat Hughes can catch up on at the moment." in body


@pytest.fixture
def booked(admin, person, target) -> CatchUp:
    return catch_up_book(actor=admin, enrolment=person, session=target, now=BEFORE_START)


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_a_catch_up_by_role(make_user, page_client_for, booked, role):
    user = make_user(role, email=EMAIL) if role == "participant" else make_user(role)
    client = page_client_for(user)
    url = f"/catch-ups/{booked.pk}/cancel/"
    expected = CANCEL_ANSWERS[role]
    assert client.get(url).status_code == (200 if expected == 302 else expected)
    response = client.post(url)
    assert response.status_code == expected
    booked.refresh_from_db()
    assert booked.status == ("cancelled" if expected == 302 else "booked")
    if role == "participant":
        assert response["Location"] == "/me/"


def test_the_booking_page_lists_catch_ups_with_a_cancel_link(coordinator, page_client_for, booked):
    body = page_client_for(coordinator).get(f"/enrolments/{booked.enrolment_id}/catch-up/")
    text = body.content.decode()
    assert "Workshop 2, 15 March 2027, with the cohort for HM Revenue &amp; Customs" in text
    assert f'href="/catch-ups/{booked.pk}/cancel/"' in text


def test_someone_elses_catch_up_is_not_found(make_user, page_client_for, booked):
    for user in (make_user("participant"), make_user("coordinator", "HMRC")):
        assert page_client_for(user).post(f"/catch-ups/{booked.pk}/cancel/").status_code == 404
    assert CatchUp.objects.get().status == "booked"


@pytest.mark.parametrize("role", ROLES)
def test_the_back_office_shows_catch_ups_to_the_provider_only(
    make_user, page_client_for, booked, role
):
    client = page_client_for(make_user(role))
    for url in (
        "/back-office/enrolments/catchup/",
        f"/back-office/enrolments/catchup/{booked.pk}/change/",
    ):
        assert client.get(url).status_code == (200 if role == "provider_admin" else 302), url


def test_the_back_office_cannot_add_change_or_delete_catch_ups(admin, page_client_for, booked):
    client = page_client_for(admin)
    assert client.get("/back-office/enrolments/catchup/add/").status_code == 403
    assert client.get(f"/back-office/enrolments/catchup/{booked.pk}/delete/").status_code == 403
    response = client.post(f"/back-office/enrolments/catchup/{booked.pk}/change/", {})
    assert response.status_code == 403
    assert CatchUp.objects.get().status == "booked"


def test_the_withdraw_page_lists_the_catch_ups_that_go_with_the_place(
    coordinator, page_client_for, booked, person
):
    client = page_client_for(coordinator)
    body = client.get(f"/enrolments/{person.pk}/withdraw/").content.decode()
    assert "Their catch-up sessions with other cohorts are cancelled too" in body
    line = "Workshop 2, 15 March 2027, with the cohort for HM Revenue &amp; Customs"
    assert f"<li>{line}</li>" in body
    assert client.post(f"/enrolments/{person.pk}/withdraw/").status_code == 302
    booked.refresh_from_db()
    assert booked.status == CatchUp.Status.CANCELLED


def test_the_withdraw_page_says_nothing_of_catch_ups_when_there_are_none(
    coordinator, page_client_for, person
):
    body = page_client_for(coordinator).get(f"/enrolments/{person.pk}/withdraw/").content.decode()
    assert "catch-up" not in body
