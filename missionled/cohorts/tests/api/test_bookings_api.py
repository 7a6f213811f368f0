from datetime import date
from typing import Any

import pytest

from missionled.cohorts.models import Booking, Cohort
from missionled.cohorts.tests.factories import booking_for

ROLES = ["provider_admin", "coordinator", "facilitator", "participant", "mission_analyst"]
BOOKERS = {"provider_admin", "coordinator"}
BODY = {
    "course": "practising-it",
    "department": "DfE",
    "delivery_mode": "online",
    "earliest_start": "2027-03-01",
    "expected_size": 12,
    "notes": "Policy directorate",
}


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("missionled.cohorts.api.today", lambda: date(2027, 1, 4))


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def _client(make_user, api_client_for, role, department=None):
    if department is None and role == "coordinator":
        department = "DfE"
    return api_client_for(make_user(role, department))


@pytest.mark.parametrize("role", ROLES)
def test_post_bookings_by_role(make_user, api_client_for, role):
    client = _client(make_user, api_client_for, role)
    response = client.post("/api/v1/bookings", BODY, content_type="application/json")
    if role in BOOKERS:
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "requested"
        assert body["course"] == "practising-it"
        assert body["department"] == "DfE"
        assert body["earliest_start"] == "2027-03-01"
        assert body["cohort"] is None
        assert body["created_at"][-6] in "+-"
    else:
        assert_error(response, 403, "not_allowed")
        assert not Booking.objects.exists()


def test_a_coordinators_department_defaults_to_their_own(make_user, api_client_for):
    client = _client(make_user, api_client_for, "coordinator")
    body = {k: v for k, v in BODY.items() if k != "department"}
    response = client.post("/api/v1/bookings", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["department"] == "DfE"


def test_a_coordinator_cannot_book_for_another_department(make_user, api_client_for):
    client = _client(make_user, api_client_for, "coordinator")
    response = client.post(
        "/api/v1/bookings", {**BODY, "department": "HMRC"}, content_type="application/json"
    )
    error = assert_error(response, 403)
    assert "department" in error["fields"]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"expected_size": 31}, "expected_size", "size_out_of_bounds"),
        ({"delivery_mode": "face_to_face"}, "delivery_mode", "delivery_mode_not_offered"),
        ({"course": "juggling-it"}, "course", "unknown_course"),
        ({"department": "XYZ"}, "department", "unknown_department"),
        ({"earliest_start": "2026-12-01"}, "earliest_start", "start_in_past"),
        ({"earliest_start": "9999-12-31"}, "earliest_start", "start_too_far"),
        ({"earliest_start": "1 March"}, "earliest_start", "invalid"),
        ({"expected_size": "many"}, "expected_size", "invalid"),
        ({"contact_email": "not an email"}, "contact_email", "invalid"),
        ({"notes": "Team\u0000A"}, "notes", "invalid"),
    ],
)
def test_bad_booking_input_is_422_naming_the_field(make_user, api_client_for, change, field, code):
    client = _client(make_user, api_client_for, "provider_admin")
    response = client.post("/api/v1/bookings", {**BODY, **change}, content_type="application/json")
    error = assert_error(response, 422, code)
    assert field in error["fields"]
    assert not Booking.objects.exists()


@pytest.mark.parametrize(("region", "shown"), [(None, ""), ("", ""), ("missing", "")])
def test_an_online_booking_needs_no_venue_region(make_user, api_client_for, region, shown):
    client = _client(make_user, api_client_for, "coordinator")
    body = {**BODY} if region == "missing" else {**BODY, "venue_region": region}
    response = client.post("/api/v1/bookings", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["venue_region"] == shown


def test_a_face_to_face_booking_names_its_venue_region(make_user, api_client_for):
    client = _client(make_user, api_client_for, "coordinator")
    body = {**BODY, "course": "leading-it", "delivery_mode": "face_to_face"}
    response = client.post(
        "/api/v1/bookings", {**body, "venue_region": "Wales"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["venue_region"] == "Wales"
    assert Booking.objects.get().venue_region == "Wales"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"course": "leading-it", "delivery_mode": "face_to_face"}, "venue_region_required"),
        ({"venue_region": "London"}, "venue_region_not_allowed"),
        (
            {"course": "leading-it", "delivery_mode": "face_to_face", "venue_region": "Mars"},
            "invalid",
        ),
    ],
)
def test_a_venue_region_that_does_not_suit_the_mode_is_422(make_user, api_client_for, change, code):
    client = _client(make_user, api_client_for, "coordinator")
    response = client.post("/api/v1/bookings", {**BODY, **change}, content_type="application/json")
    error = assert_error(response, 422, code)
    assert list(error["fields"]) == ["venue_region"]
    assert not Booking.objects.exists()


