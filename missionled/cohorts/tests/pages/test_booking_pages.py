from datetime import date

import pytest
from django.urls import reverse

from missionled.cohorts.models import Booking, Cohort
from missionled.cohorts.tests.factories import booking_for
from missionled.core.models import AuditEntry

ROLES = ["provider_admin", "coordinator", "facilitator", "participant", "mission_analyst"]
BOOKERS = {"provider_admin", "coordinator"}
FORM = {
    "course": "practising-it",
    "department": "DfE",
    "delivery_mode": "online",
    "earliest_start": "01/03/2027",
    "expected_size": "12",
    "contact_name": "Dan Okafor",
    "contact_email": "dan@dfe.example",
    "notes": "",
}


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("missionled.cohorts.views.today", lambda: date(2027, 1, 4))


def _client(make_user, page_client_for, role, department=None):
    return page_client_for(make_user(role, department))


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for name in ("cohorts:booking-list", "cohorts:booking-request"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign-in"))


@pytest.mark.parametrize("role", ROLES)
def test_the_booking_pages_by_role(make_user, page_client_for, role):
    booking = booking_for()
    client = _client(make_user, page_client_for, role)
    for url in (
        reverse("cohorts:booking-list"),
        reverse("cohorts:booking-request"),
        reverse("cohorts:booking-detail", args=[booking.pk]),
    ):
        response = client.get(url)
        if role in BOOKERS:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url
            assert b"You cannot see this page" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_the_header_shows_bookings_only_to_those_who_book(make_user, page_client_for, role):
    response = _client(make_user, page_client_for, role).get(reverse("core:account"))
    assert (b">Bookings<" in response.content) == (role in BOOKERS)


def test_a_coordinator_cannot_see_another_departments_booking_or_cohort(
    make_user, page_client_for, confirmed
):
    booking = confirmed(department="HMRC")
    client = _client(make_user, page_client_for, "coordinator", "DfE")
    for url in (
        reverse("cohorts:booking-detail", args=[booking.pk]),
        reverse("cohorts:cohort-detail", args=[booking.cohort.pk]),
        reverse("cohorts:cohort-calendar", args=[booking.cohort.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("cohorts:booking-cancel", args=[booking.pk]), {"reason": "Not ours"}
    )
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_the_list_shows_a_coordinator_only_their_departments_bookings(make_user, page_client_for):
    mine = booking_for()
    theirs = booking_for(department="HMRC")
    response = _client(make_user, page_client_for, "coordinator").get(
        reverse("cohorts:booking-list")
    )
    assert f"Booking {mine.pk}<".encode() in response.content
    assert f"Booking {theirs.pk}<".encode() not in response.content
    assert b'name="department"' not in response.content


def test_the_provider_filters_the_list_in_the_url(make_user, page_client_for):
    dfe = booking_for()
    hmrc = booking_for("leading-it", department="HMRC", earliest_start=date(2027, 5, 3))
    client = _client(make_user, page_client_for, "provider_admin")
    for query, shown, hidden in [
        ("department=HMRC", hmrc, dfe),
        ("course=practising-it", dfe, hmrc),
        ("month=2027-05", hmrc, dfe),
        ("status=requested&course=leading-it", hmrc, dfe),
    ]:
        response = client.get(reverse("cohorts:booking-list") + "?" + query)
        assert f"Booking {shown.pk}<".encode() in response.content, query
        assert f"Booking {hidden.pk}<".encode() not in response.content, query
    bad = client.get(reverse("cohorts:booking-list") + "?month=May")
    assert b"There is a problem" in bad.content


def test_the_course_page_preselects_the_course(make_user, page_client_for):
    client = _client(make_user, page_client_for, "coordinator")
    response = client.get(reverse("cohorts:booking-request") + "?course=leading-it")
    assert b'value="leading-it" checked' in response.content
    assert b'name="department"' not in response.content


def test_a_coordinator_requests_a_booking_through_the_form(make_user, page_client_for):
    client = _client(make_user, page_client_for, "coordinator")
    body = {k: v for k, v in FORM.items() if k != "department"}
    response = client.post(reverse("cohorts:booking-request"), body)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:booking-detail", args=[booking.pk])
    assert (booking.department.acronym, booking.expected_size) == ("DfE", 12)
    page = client.get(response["Location"])
    assert b"Booking requested" in page.content
    assert b"govuk-tag--blue" in page.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expected_size": "31"}, b"A cohort of Practising it can have at most 30 people"),
        ({"expected_size": "lots"}, b"Enter the number of places as a whole number"),
        ({"delivery_mode": "face_to_face"}, b"Practising it is not offered face to face"),
        ({"earliest_start": "31/02/2027"}, b"Enter the earliest start date as a real date"),
        ({"earliest_start": ""}, b"Enter the earliest start date"),
        ({"course": ""}, b"Select a course"),
        ({"contact_email": "dan"}, b"Enter an email address like"),
    ],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(
    make_user, page_client_for, change, message
):
    client = _client(make_user, page_client_for, "provider_admin")
    response = client.post(reverse("cohorts:booking-request"), {**FORM, **change})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert message in response.content
    assert b"<title>Error: " in response.content
    assert not Booking.objects.exists()


def test_a_face_to_face_booking_names_its_venue_region_on_the_form(make_user, page_client_for):
    client = _client(make_user, page_client_for, "coordinator")
    form = client.get(reverse("cohorts:booking-request"))
    assert b'<select name="venue_region"' in form.content
    assert b'<option value="Yorkshire and The Humber">' in form.content
    body = {k: v for k, v in FORM.items() if k != "department"}
    body.update(course="leading-it", delivery_mode="face_to_face", venue_region="North East")
    response = client.post(reverse("cohorts:booking-request"), body)
    assert response.status_code == 302
    assert Booking.objects.get().venue_region == "North East"
    page = client.get(response["Location"])
    assert b"Face to face, venue in North East" in page.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"course": "leading-it", "delivery_mode": "face_to_face", "venue_region": ""},
            b"Select the region of the venue for the face to face workshops.",
        ),
        ({"venue_region": "London"}, b"An online booking has no venue"),
        ({"venue_region": "Atlantis"}, b"Select a region from the list"),
    ],
)
def test_a_venue_region_that_does_not_suit_the_mode_is_shown_on_the_form(
    make_user, page_client_for, change, message
):
    client = _client(make_user, page_client_for, "provider_admin")
    response = client.post(reverse("cohorts:booking-request"), {**FORM, **change})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b'href="#id_venue_region"' in response.content
    assert message in response.content
    assert not Booking.objects.exists()


