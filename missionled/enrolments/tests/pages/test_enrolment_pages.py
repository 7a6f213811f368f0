from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import ROLES
from missionled.core.clock import now
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

MANAGERS = {"provider_admin", "coordinator"}


@pytest.fixture
def cohort() -> Any:
    """A DfE cohort of 10 whose sessions are well in the future, with 2 enrolled and 1 waiting."""
    cohort = cohort_for(capacity=10)
    EnrolmentFactory(
        cohort=cohort, name="Ada Lovelace", sequence=1, reasonable_adjustments="Captions"
    )
    EnrolmentFactory(cohort=cohort, name="Alan Turing", sequence=2)
    EnrolmentFactory(cohort=cohort, name="Grace Hopper", sequence=3, status="waitlisted")
    return cohort


LIST_ANSWERS = {
    "provider_admin": 200,
    "coordinator": 200,
    "facilitator": 403,
    "participant": 404,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_participants_page_by_role(make_user, page_client_for, cohort, role):
    response = page_client_for(make_user(role)).get(f"/cohorts/{cohort.pk}/participants/")
    assert response.status_code == LIST_ANSWERS[role]
    body = response.content.decode()
    if response.status_code == 200:
        assert "Ada Lovelace" in body
        assert "Grace Hopper" in body
        assert body.count("Unnamed place") == 8
        assert "2 of 10 places named, 8 not yet named. 1 on the waiting list." in body
        # Reasonable adjustments: the provider sees them, coordinators never do.
        assert ("Captions" in body) is (role == "provider_admin")
    else:
        assert "Ada Lovelace" not in body


def test_signed_out_people_are_sent_to_sign_in(client, cohort):
    response = client.get(f"/cohorts/{cohort.pk}/participants/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_another_departments_coordinator_gets_404(make_user, page_client_for, cohort):
    client = page_client_for(make_user("coordinator", "HMRC"))
    for url in ("participants/", "participants/add/", "participants/upload/"):
        assert client.get(f"/cohorts/{cohort.pk}/{url}").status_code == 404


def test_a_participant_sees_only_themself(make_user, page_client_for, cohort):
    user = make_user("participant", email="me@example.gov.uk")
    EnrolmentFactory(cohort=cohort, email="me@example.gov.uk", name="Me Myself", sequence=4)
    body = page_client_for(user).get(f"/cohorts/{cohort.pk}/participants/").content.decode()
    assert "Me Myself" in body
    assert "Ada Lovelace" not in body
    assert "Unnamed place" not in body


ADD_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 302,
    "facilitator": 403,
    "participant": 403,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_participant_by_role(make_user, page_client_for, cohort, role):
    client = page_client_for(make_user(role))
    data = {"name": "Katherine Johnson", "email": "kj@example.gov.uk", "grade": "G6"}
    response = client.post(f"/cohorts/{cohort.pk}/participants/add/", data)
    assert response.status_code == ADD_ANSWERS[role]
    assert Enrolment.objects.filter(email="kj@example.gov.uk").exists() is (role in MANAGERS)


def test_an_ineligible_grade_is_listed_in_the_error_summary(coordinator, page_client_for, cohort):
    data = {"name": "Katherine Johnson", "email": "kj@example.gov.uk", "grade": "HEO"}
    response = page_client_for(coordinator).post(f"/cohorts/{cohort.pk}/participants/add/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Grade 7 to Director (G7, G6, SCS1, SCS2)" in body
    assert "override_reason" not in body  # only the provider may override


def test_the_provider_sees_and_uses_the_override(admin, page_client_for, cohort):
    client = page_client_for(admin)
    assert (
        "override_reason" in client.get(f"/cohorts/{cohort.pk}/participants/add/").content.decode()
    )
    data = {
        "name": "K J",
        "email": "kj@example.gov.uk",
        "grade": "HEO",
        "override_reason": "Acting up",
    }
    assert client.post(f"/cohorts/{cohort.pk}/participants/add/", data).status_code == 302
    assert (
        Enrolment.objects.get(email="kj@example.gov.uk").eligibility_override_reason == "Acting up"
    )


def test_a_full_cohort_says_the_waiting_list_position(coordinator, page_client_for, cohort):
    cohort.capacity = 2
    cohort.min_capacity = 1
    cohort.save()
    client = page_client_for(coordinator)
    data = {"name": "Katherine Johnson", "email": "kj@example.gov.uk", "grade": "G7"}
    response = client.post(f"/cohorts/{cohort.pk}/participants/add/", data, follow=True)
    assert "Katherine Johnson is on the waiting list at position 2" in response.content.decode()


UPLOAD = (
    b"name,email,grade,profession\n"
    b"A One,a1@example.gov.uk,G7,\n"
    b"B Two,b2@example.gov.uk,Grade 6,Policy\n"
)


@pytest.mark.parametrize("role", ROLES)
def test_uploading_by_role(make_user, page_client_for, cohort, role):
    upload = SimpleUploadedFile("people.csv", UPLOAD, content_type="text/csv")
    response = page_client_for(make_user(role)).post(
        f"/cohorts/{cohort.pk}/participants/upload/", {"file": upload}
    )
    assert response.status_code == ADD_ANSWERS[role]
    assert Enrolment.objects.filter(email="a1@example.gov.uk").exists() is (role in MANAGERS)


def test_bad_rows_are_each_listed_in_the_error_summary(coordinator, page_client_for, cohort):
    data = UPLOAD + b"C Three,c3@example.gov.uk,AO,\nD Four,a1@example.gov.uk,G7,\n"
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    response = page_client_for(coordinator).post(
        f"/cohorts/{cohort.pk}/participants/upload/", {"file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "line 4, column grade:" in body
    assert "line 5, column email: a1@example.gov.uk is also on line 2" in body
    assert not Enrolment.objects.filter(email="a1@example.gov.uk").exists()


def test_an_unreadable_upload_gets_one_message(coordinator, page_client_for, cohort):
    upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04 binary", content_type="application/zip")
    response = page_client_for(coordinator).post(
        f"/cohorts/{cohort.pk}/participants/upload/", {"file": upload}
    )
    assert "The file is not a CSV file" in response.content.decode()


WITHDRAW_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 302,
    "facilitator": 403,
    "participant": 404,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_by_role(make_user, page_client_for, cohort, role):
    ada = Enrolment.objects.get(name="Ada Lovelace")
    client = page_client_for(make_user(role))
    expected_get = 200 if role in MANAGERS else WITHDRAW_ANSWERS[role]
    assert client.get(f"/enrolments/{ada.pk}/withdraw/").status_code == expected_get
    response = client.post(f"/enrolments/{ada.pk}/withdraw/")
    assert response.status_code == WITHDRAW_ANSWERS[role]
    ada.refresh_from_db()
    assert (ada.status == "withdrawn") is (role in MANAGERS)


def test_a_participant_withdraws_themself(make_user, page_client_for, cohort):
    user = make_user("participant", email="me@example.gov.uk")
    mine = EnrolmentFactory(cohort=cohort, email="me@example.gov.uk", sequence=9)
    response = page_client_for(user).post(f"/enrolments/{mine.pk}/withdraw/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "withdrawn"


SUBSTITUTE_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 302,
    "facilitator": 403,
    "participant": 403,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_substituting_by_role(make_user, page_client_for, cohort, role):
    user = make_user(role, email="me@example.gov.uk") if role == "participant" else make_user(role)
    ada = Enrolment.objects.get(name="Ada Lovelace")
    if role == "participant":
        ada.email = "me@example.gov.uk"
        ada.save()
    data = {"name": "Katherine Johnson", "email": "kj@example.gov.uk", "grade": "G7"}
    response = page_client_for(user).post(f"/enrolments/{ada.pk}/substitute/", data)
    assert response.status_code == SUBSTITUTE_ANSWERS[role]
    ada.refresh_from_db()
    assert (ada.status == "substituted") is (role in MANAGERS)


def test_substitution_after_the_start_is_refused_on_the_form(coordinator, page_client_for, cohort):
    cohort.sessions.update(
        starts_at=now().replace(year=2020), ends_at=now().replace(year=2020, hour=23)
    )
    ada = Enrolment.objects.get(name="Ada Lovelace")
    data = {"name": "Katherine Johnson", "email": "kj@example.gov.uk", "grade": "G7"}
    response = page_client_for(coordinator).post(f"/enrolments/{ada.pk}/substitute/", data)
    assert response.status_code == 200
    assert "before the cohort&#x27;s first session" in response.content.decode()
