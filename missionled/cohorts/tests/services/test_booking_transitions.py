from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from missionled.catalogue.models import SessionTemplate
from missionled.cohorts.models import Booking, Cohort, Session
from missionled.cohorts.services import cohorts
from missionled.cohorts.services.bookings import booking_cancel, booking_confirm, booking_decline
from missionled.cohorts.services.delivery import booking_advance, bookings_advance_due
from missionled.cohorts.tests.factories import booking_for
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.core.models import AuditEntry
from missionled.organisations.models import Department
from missionled.scheduling.rules import CalendarRules, day_violations

Status = Booking.Status
ALLOWED = {
    ("requested", "confirm"),
    ("requested", "decline"),
    ("requested", "cancel"),
    ("confirmed", "cancel"),
}
ACTIONS = {
    "confirm": lambda booking, admin: booking_confirm(booking=booking, actor=admin),
    "decline": lambda booking, admin: booking_decline(booking=booking, actor=admin, reason="No"),
    "cancel": lambda booking, admin: booking_cancel(booking=booking, actor=admin, reason="No"),
}


@pytest.mark.parametrize(
    ("state", "action"),
    [(s, a) for s in Status.values for a in ACTIONS if (s, a) not in ALLOWED],
)
def test_every_illegal_transition_is_refused_and_changes_nothing(admin, state, action):
    reason = "Earlier reason" if state in ("cancelled", "declined") else ""
    booking = booking_for(status=state, reason=reason)
    with pytest.raises(Conflict) as caught:
        ACTIONS[action](booking, admin)
    assert caught.value.code == "transition_not_allowed"
    label = Status(state).label.lower()
    assert caught.value.message.startswith(f"This booking is {label}, so it cannot be ")
    booking.refresh_from_db()
    assert booking.status == state
    assert booking.reason == reason
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(("state", "action"), sorted(ALLOWED))
def test_every_legal_transition_is_accepted_and_audited(admin, state, action):
    booking = booking_for()
    if state == "confirmed":
        booking = booking_confirm(booking=booking, actor=admin)
    result = ACTIONS[action](booking, admin)
    expected = {"confirm": "confirmed", "decline": "declined", "cancel": "cancelled"}[action]
    assert result.status == expected
    assert AuditEntry.objects.filter(
        action=f"cohorts.booking.{expected}", object_id=str(booking.pk), actor=admin
    ).exists()


def _assert_on_valid_days(sessions, region="england-and-wales"):
    rules = CalendarRules(region=region)
    for session in sessions:
        local = session.starts_at.astimezone(LONDON)
        assert not day_violations(local.date(), rules), local
        assert local.time().isoformat() == "09:30:00"
        assert session.ends_at.astimezone(LONDON).time().isoformat() == "13:00:00"


def test_confirm_creates_the_cohort_and_schedules_leading_it_on_valid_days(admin):
    booking = booking_for("leading-it", expected_size=13, delivery_mode="face_to_face")
    booking_confirm(booking=booking, actor=admin)
    cohort = Cohort.objects.get(booking=booking)
    assert (cohort.capacity, cohort.min_capacity, cohort.max_capacity) == (13, 10, 14)
    sessions = list(cohort.sessions.order_by("order"))
    assert [s.kind for s in sessions] == [
        "workshop",
        "action_learning_set",
        "action_learning_set",
        "action_learning_set",
        "workshop",
    ]
    _assert_on_valid_days(sessions)
    templates = {t.order: t for t in SessionTemplate.objects.filter(course=booking.course)}
    for before, after in pairwise(sessions):
        gap = (after.starts_at.date() - before.starts_at.date()).days
        template = templates[after.order]
        assert template.gap_min_days <= gap <= template.gap_max_days
    # Face to face applies only to the workshops; the sets meet online.
    assert [s.delivery_mode for s in sessions] == [
        "face_to_face",
        "online",
        "online",
        "online",
        "face_to_face",
    ]
    assert len({s.uid for s in sessions}) == 5
    assert all(s.sequence == 0 for s in sessions)


