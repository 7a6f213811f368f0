"""The programme's slots and blackout periods come from settings, for booking and moving alike."""

import os
import subprocess
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from config.settings import base
from missionled.cohorts.services.bookings import booking_confirm
from missionled.cohorts.services.sessions import session_move
from missionled.cohorts.tests.factories import booking_for
from missionled.core.clock import LONDON
from missionled.core.errors import RuleBroken
from missionled.scheduling.rules import SlotTimes, blackouts_parse

LATE_SLOTS = SlotTimes(time(10, 0), time(13, 30), time(14, 0), time(17, 30))
ROOT = Path(base.__file__).resolve().parent.parent.parent


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def _local_times(booking: Any) -> list[tuple[datetime, datetime]]:
    return [
        (s.starts_at.astimezone(LONDON), s.ends_at.astimezone(LONDON))
        for s in booking.cohort.sessions.order_by("order")
    ]


@override_settings(SCHEDULING_SLOT_TIMES=LATE_SLOTS)
@pytest.mark.parametrize(
    ("slot", "start", "end"), [("morning", (10, 0), (13, 30)), ("afternoon", (14, 0), (17, 30))]
)
def test_a_confirmed_booking_follows_the_configured_slot(
    admin: Any, slot: str, start: tuple[int, int], end: tuple[int, int]
) -> None:
    booking = booking_confirm(booking=booking_for(), actor=admin, slot=slot)
    assert _local_times(booking) == [
        (_at(2027, 3, 1, *start), _at(2027, 3, 1, *end)),
        (_at(2027, 3, 30, *start), _at(2027, 3, 30, *end)),
    ]


@override_settings(SCHEDULING_BLACKOUTS=blackouts_parse("03-01:03-05 Spring closure"))
def test_a_confirmed_booking_avoids_a_configured_blackout(admin: Any) -> None:
    booking = booking_confirm(booking=booking_for(), actor=admin)
    first, _ = _local_times(booking)[0]
    assert first == _at(2027, 3, 8, 9, 30)


def test_without_blackouts_configured_the_christmas_week_is_open(admin: Any) -> None:
    from datetime import date

    booking = booking_for(earliest_start=date(2027, 12, 29))
    with override_settings(SCHEDULING_BLACKOUTS=()):
        open_booking = booking_confirm(booking=booking, actor=admin)
    assert _local_times(open_booking)[0][0] == _at(2027, 12, 29, 9, 30)
    closed = booking_confirm(booking=booking_for(earliest_start=date(2027, 12, 29)), actor=admin)
    assert _local_times(closed)[0][0] == _at(2028, 1, 4, 9, 30)


def test_a_move_follows_the_configured_slot(confirmed: Any, admin: Any) -> None:
    with override_settings(SCHEDULING_SLOT_TIMES=LATE_SLOTS):
        session = confirmed().cohort.sessions.get(order=2)
        with pytest.raises(RuleBroken) as caught:
            session_move(session=session, actor=admin, starts_at=_at(2027, 3, 31, 9, 30))
        assert caught.value.code == "outside_slot"
        assert "it must start at 10:00 (morning) or 14:00 (afternoon)" in caught.value.message
        moved = session_move(session=session, actor=admin, starts_at=_at(2027, 3, 31, 14, 0))
    assert moved.session.starts_at.astimezone(LONDON) == _at(2027, 3, 31, 14, 0)
    assert moved.session.ends_at.astimezone(LONDON) == _at(2027, 3, 31, 17, 30)


def test_a_move_into_a_configured_blackout_is_refused_naming_it(confirmed: Any, admin: Any) -> None:
    session = confirmed().cohort.sessions.get(order=2)
    with (
        override_settings(SCHEDULING_BLACKOUTS=blackouts_parse("04-01:04-02 Away days")),
        pytest.raises(RuleBroken) as caught,
    ):
        session_move(session=session, actor=admin, starts_at=_at(2027, 4, 1, 9, 30))
    assert caught.value.code == "blackout"
    assert caught.value.fields["starts_at"] == [
        "Thursday 1 April 2027 is inside the blackout 1 April to 2 April (Away days). "
        "A session is never inside a blackout period."
    ]