def test_the_provider_confirms_then_sees_the_cohort_and_calendar(make_user, page_client_for):
    booking = booking_for("leading-it", delivery_mode="face_to_face")
    client = _client(make_user, page_client_for, "provider_admin")
    detail = client.get(reverse("cohorts:booking-detail", args=[booking.pk]))
    assert b"Confirm and schedule sessions" in detail.content
    response = client.post(
        reverse("cohorts:booking-confirm", args=[booking.pk]), {"slot": "afternoon"}
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(booking=booking)
    page = client.get(reverse("cohorts:cohort-detail", args=[cohort.pk]))
    assert page.status_code == 200
    assert page.content.count(b">13:30 to 17:00<") == 5
    assert b"Face to face" in page.content
    assert reverse("cohorts:cohort-calendar", args=[cohort.pk]).encode() in page.content
    ics = client.get(reverse("cohorts:cohort-calendar", args=[cohort.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics.content.count(b"BEGIN:VEVENT") == 5
    timeline = client.get(reverse("cohorts:booking-detail", args=[booking.pk]))
    assert b"Booking confirmed and sessions scheduled" in timeline.content


def test_a_coordinator_sees_no_provider_actions_and_cannot_post_them(make_user, page_client_for):
    booking = booking_for()
    client = _client(make_user, page_client_for, "coordinator")
    page = client.get(reverse("cohorts:booking-detail", args=[booking.pk]))
    assert b"Confirm and schedule sessions" not in page.content
    assert b"Decline booking" not in page.content
    assert b"Cancel booking" in page.content
    response = client.post(
        reverse("cohorts:booking-confirm", args=[booking.pk]), {"slot": "morning"}
    )
    assert b"Only the provider can confirm a booking." in response.content
    booking.refresh_from_db()
    assert booking.status == "requested"


def test_cancel_without_a_reason_shows_an_error_and_changes_nothing(make_user, page_client_for):
    booking = booking_for()
    client = _client(make_user, page_client_for, "coordinator")
    response = client.post(reverse("cohorts:booking-cancel", args=[booking.pk]), {"reason": ""})
    assert b"govuk-error-summary" in response.content
    assert b"Enter a reason for cancelling" in response.content
    assert b'href="#cancel-reason"' in response.content
    booking.refresh_from_db()
    assert booking.status == "requested"
    response = client.post(
        reverse("cohorts:booking-cancel", args=[booking.pk]), {"reason": "Budget frozen"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Budget frozen" in page.content
    assert b"govuk-tag--red" in page.content


def test_an_illegal_transition_on_the_page_says_why(make_user, page_client_for):
    booking = booking_for(status="declined", reason="No facilitators")
    client = _client(make_user, page_client_for, "provider_admin")
    response = client.post(reverse("cohorts:booking-cancel", args=[booking.pk]), {"reason": "x"})
    assert b"This booking is declined, so it cannot be cancelled." in response.content
    assert not AuditEntry.objects.filter(action="cohorts.booking.cancelled").exists()


def test_the_provider_declines_with_a_reason(make_user, page_client_for):
    booking = booking_for()
    client = _client(make_user, page_client_for, "provider_admin")
    client.post(reverse("cohorts:booking-decline", args=[booking.pk]), {"reason": "Full term"})
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == ("declined", "Full term")


@pytest.mark.parametrize("role", ROLES)
def test_the_session_move_page_is_for_the_provider_only(
    make_user, page_client_for, confirmed, role
):
    session = confirmed().cohort.sessions.get(order=2)
    response = _client(make_user, page_client_for, role).get(
        reverse("cohorts:session-move", args=[session.pk])
    )
    assert response.status_code == (200 if role == "provider_admin" else 403)


def test_a_refused_move_names_the_rule_and_moves_nothing(make_user, page_client_for, confirmed):
    session = confirmed().cohort.sessions.get(order=2)
    client = _client(make_user, page_client_for, "provider_admin")
    response = client.post(
        reverse("cohorts:session-move", args=[session.pk]),
        {"date": "26/03/2027", "slot": "morning"},
    )
    assert b"govuk-error-summary" in response.content
    assert b"bank holiday (Good Friday)" in response.content
    assert b'href="#id_date"' in response.content
    session.refresh_from_db()
    assert session.sequence == 0


def test_an_accepted_move_warns_about_soft_rules(make_user, page_client_for, confirmed):
    session = confirmed().cohort.sessions.get(order=2)
    client = _client(make_user, page_client_for, "provider_admin")
    response = client.post(
        reverse("cohorts:session-move", args=[session.pk]),
        {"date": "01/04/2027", "slot": "afternoon"},
        follow=True,
    )
    assert b"Workshop 2 moved" in response.content
    assert b"the course aims for 28 days" in response.content
    session.refresh_from_db()
    assert session.sequence == 1


def test_the_provider_changes_capacity_within_bounds(make_user, page_client_for, confirmed):
    cohort = confirmed().cohort
    client = _client(make_user, page_client_for, "provider_admin")
    url = reverse("cohorts:cohort-capacity", args=[cohort.pk])
    response = client.post(url, {"capacity": "31"})
    assert b"A cohort of Practising it can have at most 30 people" in response.content
    assert client.post(url, {"capacity": "20"}).status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 20
    coordinator = _client(make_user, page_client_for, "coordinator")
    assert (
        b"Change capacity"
        not in coordinator.get(reverse("cohorts:cohort-detail", args=[cohort.pk])).content
    )
    assert b"Only the provider" in coordinator.post(url, {"capacity": "10"}).content


def test_the_back_office_lists_bookings_and_cohorts(make_user, page_client_for, confirmed):
    cohort = confirmed().cohort
    client = _client(make_user, page_client_for, "provider_admin")
    assert client.get("/back-office/cohorts/booking/").status_code == 200
    assert (
        client.get(f"/back-office/cohorts/booking/{cohort.booking_id}/change/").status_code == 200
    )
    assert client.get(f"/back-office/cohorts/cohort/{cohort.pk}/change/").status_code == 200


def _history(page: bytes) -> str:
    text = page.decode()
    return text[text.index(">History</h2>") :]


def test_the_history_says_what_happened_who_did_it_and_why_in_order(make_user, page_client_for):
    from missionled.catalogue.models import Course
    from missionled.cohorts.services.bookings import (
        booking_cancel,
        booking_confirm,
        booking_request,
    )

    coordinator = make_user("coordinator", name="Dana Okafor")
    admin = make_user("provider_admin", name="Priya Shah")
    booking = booking_request(
        actor=coordinator,
        course=Course.objects.get(slug="practising-it"),
        department=coordinator.department,
        delivery_mode="online",
        earliest_start=date(2027, 3, 1),
        expected_size=12,
        today=date(2027, 1, 4),
    )
    booking_confirm(booking=booking, actor=admin, today=date(2027, 1, 4))
    booking_cancel(booking=booking, actor=coordinator, reason="Budget frozen until April")

    history = _history(
        _client(make_user, page_client_for, "provider_admin")
        .get(reverse("cohorts:booking-detail", args=[booking.pk]))
        .content
    )
    requested = history.index("Booking requested")
    confirmed = history.index("Booking confirmed and sessions scheduled")
    cancelled = history.index("Booking cancelled")
    assert requested < confirmed < cancelled
    assert "by Dana Okafor" in history[requested:confirmed]
    assert "12 places from 2027-03-01" in history[requested:confirmed]
    assert "by Priya Shah" in history[confirmed:cancelled]
    assert "by Dana Okafor" in history[cancelled:]
    assert "Budget frozen until April" in history[cancelled:]
