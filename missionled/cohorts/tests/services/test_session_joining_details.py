"""How to join a session: set by the provider, carried in the calendar feeds."""

from datetime import datetime
from typing import Any

import pytest
from icalendar import Calendar

from missionled.attendance.selectors import my_calendar
from missionled.cohorts.ical import cohort_calendar
from missionled.cohorts.models import Session
from missionled.cohorts.services.bookings import booking_cancel
from missionled.cohorts.services.sessions import (
    DETAILS_TOO_LONG,
    NOTHING_TO_CHANGE,
    session_change,
    session_joining_details_change,
)
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.enrolments.tests.factories import EnrolmentFactory

STAMP = datetime(2027, 1, 4, 12, 0, tzinfo=LONDON)
VENUE = "Sanctuary Buildings\r\n20 Great Smith Street, London SW1P 3BT\r\nAsk at reception."
LINK = "https://teams.example/meet/123 passcode 4567"


@pytest.fixture
def second(confirmed: Any) -> Session:
    return confirmed().cohort.sessions.get(order=2)


def _events(data: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_the_provider_sets_joining_details_raising_the_sequence(
    admin: Any, second: Session
) -> None:
    changed = session_joining_details_change(
        session=second, actor=admin, joining_details=f"  {VENUE}  "
    )
    changed.refresh_from_db()
    assert changed.joining_details == VENUE.replace("\r\n", "\n")
    assert (changed.sequence, changed.uid) == (1, second.uid)
    audit = AuditEntry.objects.get(action="cohorts.booking.session_joining_details_changed")
    assert audit.payload == {"session": second.pk, "order": 2, "cleared": False}
    assert "Smith Street" not in str(audit.payload)


def test_saving_the_same_details_again_changes_nothing(admin: Any, second: Session) -> None:
    session_joining_details_change(session=second, actor=admin, joining_details=LINK)
    session_joining_details_change(session=second, actor=admin, joining_details=LINK + "\n")
    second.refresh_from_db()
    assert second.sequence == 1
    assert AuditEntry.objects.filter(action__endswith="joining_details_changed").count() == 1


def test_blank_details_clear_them(admin: Any, second: Session) -> None:
    session_joining_details_change(session=second, actor=admin, joining_details=LINK)
    session_joining_details_change(session=second, actor=admin, joining_details="  ")
    second.refresh_from_db()
    assert second.joining_details == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [("x" * 2001, DETAILS_TOO_LONG.format(limit=2000)), ("A\x00B", None)],
)
def test_bad_details_are_refused_naming_the_field(
    admin: Any, second: Session, text: str, message: str | None
) -> None:
    with pytest.raises(RuleBroken) as caught:
        session_joining_details_change(session=second, actor=admin, joining_details=text)
    assert list(caught.value.fields) == ["joining_details"]
    if message:
        assert caught.value.message == message


def test_a_cancelled_sessions_details_cannot_change(admin: Any, second: Session) -> None:
    booking_cancel(booking=second.cohort.booking, actor=admin, reason="Merged")
    with pytest.raises(Conflict):
        session_joining_details_change(session=second, actor=admin, joining_details=LINK)


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_sets_joining_details(make_user: Any, second: Session, role: str) -> None:
    with pytest.raises(NotAllowed):
        session_joining_details_change(session=second, actor=make_user(role), joining_details=LINK)


def test_a_change_needs_a_start_or_details(admin: Any, second: Session) -> None:
    with pytest.raises(RuleBroken) as caught:
        session_change(session=second, actor=admin)
    assert caught.value.message == NOTHING_TO_CHANGE
    assert set(caught.value.fields) == {"starts_at", "joining_details"}


def test_a_refused_move_keeps_the_details_unchanged_too(admin: Any, second: Session) -> None:
    with pytest.raises(RuleBroken):
        session_change(
            session=second,
            actor=admin,
            starts_at=datetime(2027, 3, 26, 9, 30, tzinfo=LONDON),  # Good Friday
            joining_details=LINK,
        )
    second.refresh_from_db()
    assert (second.joining_details, second.sequence) == ("", 0)


def test_the_cohort_feed_carries_the_details_in_location_and_description(
    admin: Any, second: Session
) -> None:
    session_joining_details_change(session=second, actor=admin, joining_details=VENUE)
    events = _events(cohort_calendar(second.cohort, stamp=STAMP))
    event = events[second.uid]
    assert str(event["LOCATION"]) == (
        "Sanctuary Buildings, 20 Great Smith Street, London SW1P 3BT, Ask at reception."
    )
    assert str(event["DESCRIPTION"]).endswith(
        "\n\nHow to join:\nSanctuary Buildings\n20 Great Smith Street, London SW1P 3BT\n"
        "Ask at reception."
    )
    assert event["SEQUENCE"] == 1
    first = events[second.cohort.sessions.get(order=1).uid]
    assert str(first["LOCATION"]) == "Online"
    assert "How to join" not in str(first["DESCRIPTION"])


def test_the_feed_for_a_reader_without_a_place_leaves_the_details_out(
    admin: Any, second: Session
) -> None:
    session_joining_details_change(session=second, actor=admin, joining_details=LINK)
    data = cohort_calendar(second.cohort, stamp=STAMP, joining=False)
    assert b"teams.example" not in data
    assert str(_events(data)[second.uid]["LOCATION"]) == "Online"


def test_the_personal_feed_carries_the_details(admin: Any, make_user: Any, second: Session) -> None:
    session_joining_details_change(session=second, actor=admin, joining_details=LINK)
    person = make_user("participant", email="sam@education.gov.uk")
    EnrolmentFactory(cohort=second.cohort, email="sam@education.gov.uk")
    event = _events(my_calendar(person, stamp=STAMP))[second.uid]
    assert str(event["LOCATION"]) == LINK
    assert str(event["DESCRIPTION"]).endswith(f"How to join:\n{LINK}")
