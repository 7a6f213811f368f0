from datetime import date

import pytest

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking
from missionled.cohorts.services import bookings
from missionled.cohorts.services.bookings import booking_request
from missionled.core.errors import NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.organisations.models import Department

TODAY = date(2027, 1, 4)


def _request(actor, course="practising-it", department="DfE", **extra):
    values = {
        "delivery_mode": "online",
        "earliest_start": date(2027, 3, 1),
        "expected_size": 12,
        "today": TODAY,
        **extra,
    }
    return booking_request(
        actor=actor,
        course=Course.objects.get(slug=course),
        department=Department.objects.get(acronym=department),
        **values,
    )


def test_a_coordinator_requests_a_booking_for_their_department_and_it_is_audited(coordinator):
    booking = _request(coordinator, contact_name=" Dan ", notes="Team away day")
    assert booking.status == Booking.Status.REQUESTED
    assert booking.requested_by == coordinator
    assert booking.contact_name == "Dan"
    entry = AuditEntry.objects.get(action="cohorts.booking.requested", object_id=str(booking.pk))
    assert entry.actor == coordinator
    assert entry.payload["expected_size"] == 12


def test_the_provider_requests_for_any_department(admin):
    assert _request(admin, department="HMRC").department.acronym == "HMRC"


def test_a_coordinator_cannot_book_for_another_department(coordinator):
    with pytest.raises(NotAllowed) as caught:
        _request(coordinator, department="HMRC")
    assert caught.value.message == bookings.OTHER_DEPARTMENT.format(own="DfE")
    assert not Booking.objects.exists()


@pytest.mark.parametrize("role", ["facilitator", "participant", "mission_analyst"])
def test_other_roles_may_not_book(make_user, role):
    with pytest.raises(NotAllowed):
        _request(make_user(role))
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("course", "size", "message"),
    [
        (
            "practising-it",
            9,
            "A cohort of Practising it needs at least 10 people; you asked for 9.",
        ),
        (
            "practising-it",
            31,
            "A cohort of Practising it can have at most 30 people; you asked for 31.",
        ),
        (
            "understanding-it",
            0,
            "A cohort of Understanding it needs at least 10 people; you asked for 0.",
        ),
        ("leading-it", 15, "A cohort of Leading it can have at most 14 people; you asked for 15."),
        ("leading-it", 9, "A cohort of Leading it needs at least 10 people; you asked for 9."),
    ],
)
def test_size_outside_the_course_bounds_is_refused_naming_the_bound(
    coordinator, course, size, message
):
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator, course=course, expected_size=size)
    assert caught.value.message == message
    assert caught.value.fields == {"expected_size": [message]}
    assert not Booking.objects.exists()


@pytest.mark.parametrize(("course", "size"), [("practising-it", 30), ("leading-it", 10)])
def test_size_on_the_bound_is_accepted(coordinator, course, size):
    assert _request(coordinator, course=course, expected_size=size).expected_size == size


def test_face_to_face_is_accepted_for_leading_it_with_its_venue_region(coordinator):
    booking = _request(
        coordinator, course="leading-it", delivery_mode="face_to_face", venue_region="North West"
    )
    assert (booking.delivery_mode, booking.venue_region) == ("face_to_face", "North West")
    entry = AuditEntry.objects.get(action="cohorts.booking.requested", object_id=str(booking.pk))
    assert entry.payload["venue_region"] == "North West"


@pytest.mark.parametrize(
    ("mode", "region", "message"),
    [
        ("face_to_face", "", bookings.VENUE_REGION_REQUIRED),
        ("online", "London", bookings.VENUE_REGION_ONLINE),
        ("face_to_face", "Cornwall", "'Cornwall' is not a UK region. Choose one of: North East"),
    ],
)
def test_the_venue_region_must_suit_the_delivery_mode(coordinator, mode, region, message):
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator, course="leading-it", delivery_mode=mode, venue_region=region)
    assert caught.value.message.startswith(message)
    assert list(caught.value.fields) == ["venue_region"]
    assert not Booking.objects.exists()


def test_the_database_refuses_a_face_to_face_booking_without_a_venue_region(ref_data):
    from django.db import IntegrityError

    from missionled.cohorts.tests.factories import booking_for

    with pytest.raises(IntegrityError):
        booking_for("leading-it", delivery_mode="face_to_face", venue_region="")


@pytest.mark.parametrize("course", ["understanding-it", "practising-it"])
def test_face_to_face_is_refused_for_online_only_courses(coordinator, course):
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator, course=course, delivery_mode="face_to_face")
    assert "is not offered face to face. Choose online." in caught.value.message
    assert list(caught.value.fields) == ["delivery_mode"]


def test_an_unknown_delivery_mode_is_refused(coordinator):
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator, delivery_mode="carrier_pigeon")
    assert list(caught.value.fields) == ["delivery_mode"]


def test_an_earliest_start_in_the_past_is_refused(coordinator):
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator, earliest_start=date(2027, 1, 3))
    assert caught.value.message == bookings.START_IN_PAST


def test_an_inactive_course_is_refused(coordinator):
    Course.objects.filter(slug="practising-it").update(is_active=False)
    with pytest.raises(RuleBroken) as caught:
        _request(coordinator)
    assert caught.value.fields == {"course": ["Practising it is not open for bookings."]}