def test_size_message_names_the_bound(make_user, api_client_for):
    client = _client(make_user, api_client_for, "coordinator")
    body = {**BODY, "course": "leading-it", "expected_size": 15}
    error = assert_error(
        client.post("/api/v1/bookings", body, content_type="application/json"), 422
    )
    assert (
        error["message"] == "A cohort of Leading it can have at most 14 people; you asked for 15."
    )


def test_without_a_token_every_endpoint_is_401(db):
    from django.test import Client

    client = Client()
    for method, path in [
        ("get", "/api/v1/bookings"),
        ("post", "/api/v1/bookings"),
        ("get", "/api/v1/bookings/1"),
        ("post", "/api/v1/bookings/1/confirm"),
        ("post", "/api/v1/bookings/1/cancel"),
        ("post", "/api/v1/bookings/1/decline"),
        ("get", "/api/v1/cohorts/1"),
        ("get", "/api/v1/cohorts/1/calendar.ics"),
        ("patch", "/api/v1/sessions/1"),
    ]:
        response = getattr(client, method)(path, {}, content_type="application/json")
        assert_error(response, 401, "unauthenticated")


@pytest.mark.parametrize("role", ROLES)
def test_list_bookings_by_role_is_scoped_and_paginated(make_user, api_client_for, role):
    mine = booking_for()
    booking_for(department="HMRC")
    response = _client(make_user, api_client_for, role).get("/api/v1/bookings?page_size=10")
    if role == "provider_admin":
        assert response.status_code == 200
        assert response.json()["count"] == 2
    elif role == "coordinator":
        body = response.json()
        assert set(body) == {"items", "count", "page", "page_size"}
        assert (body["count"], body["page"], body["page_size"]) == (1, 1, 10)
        assert [item["id"] for item in body["items"]] == [mine.pk]
    else:
        assert_error(response, 403)


def test_the_provider_filters_the_list(make_user, api_client_for):
    booking_for()
    hmrc = booking_for("leading-it", department="HMRC", earliest_start=date(2027, 5, 3))
    client = _client(make_user, api_client_for, "provider_admin")
    for query in (
        "department=HMRC",
        "course=leading-it",
        "status=requested&department=hmrc",
        "month=2027-05",
    ):
        body = client.get(f"/api/v1/bookings?{query}").json()
        assert [item["id"] for item in body["items"]] == [hmrc.pk], query
    assert client.get("/api/v1/bookings?status=confirmed").json()["count"] == 0
    assert_error(client.get("/api/v1/bookings?month=May"), 422)
    assert_error(client.get("/api/v1/bookings?month=0000-01"), 422)


@pytest.mark.parametrize("role", ROLES)
def test_get_another_departments_booking_is_404_for_a_coordinator(make_user, api_client_for, role):
    other = booking_for(department="HMRC")
    response = _client(make_user, api_client_for, role).get(f"/api/v1/bookings/{other.pk}")
    if role == "provider_admin":
        assert response.json()["id"] == other.pk
    elif role == "coordinator":
        assert_error(response, 404, "booking_not_found")
    else:
        assert_error(response, 403)


def test_a_coordinator_cannot_change_another_departments_booking(make_user, api_client_for):
    other = booking_for(department="HMRC")
    client = _client(make_user, api_client_for, "coordinator")
    for action in ("confirm", "cancel", "decline"):
        response = client.post(
            f"/api/v1/bookings/{other.pk}/{action}",
            {"reason": "x"},
            content_type="application/json",
        )
        assert_error(response, 404)
    other.refresh_from_db()
    assert other.status == "requested"


@pytest.mark.parametrize("role", ROLES)
def test_confirm_by_role(make_user, api_client_for, role):
    booking = booking_for()
    response = _client(make_user, api_client_for, role).post(
        f"/api/v1/bookings/{booking.pk}/confirm"
    )
    if role == "provider_admin":
        body = response.json()
        assert response.status_code == 200
        assert body["status"] == "confirmed"
        assert body["cohort"] == Cohort.objects.get(booking=booking).pk
    else:
        assert_error(response, 403)


@pytest.mark.parametrize(("query", "hour"), [("", "09"), ("?slot=afternoon", "13")])
def test_confirm_schedules_the_chosen_half_day(make_user, api_client_for, query, hour):
    booking = booking_for()
    client = _client(make_user, api_client_for, "provider_admin")
    response = client.post(f"/api/v1/bookings/{booking.pk}/confirm{query}")
    assert response.status_code == 200
    cohort = client.get(f"/api/v1/cohorts/{response.json()['cohort']}").json()
    assert {s["starts_at"][11:13] for s in cohort["sessions"]} == {hour}


