from datetime import datetime

import pytest

from missionled.cohorts.services.bookings import booking_cancel
from missionled.cohorts.services.sessions import session_move
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.core.models import AuditEntry


def _at(*parts):
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def second(confirmed):
    """Practising it from Monday 1 March 2027: workshop 2 lands on Tuesday 30 March, since
    29 March is Easter Monday."""
    booking = confirmed()
    session = booking.cohort.sessions.get(order=2)
    assert session.starts_at.astimezone(LONDON) == _at(2027, 3, 30, 9, 30)
    return session


def test_a_move_onto_a_bank_holiday_is_refused_naming_it_and_the_rule(admin, second):
    with pytest.raises(RuleBroken) as caught:
        session_move(session=second, actor=admin, starts_at=_at(2027, 3, 26, 9, 30))
    assert caught.value.code == "bank_holiday"
    problem = (
        "Friday 26 March 2027 is a bank holiday (Good Friday). "
        "A session is never on a bank holiday in the cohort's region."
    )
    assert caught.value.fields == {"starts_at": [problem]}
    assert caught.value.message == f"The session cannot move to 26 March 2027 at 09:30. {problem}"
    second.refresh_from_db()
    assert second.sequence == 0


def test_a_move_that_stretches_the_gap_too_far_is_refused_naming_the_gap(admin, second):
    with pytest.raises(RuleBroken) as caught:
        session_move(session=second, actor=admin, starts_at=_at(2027, 4, 13, 9, 30))
    assert caught.value.code == "gap_too_long"
    assert caught.value.fields["starts_at"] == [
        "The gap after session 1 would be 43 days; the course allows 21 to 35 days. "
        "The gap between a session and the one before it is at most the course's maximum."
    ]


def test_a_move_off_the_slot_start_is_refused(admin, second):
    with pytest.raises(RuleBroken) as caught:
        session_move(session=second, actor=admin, starts_at=_at(2027, 4, 1, 10, 0))
    assert caught.value.code == "outside_slot"


def test_a_move_with_only_a_soft_break_is_accepted_with_a_warning(admin, second):
    uid = second.uid
    moved = session_move(session=second, actor=admin, starts_at=_at(2027, 4, 1, 13, 30))
    session = moved.session
    session.refresh_from_db()
    assert session.starts_at.astimezone(LONDON) == _at(2027, 4, 1, 13, 30)
    assert session.ends_at.astimezone(LONDON) == _at(2027, 4, 1, 17, 0)
    assert session.sequence == 1
    assert session.uid == uid
    assert moved.warnings == [
        "The gap after session 1 would be 31 days; the course aims for 28 days. "
        "The gap between a session and the one before it is the course's target where possible."
    ]
    audit = AuditEntry.objects.get(action="cohorts.booking.session_moved")
    assert audit.actor == admin
    assert audit.payload["warnings"] == moved.warnings
    notice = AuditEntry.objects.get(action="cohorts.session.change_notified")
    assert notice.payload["sequence"] == 1


def test_every_move_raises_the_sequence(admin, second):
    session_move(session=second, actor=admin, starts_at=_at(2027, 4, 1, 9, 30))
    session_move(session=second, actor=admin, starts_at=_at(2027, 3, 31, 9, 30))
    second.refresh_from_db()
    assert second.sequence == 2


def test_an_aware_utc_time_is_read_in_london_time(admin, second):
    from datetime import UTC

    moved = session_move(
        session=second, actor=admin, starts_at=datetime(2027, 4, 1, 8, 30, tzinfo=UTC)
    )
    assert moved.session.starts_at.astimezone(LONDON) == _at(2027, 4, 1, 9, 30)


def test_a_naive_time_is_refused(admin, second):
    with pytest.raises(RuleBroken) as caught:
        session_move(session=second, actor=admin, starts_at=datetime(2027, 4, 1, 9, 30))
    assert list(caught.value.fields) == ["starts_at"]


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_moves_sessions(make_user, second, role):
    with pytest.raises(NotAllowed):
        session_move(session=second, actor=make_user(role), starts_at=_at(2027, 4, 1, 9, 30))


def test_sessions_of_a_cancelled_booking_do_not_move(admin, second):
    booking_cancel(booking=second.cohort.booking, actor=admin, reason="Merged with another")
    with pytest.raises(Conflict):
        session_move(session=second, actor=admin, starts_at=_at(2027, 4, 1, 9, 30))


def test_a_move_into_the_past_is_refused(admin, second):
    with pytest.raises(RuleBroken) as caught:
        session_move(
            session=second,
            actor=admin,
            starts_at=_at(2027, 4, 1, 9, 30),
            now=_at(2027, 4, 2, 9, 0),
        )
    assert caught.value.code == "start_passed"
