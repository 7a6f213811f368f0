import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import ROLES
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

BODY = {"name": "Ada Lovelace", "email": "ada@example.gov.uk", "grade": "Grade 7"}
CSV = b"name,email,grade,profession\nAda,ada@example.gov.uk,G7,Policy\nAl,al@example.gov.uk,SCS1,\n"
ALLOWED_TO_MANAGE = {"provider_admin": 201, "coordinator": 201}


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def cohort() -> Any:
    return cohort_for(department="DfE", capacity=10)


@pytest.mark.parametrize("role", ROLES)
def test_naming_a_participant_by_role(make_user, api_client_for, cohort, role):
    response = _post(
        api_client_for(make_user(role)), f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY
    )
    expected = ALLOWED_TO_MANAGE.get(role, 403)
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json() == {
            "id": Enrolment.objects.get().pk,
            "status": "enrolled",
            "position": None,
        }
    else:
        assert response.json()["error"]["code"] == "not_allowed"
        assert not Enrolment.objects.exists()


def test_without_a_token_the_answer_is_401(cohort):
    response = _post(Client(), f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY)
    assert response.status_code == 401


def test_another_departments_cohort_is_not_found(make_user, api_client_for, cohort):
    client = api_client_for(make_user("coordinator", "HMRC"))
    response = _post(client, f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY)
    assert response.status_code == 404
    assert client.get(f"/api/v1/cohorts/{cohort.pk}/enrolments").status_code == 404


def test_a_full_cohort_answers_waitlisted_with_a_position(coordinator, api_client_for):
    cohort = cohort_for(capacity=10)
    for n in range(10):
        EnrolmentFactory(cohort=cohort, sequence=n + 1)
    response = _post(api_client_for(coordinator), f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY)
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["position"] == 1


def test_an_ineligible_grade_is_422_naming_the_rule(coordinator, api_client_for, cohort):
    body = {**BODY, "grade": "SEO"}
    response = _post(api_client_for(coordinator), f"/api/v1/cohorts/{cohort.pk}/enrolments", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "ineligible_grade"
    assert "Grade 7 to Director" in error["message"]
    assert error["fields"]["grade"]


def test_a_provider_override_is_accepted(admin, api_client_for, cohort):
    body = {**BODY, "grade": "SEO", "override_reason": "Temporary promotion to G7"}
    response = _post(api_client_for(admin), f"/api/v1/cohorts/{cohort.pk}/enrolments", body)
    assert response.status_code == 201
    assert Enrolment.objects.get().eligibility_override_reason == "Temporary promotion to G7"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"grade": "Grade 99"}, "grade"),
        ({"profession": "Juggling"}, "profession"),
        ({"email": "nope"}, "email"),
        ({"name": "A\x00B"}, "name"),
    ],
)
def test_bad_fields_are_422_by_field(coordinator, api_client_for, cohort, change, field):
    response = _post(
        api_client_for(coordinator), f"/api/v1/cohorts/{cohort.pk}/enrolments", {**BODY, **change}
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]


def test_a_duplicate_is_422(coordinator, api_client_for, cohort):
    client = api_client_for(coordinator)
    _post(client, f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY)
    response = _post(client, f"/api/v1/cohorts/{cohort.pk}/enrolments", BODY)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "duplicate"


@pytest.mark.parametrize("role", ROLES)
def test_importing_a_csv_by_role(make_user, api_client_for, cohort, role):
    upload = SimpleUploadedFile("people.csv", CSV, content_type="text/csv")
    response = api_client_for(make_user(role)).post(
        f"/api/v1/cohorts/{cohort.pk}/enrolments/import", {"file": upload}
    )
    expected = ALLOWED_TO_MANAGE.get(role, 403)
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json() == {"imported": 2}
    else:
        assert not Enrolment.objects.exists()


def test_an_import_with_bad_rows_is_422_listing_each(coordinator, api_client_for, cohort):
    data = CSV + b"Cy,cy@example.gov.uk,EO,\nDi,ada@example.gov.uk,G7,\n"
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    response = api_client_for(coordinator).post(
        f"/api/v1/cohorts/{cohort.pk}/enrolments/import", {"file": upload}
    )
    assert response.status_code == 422
    problems = response.json()["error"]["fields"]["file"]
    assert [p.split(":")[0] for p in problems] == ["line 4, column grade", "line 5, column email"]
    assert not Enrolment.objects.exists()