def test_confirm_with_an_unknown_slot_is_422_naming_it(make_user, api_client_for):
    booking = booking_for()
    client = _client(make_user, api_client_for, "provider_admin")
    response = client.post(f"/api/v1/bookings/{booking.pk}/confirm?slot=evening")
    assert list(assert_error(response, 422)["fields"]) == ["slot"]
    assert not Cohort.objects.filter(booking=booking).exists()


def test_confirming_twice_is_409(make_user, api_client_for):
    booking = booking_for()
    client = _client(make_user, api_client_for, "provider_admin")
    assert client.post(f"/api/v1/bookings/{booking.pk}/confirm").status_code == 200
    error = assert_error(client.post(f"/api/v1/bookings/{booking.pk}/confirm"), 409)
    assert error["code"] == "transition_not_allowed"
    assert error["message"].startswith("This booking is confirmed, so it cannot be confirmed.")


def test_cancel_needs_a_reason_and_then_cancels(make_user, api_client_for):
    booking = booking_for()
    client = _client(make_user, api_client_for, "coordinator")
    path = f"/api/v1/bookings/{booking.pk}/cancel"
    error = assert_error(client.post(path, {"reason": " "}, content_type="application/json"), 422)
    assert error["fields"] == {"reason": ["Enter a reason for cancelling this booking."]}
    assert_error(client.post(path, {}, content_type="application/json"), 422)
    nul = client.post(path, {"reason": "A\u0000B"}, content_type="application/json")
    assert assert_error(nul, 422)["fields"] == {
        "reason": ["Remove the null character from the text."]
    }
    response = client.post(path, {"reason": "Budget"}, content_type="application/json")
    assert response.json()["status"] == "cancelled"
    assert response.json()["reason"] == "Budget"
    assert_error(client.post(path, {"reason": "Again"}, content_type="application/json"), 409)


def test_decline_is_for_the_provider_with_a_reason(make_user, api_client_for):
    booking = booking_for()
    path = f"/api/v1/bookings/{booking.pk}/decline"
    coordinator = _client(make_user, api_client_for, "coordinator")
    assert_error(coordinator.post(path, {"reason": "x"}, content_type="application/json"), 403)
    admin = _client(make_user, api_client_for, "provider_admin")
    response = admin.post(path, {"reason": "No facilitators"}, content_type="application/json")
    assert response.json()["status"] == "declined"


@pytest.mark.parametrize("role", ROLES)
def test_get_cohort_by_role(make_user, api_client_for, confirmed, role):
    cohort = confirmed("leading-it").cohort
    response = _client(make_user, api_client_for, role).get(f"/api/v1/cohorts/{cohort.pk}")
    if role in BOOKERS:
        body = response.json()
        assert set(body) >= {
            "id",
            "course",
            "department",
            "capacity",
            "enrolled_count",
            "waitlist_count",
            "sessions",
        }
        assert (body["course"], body["department"], body["capacity"]) == ("leading-it", "DfE", 12)
        assert (body["enrolled_count"], body["waitlist_count"]) == (0, 0)
        first = body["sessions"][0]
        assert set(first) >= {
            "id",
            "order",
            "kind",
            "starts_at",
            "ends_at",
            "delivery_mode",
            "facilitators",
        }
        assert first["facilitators"] == []
        assert first["starts_at"] == "2027-03-01T09:30:00+00:00"
        assert [s["order"] for s in body["sessions"]] == [1, 2, 3, 4, 5]
    elif role in ("facilitator", "participant"):
        # Neither runs nor attends this cohort: it is not theirs to see.
        assert_error(response, 404, "cohort_not_found")
    else:
        assert_error(response, 403)


def test_an_assigned_facilitator_and_an_enrolled_participant_read_their_cohort(
    make_user, api_client_for, confirmed
):
    from missionled.enrolments.tests.factories import EnrolmentFactory
    from missionled.facilitation.models import Assignment

    cohort = confirmed("leading-it").cohort
    facilitator = make_user("facilitator", email="fiona@provider.example")
    participant = make_user("participant", email="sam@example.gov.uk")
    first = cohort.sessions.order_by("order").first()
    Assignment.objects.create(session=first, facilitator=facilitator, role="workshop")
    EnrolmentFactory(cohort=cohort, email="sam@example.gov.uk")

    for user in (facilitator, participant):
        client = api_client_for(user)
        body = client.get(f"/api/v1/cohorts/{cohort.pk}").json()
        assert body["id"] == cohort.pk
        assert body["sessions"][0]["facilitators"] == ["fiona@provider.example"]
        calendar = client.get(f"/api/v1/cohorts/{cohort.pk}/calendar.ics")
        assert calendar.status_code == 200
        assert b"BEGIN:VCALENDAR" in calendar.content