def test_confirm_skips_the_bank_holiday_of_the_departments_region(admin):
    """Easter Monday 2027 (29 March) is a bank holiday in England but not in Scotland."""
    england = booking_for("understanding-it", earliest_start=date(2027, 3, 26))
    booking_confirm(booking=england, actor=admin)
    assert england.cohort.sessions.get().starts_at.date() == date(2027, 3, 30)

    Department.objects.filter(acronym="HMRC").update(bank_holiday_region="scotland")
    scotland = booking_for("understanding-it", department="HMRC", earliest_start=date(2027, 3, 26))
    booking_confirm(booking=scotland, actor=admin)
    assert scotland.cohort.sessions.get().starts_at.date() == date(2027, 3, 29)


def test_confirm_avoids_the_christmas_blackout(admin):
    booking = booking_for("understanding-it", earliest_start=date(2027, 12, 23))
    booking_confirm(booking=booking, actor=admin)
    session = booking.cohort.sessions.get()
    assert session.starts_at.date() == date(2027, 12, 23)
    later = booking_for("understanding-it", earliest_start=date(2027, 12, 24))
    booking_confirm(booking=later, actor=admin)
    assert later.cohort.sessions.get().starts_at.date() == date(2028, 1, 4)


def test_confirm_in_the_afternoon_slot(admin):
    booking = booking_confirm(booking=booking_for(), actor=admin, slot="afternoon")
    first = booking.cohort.sessions.order_by("order").first()
    assert first.starts_at.astimezone(LONDON).time().isoformat() == "13:30:00"


def test_confirm_fails_with_the_engines_reasons_when_no_schedule_exists(admin):
    booking = booking_for("understanding-it")
    SessionTemplate.objects.filter(course=booking.course).update(duration_minutes=300)
    with pytest.raises(RuleBroken) as caught:
        booking_confirm(booking=booking, actor=admin)
    assert caught.value.code == "no_valid_schedule"
    assert "Session 1 lasts 300 minutes" in caught.value.message
    assert caught.value.fields["earliest_start"]
    booking.refresh_from_db()
    assert booking.status == Status.REQUESTED
    assert not Cohort.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_confirms_or_declines(make_user, role):
    booking = booking_for()
    actor = make_user(role)
    with pytest.raises(NotAllowed):
        booking_confirm(booking=booking, actor=actor)
    with pytest.raises(NotAllowed):
        booking_decline(booking=booking, actor=actor, reason="No")
    booking.refresh_from_db()
    assert booking.status == Status.REQUESTED


def test_a_coordinator_cancels_their_own_booking_but_not_anothers(coordinator, hmrc_coordinator):
    booking = booking_for()
    with pytest.raises(NotAllowed):
        booking_cancel(booking=booking, actor=hmrc_coordinator, reason="Not ours")
    booking_cancel(booking=booking, actor=coordinator, reason="Budget frozen")
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == (Status.CANCELLED, "Budget frozen")


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancel_and_decline_need_a_reason(admin, reason):
    booking = booking_for()
    with pytest.raises(RuleBroken) as caught:
        booking_cancel(booking=booking, actor=admin, reason=reason)
    assert caught.value.fields == {"reason": ["Enter a reason for cancelling this booking."]}
    with pytest.raises(RuleBroken) as caught:
        booking_decline(booking=booking, actor=admin, reason=reason)
    assert caught.value.fields == {"reason": ["Enter a reason for declining this booking."]}
    booking.refresh_from_db()
    assert booking.status == Status.REQUESTED


def test_cancelling_a_confirmed_booking_cancels_its_sessions_for_calendars(admin, confirmed):
    booking = confirmed()
    booking_cancel(booking=booking, actor=admin, reason="Department restructure")
    sessions = list(booking.cohort.sessions.all())
    assert {s.status for s in sessions} == {"cancelled"}
    assert {s.sequence for s in sessions} == {1}
    assert AuditEntry.objects.filter(action="cohorts.cohort.cancel_notified").exists()


