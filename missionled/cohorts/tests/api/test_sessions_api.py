"""The session endpoints beyond moving: cancelling one session."""

from datetime import datetime
from typing import Any

import pytest
from django.core import mail

from conftest import ROLES
from missionled.cohorts.tests.api.test_bookings_api import assert_error
from missionled.core.clock import LONDON
from missionled.enrolments.tests.factories import EnrolmentFactory

BEFORE = datetime(2027, 2, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: Any) -> None:
    monkeypatch.setattr("missionled.cohorts.api.now", lambda: BEFORE)


@pytest.fixture
def second(confirmed: Any) -> Any:
    return confirmed().cohort.sessions.get(order=2)


def _cancel(client: Any, session_id: int, body: dict[str, Any] | None = None) -> Any:
    return client.post(
        f"/api/v1/sessions/{session_id}/cancel",
        {"reason": "Venue lost"} if body is None else body,
        content_type="application/json",
    )


@pytest.mark.parametrize("role", ROLES)
def test_cancel_session_by_role(
    make_user: Any, api_client_for: Any, second: Any, role: str
) -> None:
    response = _cancel(api_client_for(make_user(role)), second.pk)
    second.refresh_from_db()
    if role == "provider_admin":
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["id"], body["status"], body["sequence"]) == (second.pk, "cancelled", 1)
        assert body["uid"] == second.uid
        assert body["starts_at"] == "2027-03-30T09:30:00+01:00"
        assert second.status == "cancelled"
    else:
        assert_error(response, 403, "not_allowed")
        assert second.status == "scheduled"


def test_cancelling_twice_is_409(make_user: Any, api_client_for: Any, second: Any) -> None:
    client = api_client_for(make_user("provider_admin"))
    assert _cancel(client, second.pk).status_code == 200
    error = assert_error(_cancel(client, second.pk), 409, "transition_not_allowed")
    assert error["message"] == "This session is already cancelled."


def test_cancelling_a_session_that_has_started_is_409(
    make_user: Any, api_client_for: Any, second: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        "missionled.cohorts.api.now", lambda: datetime(2027, 3, 30, 10, 0, tzinfo=LONDON)
    )
    client = api_client_for(make_user("provider_admin"))
    assert_error(_cancel(client, second.pk), 409, "session_started")
    second.refresh_from_db()
    assert second.status == "scheduled"


@pytest.mark.parametrize("body", [{}, {"reason": " "}, {"reason": "A\u0000B"}])
def test_cancelling_without_a_usable_reason_is_422(
    make_user: Any, api_client_for: Any, second: Any, body: dict[str, Any]
) -> None:
    client = api_client_for(make_user("provider_admin"))
    assert "reason" in assert_error(_cancel(client, second.pk, body), 422)["fields"]
    second.refresh_from_db()
    assert second.status == "scheduled"


def test_unknown_sessions_are_404_and_signed_out_callers_401(
    make_user: Any, api_client_for: Any, client: Any
) -> None:
    assert_error(_cancel(api_client_for(make_user("provider_admin")), 999999), 404)
    assert_error(_cancel(client, 1), 401, "unauthenticated")


def test_cancelling_emails_enrolled_participants(
    make_user: Any,
    api_client_for: Any,
    second: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    EnrolmentFactory(cohort=second.cohort, email="asha@education.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        _cancel(api_client_for(make_user("provider_admin")), second.pk)
    [message] = mail.outbox
    assert message.to == ["asha@education.gov.uk"]
    assert "METHOD:CANCEL" in message.attachments[0][1]


def test_the_openapi_document_describes_the_cancel_operation(client: Any, db: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/sessions/{session_id}/cancel"]["post"]
    assert {"200", "403", "404", "409", "422"} <= set(operation["responses"])
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert document["components"]["schemas"][body.rsplit("/", 1)[1]]["required"] == ["reason"]


# --- Joining details ---

LINK = "https://teams.example/meet/123 passcode 4567"


def _patch(client: Any, session_id: int, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/sessions/{session_id}", body, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_patch_joining_details_alone_by_role(
    make_user: Any, api_client_for: Any, second: Any, role: str
) -> None:
    response = _patch(api_client_for(make_user(role)), second.pk, {"joining_details": LINK})
    second.refresh_from_db()
    if role == "provider_admin":
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["joining_details"], body["sequence"], body["warnings"]) == (LINK, 1, [])
        assert body["starts_at"] == "2027-03-30T09:30:00+01:00"
        assert second.joining_details == LINK
    else:
        assert_error(response, 403, "not_allowed")
        assert second.joining_details == ""


def test_patch_moves_and_sets_details_together(
    make_user: Any, api_client_for: Any, second: Any
) -> None:
    client = api_client_for(make_user("provider_admin"))
    body = {"starts_at": "2027-04-01T09:30:00+01:00", "joining_details": LINK}
    answer = _patch(client, second.pk, body).json()
    assert answer["starts_at"] == "2027-04-01T09:30:00+01:00"
    assert answer["joining_details"] == LINK
    assert answer["warnings"][0].startswith("The gap after session 1 would be 31 days")


def test_patch_with_neither_field_is_422_and_a_refused_move_sets_no_details(
    make_user: Any, api_client_for: Any, second: Any
) -> None:
    client = api_client_for(make_user("provider_admin"))
    error = assert_error(_patch(client, second.pk, {}), 422, "invalid")
    assert set(error["fields"]) == {"starts_at", "joining_details"}
    assert_error(_patch(client, second.pk, {"starts_at": None, "joining_details": None}), 422)
    refused = {"starts_at": "2027-03-26T09:30:00+00:00", "joining_details": LINK}
    assert_error(_patch(client, second.pk, refused), 422, "bank_holiday")
    assert_error(_patch(client, second.pk, {"joining_details": "x" * 2001}), 422, "too_long")
    second.refresh_from_db()
    assert (second.joining_details, second.sequence) == ("", 0)


def _reader(make_user: Any, cohort: Any, role: str, status: str = "enrolled") -> Any:
    from missionled.facilitation.models import Assignment

    user = make_user(role, email=f"{role}-{status}@example.gov.uk")
    if role == "facilitator":
        session = cohort.sessions.order_by("order").first()
        Assignment.objects.create(session=session, facilitator=user, role="workshop")
    if role == "participant":
        EnrolmentFactory(cohort=cohort, email=user.email, status=status)
    return user


@pytest.mark.parametrize(
    ("role", "status", "sees"),
    [
        ("provider_admin", "", True),
        ("coordinator", "", True),
        ("facilitator", "", True),
        ("participant", "enrolled", True),
        ("participant", "waitlisted", False),
    ],
)
def test_the_cohort_answer_and_feed_give_joining_details_to_those_with_a_place(
    make_user: Any, api_client_for: Any, second: Any, role: str, status: str, sees: bool
) -> None:
    second.joining_details = LINK
    second.save()
    client = api_client_for(_reader(make_user, second.cohort, role, status))
    sessions = client.get(f"/api/v1/cohorts/{second.cohort_id}").json()["sessions"]
    assert [s["joining_details"] for s in sessions] == (["", LINK] if sees else [None, None])
    feed = client.get(f"/api/v1/cohorts/{second.cohort_id}/calendar.ics")
    assert feed.status_code == 200
    assert (b"teams.example" in feed.content) is sees


def test_the_openapi_document_describes_the_optional_patch_fields(client: Any, db: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/sessions/{session_id}"]["patch"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(schema["properties"]) == {"starts_at", "joining_details"}
    assert not schema.get("required")
    assert "joining_details" in document["components"]["schemas"]["SessionOut"]["properties"]
