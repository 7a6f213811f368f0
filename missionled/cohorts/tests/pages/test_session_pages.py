"""The provider's session pages beyond moving: cancelling one session."""

from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import ROLES
from missionled.core.clock import LONDON
from missionled.core.models import AuditEntry

BEFORE = datetime(2027, 2, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: Any) -> None:
    monkeypatch.setattr("missionled.cohorts.views.now", lambda: BEFORE)


@pytest.fixture
def second(confirmed: Any) -> Any:
    return confirmed().cohort.sessions.get(order=2)


@pytest.mark.parametrize("role", ROLES)
def test_the_cancel_page_is_for_the_provider_only(
    make_user: Any, page_client_for: Any, second: Any, role: str
) -> None:
    client = page_client_for(make_user(role))
    url = reverse("cohorts:session-cancel", args=[second.pk])
    page = client.get(url)
    posted = client.post(url, {"reason": "Venue lost"})
    second.refresh_from_db()
    if role == "provider_admin":
        assert page.status_code == 200
        assert b"Cancel this session" in page.content
        assert b"Reason for cancelling the session" in page.content
        assert posted.status_code == 302
        assert second.status == "cancelled"
    else:
        assert (page.status_code, posted.status_code) == (403, 403)
        assert second.status == "scheduled"


@pytest.mark.parametrize("role", ["provider_admin", "coordinator"])
def test_the_cohort_page_offers_cancel_only_to_the_provider(
    make_user: Any, page_client_for: Any, second: Any, role: str
) -> None:
    page = page_client_for(make_user(role)).get(
        reverse("cohorts:cohort-detail", args=[second.cohort_id])
    )
    link = reverse("cohorts:session-cancel", args=[second.pk]).encode()
    assert (link in page.content) is (role == "provider_admin")


def test_the_provider_cancels_a_session_and_the_cohort_page_shows_it(
    make_user: Any, page_client_for: Any, second: Any
) -> None:
    client = page_client_for(make_user("provider_admin"))
    response = client.post(
        reverse("cohorts:session-cancel", args=[second.pk]),
        {"reason": "Venue lost"},
        follow=True,
    )
    assert b"Workshop 2 cancelled" in response.content
    assert reverse("cohorts:session-cancel", args=[second.pk]).encode() not in response.content
    assert AuditEntry.objects.get(action="cohorts.booking.session_cancelled").payload["reason"] == (
        "Venue lost"
    )
    booking = client.get(reverse("cohorts:booking-detail", args=[second.cohort.booking_id]))
    assert b"Session cancelled" in booking.content
    assert b"Venue lost" in booking.content


def test_cancelling_without_a_reason_shows_the_error_and_changes_nothing(
    make_user: Any, page_client_for: Any, second: Any
) -> None:
    client = page_client_for(make_user("provider_admin"))
    response = client.post(reverse("cohorts:session-cancel", args=[second.pk]), {"reason": ""})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a reason for cancelling this session" in response.content
    assert b'href="#cancel-session-reason"' in response.content
    second.refresh_from_db()
    assert second.status == "scheduled"


def test_a_started_session_cannot_be_cancelled_and_the_page_says_why(
    make_user: Any, page_client_for: Any, second: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        "missionled.cohorts.views.now", lambda: datetime(2027, 3, 30, 10, 0, tzinfo=LONDON)
    )
    client = page_client_for(make_user("provider_admin"))
    cohort_page = client.get(reverse("cohorts:cohort-detail", args=[second.cohort_id]))
    assert reverse("cohorts:session-cancel", args=[second.pk]).encode() not in cohort_page.content
    response = client.post(reverse("cohorts:session-cancel", args=[second.pk]), {"reason": "Late"})
    assert b"govuk-error-summary" in response.content
    assert b"This session started on 30 March 2027 at 09:30" in response.content
    second.refresh_from_db()
    assert second.status == "scheduled"


# --- Joining details ---

LINK = "https://teams.example/meet/123"
VENUE = "Sanctuary Buildings\n20 Great Smith Street"


@pytest.mark.parametrize("role", ROLES)
def test_the_joining_details_page_is_for_the_provider_only(
    make_user: Any, page_client_for: Any, second: Any, role: str
) -> None:
    client = page_client_for(make_user(role))
    url = reverse("cohorts:session-joining-details", args=[second.pk])
    page = client.get(url)
    posted = client.post(url, {"joining_details": LINK})
    second.refresh_from_db()
    if role == "provider_admin":
        assert page.status_code == 200
        assert b"Joining details for Workshop 2" in page.content
        assert posted.status_code == 302
        assert second.joining_details == LINK
    else:
        assert (page.status_code, posted.status_code) == (403, 403)
        assert second.joining_details == ""


def test_too_long_details_show_the_error_and_save_nothing(
    make_user: Any, page_client_for: Any, second: Any
) -> None:
    client = page_client_for(make_user("provider_admin"))
    url = reverse("cohorts:session-joining-details", args=[second.pk])
    response = client.post(url, {"joining_details": "x" * 2001})
    assert b"govuk-error-summary" in response.content
    assert b"Joining details must be 2000 characters or fewer" in response.content
    second.refresh_from_db()
    assert second.joining_details == ""


@pytest.mark.parametrize("role", ["provider_admin", "coordinator"])
def test_the_cohort_page_shows_joining_details_to_those_who_see_the_cohort(
    make_user: Any, page_client_for: Any, second: Any, role: str
) -> None:
    second.joining_details = VENUE
    second.save()
    page = page_client_for(make_user(role)).get(
        reverse("cohorts:cohort-detail", args=[second.cohort_id])
    )
    assert b"Sanctuary Buildings<br>20 Great Smith Street" in page.content
    edit = reverse("cohorts:session-joining-details", args=[second.pk]).encode()
    assert (edit in page.content) is (role == "provider_admin")
    other = page_client_for(make_user("coordinator", "HMRC")).get(
        reverse("cohorts:cohort-detail", args=[second.cohort_id])
    )
    assert other.status_code == 404


def test_my_learning_shows_joining_details_to_enrolled_participants_only(
    make_user: Any, page_client_for: Any, second: Any
) -> None:
    from missionled.enrolments.tests.factories import EnrolmentFactory

    second.joining_details = LINK
    second.save()
    enrolled = make_user("participant", email="sam@education.gov.uk")
    waiting = make_user("participant", email="kit@education.gov.uk")
    EnrolmentFactory(cohort=second.cohort, email="sam@education.gov.uk")
    EnrolmentFactory(cohort=second.cohort, email="kit@education.gov.uk", status="waitlisted")
    mine = page_client_for(enrolled).get(reverse("attendance:me"))
    assert f'<a href="{LINK}" rel="nofollow">{LINK}</a>'.encode() in mine.content
    theirs = page_client_for(waiting).get(reverse("attendance:me"))
    assert b"Workshop 2" in theirs.content
    assert LINK.encode() not in theirs.content


def test_joining_details_never_appear_on_a_public_page(client: Any, second: Any) -> None:
    second.joining_details = LINK
    second.save()
    for url in (
        "/",
        reverse("catalogue:list"),
        reverse("catalogue:detail", args=["practising-it"]),
        "/api/v1/courses/practising-it",
        "/missions/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert LINK.encode() not in response.content, url
    assert client.get(reverse("cohorts:cohort-detail", args=[second.cohort_id])).status_code == 302