def test_the_move_page_puts_the_session_at_the_configured_slot_start(
    make_user: Any, page_client_for: Any, confirmed: Any
) -> None:
    client = page_client_for(make_user("provider_admin"))
    with override_settings(SCHEDULING_SLOT_TIMES=LATE_SLOTS):
        session = confirmed().cohort.sessions.get(order=2)
        url = reverse("cohorts:session-move", args=[session.pk])
        assert b"Afternoon (14:00 to 17:30)" in client.get(url).content
        response = client.post(url, {"date": "31/03/2027", "slot": "afternoon"})
    assert response.status_code == 302, response.content
    session.refresh_from_db()
    assert session.starts_at.astimezone(LONDON) == _at(2027, 3, 31, 14, 0)


def test_the_booking_and_cohort_pages_show_the_configured_times(
    make_user: Any, page_client_for: Any, admin: Any
) -> None:
    client = page_client_for(admin)
    requested = booking_for()
    with override_settings(SCHEDULING_SLOT_TIMES=LATE_SLOTS):
        page = client.get(reverse("cohorts:booking-detail", args=[requested.pk]))
        assert b"Morning (10:00 to 13:30)" in page.content
        cohort = booking_confirm(booking=requested, actor=admin).cohort
        page = client.get(reverse("cohorts:cohort-detail", args=[cohort.pk]))
    assert b"Morning (10:00 to 13:30)" in page.content


# --- Malformed values stop start-up with a message naming the variable. ---


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SESSION_MORNING", "9.30-13", "SESSION_MORNING is malformed: '9.30-13' is not a time"),
        ("SESSION_MORNING", "09:30-24:00", "'09:30-24:00' is not a real time of day"),
        ("SESSION_AFTERNOON", "17:00-13:30", "'17:00-13:30' ends before it starts"),
        ("SESSION_MORNING", "09:30-14:00", "SESSION_MORNING must end by the time"),
    ],
)
def test_a_malformed_slot_is_a_clear_configuration_error(
    monkeypatch: Any, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as caught:
        base._slot_times_from_env()
    assert message in str(caught.value)
    assert "docs/envvars.md" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("13-01:01-02", "'13-01:01-02' is not a real month and day"),
        ("02-30", "'02-30' is not a real month and day"),
        ("12-24 01-01", "'12-24 01-01' is not a blackout period"),
        ("12-24:01-01, Christmas", "'Christmas' is not a blackout period"),
    ],
)
def test_a_malformed_blackout_is_a_clear_configuration_error(
    monkeypatch: Any, value: str, message: str
) -> None:
    monkeypatch.setenv("SCHEDULING_BLACKOUTS", value)
    with pytest.raises(ImproperlyConfigured) as caught:
        base._blackouts_from_env()
    assert str(caught.value).startswith(f"SCHEDULING_BLACKOUTS is malformed: {message}.")
    assert "for example 12-24:01-01 Christmas and New Year" in str(caught.value)


def test_the_settings_read_the_documented_formats(monkeypatch: Any) -> None:
    monkeypatch.setenv("SESSION_MORNING", "10:00-13:30")
    monkeypatch.setenv("SESSION_AFTERNOON", " 14:00 - 17:30 ")
    monkeypatch.setenv("SCHEDULING_BLACKOUTS", "12-24:01-01 Christmas and New Year, 08-01")
    assert base._slot_times_from_env() == LATE_SLOTS
    christmas, away = base._blackouts_from_env()
    assert christmas.label == "24 December to 1 January (Christmas and New Year)"
    assert away.label == "1 August"
    monkeypatch.setenv("SCHEDULING_BLACKOUTS", "")
    assert base._blackouts_from_env() == ()


def test_the_defaults_are_the_issues_slots_and_christmas_week() -> None:
    from django.conf import settings

    assert SlotTimes() == settings.SCHEDULING_SLOT_TIMES
    [christmas] = settings.SCHEDULING_BLACKOUTS
    assert christmas.label == "24 December to 1 January (Christmas and New Year)"


def test_start_up_stops_on_a_malformed_value() -> None:
    env = {**os.environ, "SECRET_KEY": "x", "SCHEDULING_BLACKOUTS": "Christmas"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    finished = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert finished.returncode != 0
    assert "ImproperlyConfigured: SCHEDULING_BLACKOUTS is malformed: 'Christmas'" in (
        finished.stderr
    )