def test_advance_follows_the_sessions_dates(confirmed):
    booking = confirmed()
    sessions = list(booking.cohort.sessions.order_by("order"))
    before = sessions[0].starts_at - timedelta(minutes=1)
    assert booking_advance(booking=booking, now=before).status == Status.CONFIRMED
    during = sessions[0].starts_at + timedelta(minutes=1)
    assert booking_advance(booking=booking, now=during).status == Status.IN_DELIVERY
    assert booking_advance(booking=booking, now=sessions[-1].ends_at).status == Status.COMPLETED
    actions = list(
        AuditEntry.objects.filter(object_id=str(booking.pk), action__startswith="cohorts.booking")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["cohorts.booking.started", "cohorts.booking.completed"]


def test_advance_leaves_requested_and_cancelled_bookings_alone(admin, confirmed):
    requested = booking_for()
    cancelled = confirmed()
    booking_cancel(booking=cancelled, actor=admin, reason="No longer needed")
    later = datetime(2030, 1, 1, tzinfo=LONDON)
    assert booking_advance(booking=requested, now=later).status == Status.REQUESTED
    assert booking_advance(booking=cancelled, now=later).status == Status.CANCELLED


def test_advance_due_moves_a_finished_booking_straight_to_completed(confirmed):
    booking = confirmed()
    assert bookings_advance_due(now=datetime(2030, 1, 1, tzinfo=LONDON)) == 1
    booking.refresh_from_db()
    assert booking.status == Status.COMPLETED


def test_capacity_changes_within_bounds_and_is_audited(admin, confirmed):
    cohort = confirmed().cohort
    cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=30)
    cohort.refresh_from_db()
    assert cohort.capacity == 30
    entry = AuditEntry.objects.get(action="cohorts.booking.capacity_changed")
    assert entry.payload == {"cohort": cohort.pk, "from": 12, "to": 30}


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        (9, "A cohort of Practising it needs at least 10 people; you asked for 9."),
        (31, "A cohort of Practising it can have at most 30 people; you asked for 31."),
    ],
)
def test_capacity_outside_bounds_is_refused(admin, confirmed, capacity, message):
    cohort = confirmed().cohort
    with pytest.raises(RuleBroken) as caught:
        cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=capacity)
    assert caught.value.fields == {"capacity": [message]}


def test_capacity_never_goes_below_those_enrolled(admin, confirmed, monkeypatch):
    cohort = confirmed().cohort
    monkeypatch.setattr(cohorts, "cohort_enrolled_count", lambda cohort: 11)
    with pytest.raises(RuleBroken) as caught:
        cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=10)
    assert caught.value.message == "The capacity cannot be 10: 11 people are already enrolled."
    cohorts.cohort_capacity_change(cohort=cohort, actor=admin, capacity=11)


def test_capacity_of_a_cancelled_booking_is_fixed(admin, confirmed, coordinator):
    booking = confirmed()
    with pytest.raises(NotAllowed):
        cohorts.cohort_capacity_change(cohort=booking.cohort, actor=coordinator, capacity=20)
    booking_cancel(booking=booking, actor=admin, reason="No longer needed")
    with pytest.raises(Conflict):
        cohorts.cohort_capacity_change(cohort=booking.cohort, actor=admin, capacity=20)


def test_the_advance_command_reports_how_many_moved(confirmed, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    confirmed()
    monkeypatch.setattr(
        "missionled.cohorts.management.commands.bookings_advance.now",
        lambda: datetime(2030, 1, 1, tzinfo=LONDON),
    )
    out = StringIO()
    call_command("bookings_advance", stdout=out)
    assert out.getvalue().strip() == "bookings advanced: 1"


def test_a_booking_confirmed_after_its_earliest_start_is_scheduled_from_today(admin):
    booking = booking_for("understanding-it", earliest_start=date(2027, 3, 1))
    booking_confirm(booking=booking, actor=admin, today=date(2027, 3, 10))
    assert booking.cohort.sessions.get().starts_at.date() == date(2027, 3, 10)