def test_summer_times_carry_the_british_summer_time_offset(make_user, api_client_for, confirmed):
    cohort = confirmed("leading-it").cohort
    client = _client(make_user, api_client_for, "provider_admin")
    last = client.get(f"/api/v1/cohorts/{cohort.pk}").json()["sessions"][-1]
    assert last["starts_at"].endswith("T09:30:00+01:00")
    assert last["ends_at"].endswith("T13:00:00+01:00")


def test_another_departments_cohort_and_calendar_are_404(make_user, api_client_for, confirmed):
    cohort = confirmed(department="HMRC").cohort
    client = _client(make_user, api_client_for, "coordinator")
    assert_error(client.get(f"/api/v1/cohorts/{cohort.pk}"), 404, "cohort_not_found")
    assert_error(client.get(f"/api/v1/cohorts/{cohort.pk}/calendar.ics"), 404)


def test_the_calendar_feed_is_icalendar(make_user, api_client_for, confirmed):
    cohort = confirmed().cohort
    client = _client(make_user, api_client_for, "coordinator")
    response = client.get(f"/api/v1/cohorts/{cohort.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    assert response.content.count(b"BEGIN:VEVENT") == 2


@pytest.mark.parametrize("role", ROLES)
def test_patch_session_by_role(make_user, api_client_for, confirmed, role):
    session = confirmed().cohort.sessions.get(order=2)
    response = _client(make_user, api_client_for, role).patch(
        f"/api/v1/sessions/{session.pk}",
        {"starts_at": "2027-04-01T09:30:00+01:00"},
        content_type="application/json",
    )
    if role == "provider_admin":
        body = response.json()
        assert response.status_code == 200, body
        assert body["starts_at"] == "2027-04-01T09:30:00+01:00"
        assert body["sequence"] == 1
        assert body["uid"] == session.uid
        assert body["warnings"] == [
            "The gap after session 1 would be 31 days; the course aims for 28 days. "
            "The gap between a session and the one before it is the course's target where "
            "possible."
        ]
    else:
        assert_error(response, 403)


def test_patch_session_onto_a_bank_holiday_is_422_naming_the_rule(
    make_user, api_client_for, confirmed
):
    session = confirmed().cohort.sessions.get(order=2)
    client = _client(make_user, api_client_for, "provider_admin")
    response = client.patch(
        f"/api/v1/sessions/{session.pk}",
        {"starts_at": "2027-03-26T09:30:00+00:00"},
        content_type="application/json",
    )
    error = assert_error(response, 422, "bank_holiday")
    assert "bank holiday (Good Friday)" in error["message"]
    assert "A session is never on a bank holiday" in error["fields"]["starts_at"][0]


@pytest.mark.parametrize(
    "starts_at", ["2027-04-01T09:30:00", "9999-12-31T23:00:00-05:00", "tomorrow"]
)
def test_patch_session_with_a_bad_time_is_422(make_user, api_client_for, confirmed, starts_at):
    session = confirmed().cohort.sessions.get(order=2)
    client = _client(make_user, api_client_for, "provider_admin")
    response = client.patch(
        f"/api/v1/sessions/{session.pk}", {"starts_at": starts_at}, content_type="application/json"
    )
    assert "starts_at" in assert_error(response, 422)["fields"]


def test_unknown_and_huge_ids_are_404_or_422_never_500(make_user, api_client_for):
    client = _client(make_user, api_client_for, "provider_admin")
    assert_error(client.get("/api/v1/bookings/999999"), 404)
    assert_error(client.get("/api/v1/cohorts/999999"), 404)
    assert_error(client.get("/api/v1/bookings/99999999999999999999999"), 422)
    response = client.patch(
        "/api/v1/sessions/999999",
        {"starts_at": "2027-04-01T09:30:00+01:00"},
        content_type="application/json",
    )
    assert_error(response, 404)


def test_the_openapi_document_describes_every_booking_operation(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/bookings"])
    for path in (
        "/api/v1/bookings/{booking_id}/confirm",
        "/api/v1/bookings/{booking_id}/cancel",
        "/api/v1/bookings/{booking_id}/decline",
    ):
        assert "409" in paths[path]["post"]["responses"]
    assert "422" in paths["/api/v1/sessions/{session_id}"]["patch"]["responses"]
    assert "text/calendar" in str(paths["/api/v1/cohorts/{cohort_id}/calendar.ics"])
