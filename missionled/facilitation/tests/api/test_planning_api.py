"""POST /plan for provider admins, GET /me/assignments for facilitators, and the cohort API's
session facilitators."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ROLES
from missionled.facilitation.models import Assignment
from missionled.facilitation.tests.factories import at, cohort_with, facilitators

pytestmark = pytest.mark.django_db
BODY = {"from": "2027-03-01", "to": "2027-04-30", "dry_run": False}


@pytest.fixture(autouse=True)
def _quick_solver(settings: Any) -> None:
    settings.PLAN_TIME_LIMIT_S = 5


def _post(client: Any, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/plan", body, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_plan(role: str, make_user: Any, api_client_for: Any) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    facilitators(2)
    response = _post(api_client_for(make_user(role)), BODY)
    if role == "provider_admin":
        assert response.status_code == 200
        body = response.json()
        assert body["feasible"] is True
        assert body["from"] == "2027-03-01"
        assert body["sessions_planned"] == 2
        assert body["places"] == 4
        assert Assignment.objects.count() == 4
    else:
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "not_allowed"
        assert not Assignment.objects.exists()


def test_no_token_is_401(ref_data: None, client: Any) -> None:
    assert _post(client, BODY).status_code == 401


def test_a_dry_run_answers_and_saves_nothing(make_user: Any, api_client_for: Any) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    facilitators(2)
    client = api_client_for(make_user("provider_admin"))
    body = _post(client, {**BODY, "dry_run": True}).json()
    assert body["feasible"] is True
    assert body["dry_run"] is True
    assert not Assignment.objects.exists()


def test_no_plan_answers_with_reasons(make_user: Any, api_client_for: Any) -> None:
    cohort_with("understanding-it", [at(0)])
    facilitators(1)
    body = _post(api_client_for(make_user("provider_admin")), BODY).json()
    assert body["feasible"] is False
    assert "needs 2 facilitators" in body["reasons"][0]


@pytest.mark.parametrize(
    "body", [{"from": "2027-03-10", "to": "2027-03-01"}, {"from": "not a date"}]
)
def test_bad_dates_are_422(body: dict[str, Any], make_user: Any, api_client_for: Any) -> None:
    response = _post(api_client_for(make_user("provider_admin")), body)
    assert response.status_code == 422
    assert "error" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_facilitators_list_only_their_own_assignments(
    role: str, make_user: Any, api_client_for: Any
) -> None:
    cohort = cohort_with("practising-it", [at(0), at(7)])
    user = make_user(role)
    other = facilitators(1)[0]
    first, second = cohort.sessions.order_by("order")
    Assignment.objects.create(session=second, facilitator=other, role="workshop")
    if role == "facilitator":
        Assignment.objects.create(session=first, facilitator=user, role="workshop")
    response = api_client_for(user).get("/api/v1/me/assignments")
    if role != "facilitator":
        assert response.status_code == 403
        return
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["session"] == first.pk
    assert item["course"] == "practising-it"
    assert item["role"] == "workshop"
    assert item["starts_at"].startswith("2027-03-01T09:30:00")


def test_the_cohort_api_lists_facilitators_without_a_query_per_session(
    make_user: Any, api_client_for: Any
) -> None:
    cohort = cohort_with("leading-it", [at(0), at(1), at(8), at(15), at(22)])
    people = facilitators(3)
    for session in cohort.sessions.all():
        for person in people[:2]:
            Assignment.objects.create(session=session, facilitator=person, role="workshop")
    client = api_client_for(make_user("provider_admin"))
    # The first call records the token's use; measure the calls after it.
    client.get("/api/v1/me")
    with CaptureQueriesContext(connection) as five_sessions:
        response = client.get(f"/api/v1/cohorts/{cohort.pk}")
    sessions = response.json()["sessions"]
    assert [s["facilitators"] for s in sessions] == [sorted(p.email for p in people[:2])] * 5
    single = cohort_with("understanding-it", [at(2)])
    only = single.sessions.get()
    Assignment.objects.create(session=only, facilitator=people[2], role="workshop")
    with CaptureQueriesContext(connection) as one_session:
        response = client.get(f"/api/v1/cohorts/{single.pk}")
    assert response.json()["sessions"][0]["facilitators"] == [people[2].email]
    assert len(five_sessions.captured_queries) == len(one_session.captured_queries)
