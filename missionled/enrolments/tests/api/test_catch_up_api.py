import json
from typing import Any

import pytest
from django.test import Client

from conftest import ROLES
from missionled.enrolments.models import CatchUp
from missionled.enrolments.services.catch_up import catch_up_book
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

BOOK = {"provider_admin": 201, "coordinator": 201}
CANCEL = {"provider_admin": 204, "coordinator": 204, "participant": 204}
EMAIL = "cat@education.gov.uk"


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def person(ref_data: None) -> Any:
    return EnrolmentFactory(cohort=cohort_for("practising-it", "DfE"), email=EMAIL)


@pytest.fixture
def target(ref_data: None) -> Any:
    return cohort_for("practising-it", "HMRC", capacity=2).sessions.get(order=2)


def _user(make_user: Any, role: str) -> Any:
    """The participant is the person themself, so only the role can refuse them."""
    return make_user(role, email=EMAIL) if role == "participant" else make_user(role)


@pytest.mark.parametrize("role", ROLES)
def test_booking_a_catch_up_by_role(make_user, api_client_for, person, target, role):
    client = api_client_for(_user(make_user, role))
    response = _post(client, f"/api/v1/enrolments/{person.pk}/catch-ups", {"session": target.pk})
    expected = BOOK.get(role, 403)
    assert response.status_code == expected, response.content
    if expected == 201:
        catch_up = CatchUp.objects.get()
        assert response.json() == {
            "id": catch_up.pk,
            "enrolment": person.pk,
            "session": target.pk,
            "cohort": target.cohort_id,
            "department": "HMRC",
            "title": "Workshop 2",
            "starts_at": "2027-03-15T09:30:00+00:00",
            "ends_at": "2027-03-15T13:00:00+00:00",
            "status": "booked",
        }
    else:
        assert response.json()["error"]["code"] == "not_allowed"
        assert not CatchUp.objects.exists()


@pytest.fixture
def booked(admin, person, target) -> CatchUp:
    return catch_up_book(actor=admin, enrolment=person, session=target, now=BEFORE_START)


@pytest.mark.parametrize("role", ROLES)
def test_cancelling_a_catch_up_by_role(make_user, api_client_for, booked, role):
    response = api_client_for(_user(make_user, role)).delete(f"/api/v1/catch-ups/{booked.pk}")
    expected = CANCEL.get(role, 403)
    assert response.status_code == expected, response.content
    booked.refresh_from_db()
    assert booked.status == ("cancelled" if expected == 204 else "booked")


def test_another_department_or_participant_finds_nothing(
    make_user, api_client_for, person, target, booked
):
    for user in (make_user("coordinator", "HMRC"), make_user("participant")):
        client = api_client_for(user)
        url = f"/api/v1/enrolments/{person.pk}/catch-ups"
        assert _post(client, url, {"session": target.pk}).status_code == 404
        assert client.get(url).status_code == 404
        response = client.delete(f"/api/v1/catch-ups/{booked.pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "catch_up_not_found"
    assert CatchUp.objects.get().status == "booked"


def test_the_list_shows_booked_and_cancelled(make_user, api_client_for, booked, person):
    client = api_client_for(make_user("participant", email=EMAIL))
    assert client.delete(f"/api/v1/catch-ups/{booked.pk}").status_code == 204
    response = client.get(f"/api/v1/enrolments/{person.pk}/catch-ups")
    assert [c["status"] for c in response.json()] == ["cancelled"]
    again = client.delete(f"/api/v1/catch-ups/{booked.pk}")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "transition_not_allowed"


def test_a_full_cohort_is_409_in_the_shared_error_body(coordinator, api_client_for, person, target):
    for _ in range(2):
        EnrolmentFactory(cohort=target.cohort)
    response = _post(
        api_client_for(coordinator),
        f"/api/v1/enrolments/{person.pk}/catch-ups",
        {"session": target.pk},
    )
    assert response.status_code == 409
    message = (
        "Workshop 2 on 15 March 2027 with the cohort for HM Revenue & Customs has no places "
        "left. Choose another session."
    )
    assert response.json() == {
        "error": {"code": "capacity_full", "message": message, "fields": {"session": [message]}}
    }


def test_an_unknown_or_wrong_session_is_422_on_the_session_field(
    coordinator, api_client_for, person
):
    client = api_client_for(coordinator)
    url = f"/api/v1/enrolments/{person.pk}/catch-ups"
    unknown = _post(client, url, {"session": 999_999})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["fields"]["session"] == ["There is no session 999999."]
    own = person.cohort.sessions.get(order=1)
    same = _post(client, url, {"session": own.pk})
    assert same.status_code == 422
    assert same.json()["error"]["code"] == "same_cohort"
    assert not CatchUp.objects.exists()


def test_without_a_token_the_answer_is_401(person, target, booked):
    client = Client()
    url = f"/api/v1/enrolments/{person.pk}/catch-ups"
    assert _post(client, url, {"session": target.pk}).status_code == 401
    assert client.delete(f"/api/v1/catch-ups/{booked.pk}").status_code == 401


def test_the_openapi_document_describes_catch_ups(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/enrolments/{enrolment_id}/catch-ups"]) == {"post", "get"}
    assert set(paths["/api/v1/catch-ups/{catch_up_id}"]) == {"delete"}