def test_an_import_over_1_mb_is_refused_without_reading_it_all(coordinator, api_client_for, cohort):
    upload = SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024), content_type="text/csv")
    response = api_client_for(coordinator).post(
        f"/api/v1/cohorts/{cohort.pk}/enrolments/import", {"file": upload}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "file_too_large"


def test_an_import_without_a_file_is_422(coordinator, api_client_for, cohort):
    response = api_client_for(coordinator).post(f"/api/v1/cohorts/{cohort.pk}/enrolments/import")
    assert response.status_code == 422


LIST_ANSWERS = {
    "provider_admin": 200,
    "coordinator": 200,
    "facilitator": 403,
    "participant": 404,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_listing_by_role(make_user, api_client_for, cohort, role):
    EnrolmentFactory(cohort=cohort, reasonable_adjustments="Captions, please")
    response = api_client_for(make_user(role)).get(f"/api/v1/cohorts/{cohort.pk}/enrolments")
    assert response.status_code == LIST_ANSWERS[role], response.content
    if response.status_code == 200:
        body = response.json()
        assert body["count"] == 1
        assert body["page"] == 1
        item = body["items"][0]
        assert item["grade"] == "G7"
        assert item["department"] == "DfE"
        # Reasonable adjustments are for the provider and facilitators, not coordinators.
        expected = "Captions, please" if role == "provider_admin" else None
        assert item["reasonable_adjustments"] == expected


def test_a_participant_lists_only_themself(make_user, api_client_for, cohort):
    user = make_user("participant", email="me@example.gov.uk")
    EnrolmentFactory(cohort=cohort, email="me@example.gov.uk", reasonable_adjustments="Ramp")
    EnrolmentFactory(cohort=cohort, email="other@example.gov.uk")
    body = api_client_for(user).get(f"/api/v1/cohorts/{cohort.pk}/enrolments").json()
    assert [item["email"] for item in body["items"]] == ["me@example.gov.uk"]
    assert body["items"][0]["reasonable_adjustments"] == "Ramp"


def test_listing_pages(coordinator, api_client_for, cohort):
    for n in range(5):
        EnrolmentFactory(cohort=cohort, sequence=n + 1)
    body = (
        api_client_for(coordinator)
        .get(f"/api/v1/cohorts/{cohort.pk}/enrolments?page=2&page_size=2")
        .json()
    )
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (5, 2, 2, 2)


WITHDRAW_ANSWERS = {
    "provider_admin": 200,
    "coordinator": 200,
    "facilitator": 403,
    "participant": 404,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_by_role(make_user, api_client_for, cohort, role):
    enrolment = EnrolmentFactory(cohort=cohort, sequence=1)
    waiting = EnrolmentFactory(cohort=cohort, sequence=2, status="waitlisted")
    response = api_client_for(make_user(role)).post(f"/api/v1/enrolments/{enrolment.pk}/withdraw")
    assert response.status_code == WITHDRAW_ANSWERS[role], response.content
    enrolment.refresh_from_db()
    waiting.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["status"] == "withdrawn"
        assert enrolment.status == "withdrawn"
    else:
        assert enrolment.status == "enrolled"


def test_a_participant_withdraws_themself_and_the_queue_moves(make_user, api_client_for):
    cohort = cohort_for(capacity=10)
    for n in range(9):
        EnrolmentFactory(cohort=cohort, sequence=n + 1)
    user = make_user("participant", email="me@example.gov.uk")
    mine = EnrolmentFactory(cohort=cohort, email="me@example.gov.uk", sequence=10)
    waiting = EnrolmentFactory(cohort=cohort, sequence=11, status="waitlisted")
    response = api_client_for(user).post(f"/api/v1/enrolments/{mine.pk}/withdraw")
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


def test_withdrawing_twice_is_409(coordinator, api_client_for, cohort):
    enrolment = EnrolmentFactory(cohort=cohort, status="withdrawn")
    response = api_client_for(coordinator).post(f"/api/v1/enrolments/{enrolment.pk}/withdraw")
    assert response.status_code == 409


def test_withdrawing_in_another_department_is_404(make_user, api_client_for, cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    client = api_client_for(make_user("coordinator", "HMRC"))
    assert client.post(f"/api/v1/enrolments/{enrolment.pk}/withdraw").status_code == 404


def test_withdrawing_without_a_token_is_401(cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    assert Client().post(f"/api/v1/enrolments/{enrolment.pk}/withdraw").status_code == 401


def test_the_cohort_answer_counts_enrolled_and_waiting(coordinator, api_client_for):
    cohort = cohort_for(capacity=10)
    for n in range(10):
        EnrolmentFactory(cohort=cohort, sequence=n + 1)
    EnrolmentFactory(cohort=cohort, sequence=11, status="waitlisted")
    EnrolmentFactory(cohort=cohort, sequence=12, status="withdrawn")
    body = api_client_for(coordinator).get(f"/api/v1/cohorts/{cohort.pk}").json()
    assert (body["enrolled_count"], body["waitlist_count"]) == (10, 1)
