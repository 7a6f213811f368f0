"""Cohorts below their minimum size, and places booked but not yet named, flagged once."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from missionled.cohorts.models import Cohort
from missionled.core.clock import LONDON
from missionled.enrolments.models import Enrolment
from missionled.enrolments.services.checks import cohort_checks_run, naming_cutoff
from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory, cohort_for
from missionled.notifications.models import Notification

pytestmark = pytest.mark.django_db

# FIRST_SESSION is Monday 1 March 2027; 10 working days before it is Monday 15 February.
# Fourteen days before it is the same day.
CUTOFF = datetime(2027, 2, 15, 7, 0, tzinfo=LONDON)
FOURTEEN_DAYS_BEFORE = CUTOFF


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {
        "coordinator": make_user("coordinator", "DfE", email="coord@education.gov.uk"),
        "other_coordinator": make_user("coordinator", "HMRC", email="coord@hmrc.gov.uk"),
        "admin": make_user("provider_admin", email="admin@provider.example"),
        "participant": make_user("participant", "DfE", email="p@education.gov.uk"),
    }


@pytest.fixture
def small_cohort(ref_data: None) -> Cohort:
    """Ten places, a minimum of six, two people enrolled: below the minimum, eight unnamed."""
    cohort = cohort_for("practising-it", "DfE", capacity=10)
    Cohort.objects.filter(pk=cohort.pk).update(min_capacity=6)
    cohort.refresh_from_db()
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WITHDRAWN)
    return cohort


def test_the_cutoff_counts_working_days_and_skips_bank_holidays() -> None:
    assert naming_cutoff(FIRST_SESSION.date(), "england-and-wales") == CUTOFF.date()
    assert FOURTEEN_DAYS_BEFORE.date() == (FIRST_SESSION - timedelta(days=14)).date()
    # Good Friday and Easter Monday 2027 are not working days in England and Wales;
    # Easter Monday is one in Scotland.
    assert naming_cutoff(date(2027, 4, 6), "england-and-wales") == date(2027, 3, 19)
    assert naming_cutoff(date(2027, 4, 6), "scotland") == date(2027, 3, 22)


def test_a_small_cohort_is_flagged_to_its_coordinator_and_the_provider_once(
    people: dict[str, Any], small_cohort: Cohort, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        early = cohort_checks_run(now=FOURTEEN_DAYS_BEFORE - timedelta(days=1))
        assert early.below_minimum == 0
        result = cohort_checks_run(now=FOURTEEN_DAYS_BEFORE)
        again = cohort_checks_run(now=FOURTEEN_DAYS_BEFORE + timedelta(days=1))
    assert result.below_minimum == 2
    assert again.below_minimum == 0
    flags = [m for m in mail.outbox if m.subject.startswith("Below minimum size")]
    assert sorted(m.to[0] for m in flags) == ["admin@provider.example", "coord@education.gov.uk"]
    message = flags[0]
    assert message.subject == (
        "Below minimum size: Department for Education's cohort of "
        "Mission-led Government: Practising it"
    )
    assert "starts on Monday 1 March 2027, but only 2 people are enrolled" in message.body
    assert "The course needs at least 6 to run well." in message.body


def test_a_cohort_at_its_minimum_is_not_flagged(
    people: dict[str, Any], small_cohort: Cohort, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(4):
        EnrolmentFactory(cohort=small_cohort)
    with django_capture_on_commit_callbacks(execute=True):
        result = cohort_checks_run(now=FOURTEEN_DAYS_BEFORE)
    assert result.below_minimum == 0
    assert not [m for m in mail.outbox if m.subject.startswith("Below minimum size")]


def test_unnamed_places_remind_the_coordinator_before_the_cutoff_once(
    people: dict[str, Any], small_cohort: Cohort, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        too_early = cohort_checks_run(now=CUTOFF - timedelta(days=8))
        first = cohort_checks_run(now=CUTOFF - timedelta(days=7))
        second = cohort_checks_run(now=CUTOFF - timedelta(days=2))
    assert (too_early.unnamed_places, first.unnamed_places, second.unnamed_places) == (0, 1, 0)
    [message] = mail.outbox
    assert message.to == ["coord@education.gov.uk"]
    assert message.subject == (
        "Name your 8 unnamed places on Mission-led Government: Practising it by "
        "Monday 15 February 2027"
    )
    assert (
        "Department for Education has booked 10 places on Mission-led Government: Practising it, "
        "starting on Monday 1 March 2027. 8 of them have not been given to anyone yet."
    ) in message.body
    assert "Please name the participants by Monday 15 February 2027" in message.body


def test_no_reminder_after_the_cutoff_or_when_every_place_is_named(
    people: dict[str, Any], small_cohort: Cohort, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        late = cohort_checks_run(now=CUTOFF + timedelta(days=1))
    assert late.unnamed_places == 0
    full = cohort_for("practising-it", "DfE", capacity=2, contact_email="x@education.gov.uk")
    EnrolmentFactory(cohort=full)
    EnrolmentFactory(cohort=full)
    with django_capture_on_commit_callbacks(execute=True):
        result = cohort_checks_run(now=CUTOFF - timedelta(days=1))
    assert result.unnamed_places == 1  # Only the small cohort.


def test_the_command_sends_each_notice_once(
    people: dict[str, Any],
    small_cohort: Cohort,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(
        "missionled.enrolments.management.commands.cohort_checks.now", lambda: CUTOFF
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cohort_checks")
        call_command("cohort_checks")
    assert capsys.readouterr().out.splitlines() == [
        "2 below-minimum flags and 1 naming reminder queued",
        "0 below-minimum flags and 0 naming reminders queued",
    ]
    sent = Notification.objects.filter(template__startswith="cohort_").order_by("recipient")
    assert [(n.template, n.recipient) for n in sent] == [
        ("cohort_below_minimum", "admin@provider.example"),
        ("cohort_below_minimum", "coord@education.gov.uk"),
        ("cohort_unnamed_places", "coord@education.gov.uk"),
    ]
    assert sorted((m.subject[:4], m.to[0]) for m in mail.outbox) == [
        ("Belo", "admin@provider.example"),
        ("Belo", "coord@education.gov.uk"),
        ("Name", "coord@education.gov.uk"),
    ]
