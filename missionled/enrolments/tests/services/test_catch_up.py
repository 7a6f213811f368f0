"""Booking and cancelling a catch-up session in another cohort of the same course."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from missionled.attendance.models import Attendance
from missionled.cohorts.models import Booking, Session
from missionled.core.errors import (
    Busy,
    CapacityFull,
    Conflict,
    NotAllowed,
    NotFound,
    RuleBroken,
)
from missionled.core.models import AuditEntry
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.services import catch_up as service
from missionled.enrolments.services import enrolments as enrolments_service
from missionled.enrolments.services.catch_up import catch_up_book, catch_up_cancel
from missionled.enrolments.services.enrolments import (
    enrolment_create,
    enrolment_substitute,
    enrolment_withdraw,
    enrolments_fill_places,
)
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db
NOW = BEFORE_START


@pytest.fixture
def own(ref_data: None) -> Any:
    return cohort_for("practising-it", "DfE")


@pytest.fixture
def other(ref_data: None) -> Any:
    return cohort_for("practising-it", "HMRC", capacity=3)


@pytest.fixture
def person(own: Any) -> Enrolment:
    return EnrolmentFactory(cohort=own, name="Cat Hughes", email="cat@education.gov.uk")


@pytest.fixture
def target(other: Any) -> Session:
    return other.sessions.get(order=2)


def _refused(actor: Any, person: Enrolment, session: Session, error: type, message: str) -> None:
    with pytest.raises(error) as caught:
        catch_up_book(actor=actor, enrolment=person, session=session, now=NOW)
    assert caught.value.message == message
    assert not CatchUp.objects.exists()


def test_a_coordinator_books_a_catch_up_and_the_participant_is_told(
    coordinator, person, target, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        catch_up = catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    assert (catch_up.enrolment, catch_up.session, catch_up.status) == (person, target, "booked")
    assert catch_up.booked_by == coordinator
    entry = AuditEntry.objects.get(action="enrolments.catch_up.booked")
    assert entry.actor == coordinator
    assert entry.payload == {
        "enrolment": person.pk,
        "session": target.pk,
        "cohort": target.cohort_id,
    }
    [message] = mail.outbox
    assert message.to == ["cat@education.gov.uk"]
    assert message.subject == (
        "Catch-up session booked: Workshop 2 of Mission-led Government: Practising it"
    )
    assert "the one for HM Revenue & Customs" in message.body
    assert "Monday 15 March 2027, 09:30 to 13:00, online" in message.body
    filename, ics, _ = message.attachments[0]
    assert filename == "invitation.ics"
    assert "METHOD:REQUEST" in ics
    assert target.uid in ics


def test_the_provider_may_book(admin, person, target):
    assert catch_up_book(actor=admin, enrolment=person, session=target, now=NOW).pk


@pytest.mark.parametrize("role", ["facilitator", "participant", "mission_analyst"])
def test_other_roles_may_not_book(make_user, person, target, role):
    user = make_user(role, email=person.email) if role == "participant" else make_user(role)
    _refused(user, person, target, NotAllowed, service.BOOK_NOT_ALLOWED)


def test_another_departments_coordinator_finds_no_such_enrolment(hmrc_coordinator, person, target):
    with pytest.raises(NotFound):
        catch_up_book(actor=hmrc_coordinator, enrolment=person, session=target, now=NOW)
    assert not CatchUp.objects.exists()


def test_a_session_of_another_course_is_refused(coordinator, person, ref_data):
    elsewhere = cohort_for("understanding-it", "HMRC").sessions.get(order=2)
    message = service.WRONG_COURSE.format(course="Mission-led Government: Practising it")
    _refused(coordinator, person, elsewhere, RuleBroken, message)


def test_a_session_of_their_own_cohort_is_refused(coordinator, person, own):
    _refused(coordinator, person, own.sessions.get(order=2), RuleBroken, service.SAME_COHORT)


def test_a_session_with_no_counterpart_in_their_cohort_is_refused(coordinator, person, other):
    extra = Session.objects.create(
        cohort=other,
        order=3,
        kind="workshop",
        title="Workshop 3",
        starts_at=NOW + timedelta(days=90),
        ends_at=NOW + timedelta(days=90, hours=3),
    )
    message = service.NO_MATCHING_SESSION.format(title="Workshop 3")
    _refused(coordinator, person, extra, RuleBroken, message)


def test_a_session_that_has_started_is_refused(coordinator, person, target):
    with pytest.raises(RuleBroken) as caught:
        catch_up_book(actor=coordinator, enrolment=person, session=target, now=target.starts_at)
    assert caught.value.code == "session_started"
    assert caught.value.fields["session"] == [caught.value.message]
    assert not CatchUp.objects.exists()


def test_a_cancelled_session_is_refused(coordinator, person, target):
    target.status = Session.Status.CANCELLED
    target.save()
    _refused(coordinator, person, target, RuleBroken, service.SESSION_CANCELLED)


@pytest.mark.parametrize("status", [Booking.Status.REQUESTED, Booking.Status.CANCELLED])
def test_a_cohort_that_is_not_confirmed_is_refused(coordinator, person, other, target, status):
    Booking.objects.filter(pk=other.booking_id).update(status=status, reason="Test")
    label = Booking.Status(status).label.lower()
    _refused(coordinator, person, target, RuleBroken, service.COHORT_CLOSED.format(status=label))


def test_a_session_already_attended_is_refused(coordinator, person, own, target):
    Attendance.objects.create(
        session=own.sessions.get(order=2), enrolment=person, status="late", marked_at=NOW
    )
    message = service.ALREADY_ATTENDED.format(name="Cat Hughes", title="Workshop 2")
    _refused(coordinator, person, target, RuleBroken, message)


def test_a_missed_session_may_be_caught_up(coordinator, person, own, target):
    Attendance.objects.create(
        session=own.sessions.get(order=2), enrolment=person, status="absent", marked_at=NOW
    )
    assert catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW).pk


def test_the_same_session_order_cannot_be_booked_twice(coordinator, person, target, ref_data):
    catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    third = cohort_for("practising-it", "DWP").sessions.get(order=2)
    with pytest.raises(RuleBroken) as caught:
        catch_up_book(actor=coordinator, enrolment=person, session=third, now=NOW)
    assert caught.value.message == service.ALREADY_BOOKED.format(
        name="Cat Hughes", title="Workshop 2"
    )
    assert CatchUp.objects.count() == 1


def test_someone_already_in_that_cohort_is_refused(coordinator, person, other, target):
    EnrolmentFactory(cohort=other, email=person.email, status=Enrolment.Status.WAITLISTED)
    message = service.ALREADY_IN_COHORT.format(name="Cat Hughes", title="Workshop 2")
    _refused(coordinator, person, target, RuleBroken, message)


def test_a_waitlisted_participant_cannot_catch_up(coordinator, own, target):
    waiting = EnrolmentFactory(cohort=own, status=Enrolment.Status.WAITLISTED)
    _refused(coordinator, waiting, target, Conflict, service.NOT_ENROLLED)


def test_a_full_cohort_refuses_counting_its_enrolled_participants(
    coordinator, person, other, target
):
    for _ in range(3):
        EnrolmentFactory(cohort=other)
    message = (
        "Workshop 2 on 15 March 2027 with the cohort for HM Revenue & Customs has no places "
        "left. Choose another session."
    )
    _refused(coordinator, person, target, CapacityFull, message)


def test_catch_ups_already_booked_take_places_too(coordinator, own, other, target):
    EnrolmentFactory(cohort=other)
    for n in range(2):
        mate = EnrolmentFactory(cohort=own, email=f"mate{n}@education.gov.uk")
        catch_up_book(actor=coordinator, enrolment=mate, session=target, now=NOW)
    late = EnrolmentFactory(cohort=own, email="late@education.gov.uk")
    with pytest.raises(CapacityFull):
        catch_up_book(actor=coordinator, enrolment=late, session=target, now=NOW)
    assert service.catch_up_places_taken(target) == 3
    assert CatchUp.objects.filter(enrolment=late).count() == 0


def test_a_catch_up_takes_a_place_only_in_its_own_session(coordinator, person, other, target):
    for _ in range(2):
        EnrolmentFactory(cohort=other)
    catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    assert service.catch_up_places_taken(target) == 3
    assert service.catch_up_places_taken(other.sessions.get(order=1)) == 2


def test_withdrawing_frees_the_catch_up_place(coordinator, person, target):
    catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    enrolment_withdraw(enrolment=person, actor=coordinator, now=NOW)
    assert service.catch_up_places_taken(target) == 0


@pytest.fixture
def booked(coordinator, person, target) -> CatchUp:
    return catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)


def test_cancelling_frees_the_place_and_tells_the_participant(
    coordinator, booked, target, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = catch_up_cancel(actor=coordinator, catch_up=booked, now=NOW)
    assert cancelled.status == CatchUp.Status.CANCELLED
    assert service.catch_up_places_taken(target) == 0
    entry = AuditEntry.objects.get(action="enrolments.catch_up.cancelled")
    assert entry.payload == {"enrolment": booked.enrolment_id, "session": target.pk}
    [message] = mail.outbox
    assert message.subject.startswith("Catch-up session cancelled: Workshop 2")
    assert "METHOD:CANCEL" in message.attachments[0][1]


def test_after_cancelling_the_session_may_be_booked_again(coordinator, booked, person, target):
    catch_up_cancel(actor=coordinator, catch_up=booked, now=NOW)
    again = catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    assert again.pk != booked.pk


def test_the_participant_may_cancel_their_own(make_user, booked):
    user = make_user("participant", email="cat@education.gov.uk")
    assert catch_up_cancel(actor=user, catch_up=booked, now=NOW).status == "cancelled"


@pytest.mark.parametrize(
    ("role", "department", "error"),
    [
        ("participant", None, NotFound),
        ("coordinator", "HMRC", NotFound),
        ("facilitator", None, NotAllowed),
        ("mission_analyst", None, NotAllowed),
    ],
)
def test_others_may_not_cancel(make_user, booked, role, department, error):
    with pytest.raises(error):
        catch_up_cancel(actor=make_user(role, department), catch_up=booked, now=NOW)
    assert CatchUp.objects.get().status == "booked"


def test_cancelling_twice_or_too_late_is_refused(coordinator, booked, target):
    with pytest.raises(Conflict) as caught:
        catch_up_cancel(actor=coordinator, catch_up=booked, now=target.starts_at)
    assert caught.value.message == service.CANCEL_TOO_LATE
    catch_up_cancel(actor=coordinator, catch_up=booked, now=NOW)
    with pytest.raises(Conflict) as caught:
        catch_up_cancel(actor=coordinator, catch_up=booked, now=NOW)
    assert caught.value.message == service.ALREADY_CANCELLED


def test_a_catch_up_place_is_not_offered_to_a_new_participant(coordinator, hmrc_coordinator, g7):
    own = cohort_for("practising-it", "DfE")
    other = cohort_for("practising-it", "HMRC", capacity=2)
    EnrolmentFactory(cohort=other)
    visitor = EnrolmentFactory(cohort=own)
    catch_up = catch_up_book(
        actor=coordinator, enrolment=visitor, session=other.sessions.get(order=2), now=NOW
    )
    details = {"name": "New Person", "grade": g7, "actor": hmrc_coordinator, "now": NOW}
    waiting = enrolment_create(cohort=other, email="new@hmrc.gov.uk", **details)
    assert waiting.status == Enrolment.Status.WAITLISTED
    catch_up_cancel(actor=coordinator, catch_up=catch_up, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    assert enrolments_fill_places(cohort=other, actor=None, now=NOW) == []


def test_a_catch_up_in_a_past_session_holds_no_place(coordinator, hmrc_coordinator, g7):
    own = cohort_for("practising-it", "DfE")
    other = cohort_for("practising-it", "HMRC", capacity=2)
    EnrolmentFactory(cohort=other)
    first = other.sessions.get(order=1)
    catch_up_book(actor=coordinator, enrolment=EnrolmentFactory(cohort=own), session=first, now=NOW)
    later = first.ends_at
    made = enrolment_create(
        cohort=other,
        name="Late Joiner",
        email="late@hmrc.gov.uk",
        grade=g7,
        actor=hmrc_coordinator,
        now=later,
    )
    assert made.status == Enrolment.Status.ENROLLED


def test_withdrawing_gives_the_catch_up_place_to_the_host_waiting_list(
    coordinator, hmrc_coordinator, g7
):
    own = cohort_for("practising-it", "DfE")
    other = cohort_for("practising-it", "HMRC", capacity=2)
    EnrolmentFactory(cohort=other)
    visitor = EnrolmentFactory(cohort=own)
    catch_up_book(
        actor=coordinator, enrolment=visitor, session=other.sessions.get(order=2), now=NOW
    )
    waiting = enrolment_create(
        cohort=other, name="N P", email="np@hmrc.gov.uk", grade=g7, actor=hmrc_coordinator, now=NOW
    )
    assert waiting.status == Enrolment.Status.WAITLISTED
    enrolment_withdraw(enrolment=visitor, actor=coordinator, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED
    assert AuditEntry.objects.filter(action="enrolments.enrolment.promoted").count() == 1


def _catch_up_cancelled_because(reason: str) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(action="enrolments.catch_up.cancelled")
    return [e.payload for e in entries if e.payload.get("because") == reason]


def test_withdrawing_cancels_the_catch_ups_to_come_in_one_email(
    coordinator, person, own, target, django_capture_on_commit_callbacks
):
    elsewhere = cohort_for("practising-it", "DWP")
    started = elsewhere.sessions.get(order=1)
    past = catch_up_book(actor=coordinator, enrolment=person, session=started, now=NOW)
    coming = catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    mail.outbox.clear()
    during = started.starts_at + timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=person, actor=coordinator, now=during)
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.status == CatchUp.Status.CANCELLED
    # Attendance may still be marked on a session under way, so its catch-up stays.
    assert past.status == CatchUp.Status.BOOKED
    assert _catch_up_cancelled_because("withdrawn") == [
        {"enrolment": person.pk, "session": target.pk, "because": "withdrawn"}
    ]
    [message] = mail.outbox
    assert message.to == ["cat@education.gov.uk"]
    assert message.subject.startswith("You are no longer booked on")
    assert "Your catch-up places with other cohorts are cancelled too" in message.body
    assert (
        "- Workshop 2: Monday 15 March 2027, 09:30 to 13:00, online, with the cohort for "
        "HM Revenue & Customs"
    ) in message.body
    assert "Workshop 1: Monday 1 March 2027" not in message.body
    ics = message.attachments[0][1]
    assert "METHOD:CANCEL" in ics
    for session in [*own.sessions.all(), target]:
        assert f"UID:{session.uid}" in ics
    assert f"UID:{started.uid}" not in ics


def test_a_withdrawal_without_catch_ups_says_nothing_of_them(
    coordinator, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=person, actor=coordinator, now=NOW)
    [message] = mail.outbox
    assert "catch-up" not in message.body
    assert "removes them from your calendar.\n\nIf this is a mistake" in message.body


def test_substituting_cancels_the_catch_ups_and_fills_the_host_waiting_list(
    coordinator, hmrc_coordinator, person, other, target, g7, django_capture_on_commit_callbacks
):
    for _ in range(2):
        EnrolmentFactory(cohort=other)
    catch_up = catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    waiting = enrolment_create(
        cohort=other, name="N P", email="np@hmrc.gov.uk", grade=g7, actor=hmrc_coordinator, now=NOW
    )
    assert waiting.status == Enrolment.Status.WAITLISTED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        substitute = enrolment_substitute(
            enrolment=person,
            name="Dee Evans",
            email="dee@education.gov.uk",
            grade=g7,
            actor=coordinator,
            now=NOW,
        )
    catch_up.refresh_from_db()
    waiting.refresh_from_db()
    assert catch_up.status == CatchUp.Status.CANCELLED
    assert _catch_up_cancelled_because("substituted") == [
        {"enrolment": person.pk, "session": target.pk, "because": "substituted"}
    ]
    assert waiting.status == Enrolment.Status.ENROLLED
    assert not substitute.catch_ups.exists()
    assert service.catch_up_places_taken(target) == 3
    by_person = {m.to[0]: m for m in mail.outbox}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(by_person)
    left = by_person["cat@education.gov.uk"]
    assert "Your place on Mission-led Government: Practising it has passed" in left.body
    assert "Workshop 2: Monday 15 March 2027" in left.body.split("cancelled too")[1]
    assert by_person["np@hmrc.gov.uk"].subject.startswith("A place")


def test_a_catch_up_booked_while_withdrawing_looks_answers_busy(
    coordinator, person, target, monkeypatch
):
    """A catch-up booked between the first look and the locks is in a cohort that can no
    longer be locked in order; the withdrawal refuses rather than leave its place held."""
    catch_up_book(actor=coordinator, enrolment=person, session=target, now=NOW)
    upcoming = enrolments_service._upcoming_catch_ups
    looks: list[object] = []

    def first_look_misses_it(enrolment: Enrolment, now: Any) -> list[CatchUp]:
        looks.append(enrolment)
        return [] if len(looks) == 1 else upcoming(enrolment, now)

    monkeypatch.setattr(enrolments_service, "_upcoming_catch_ups", first_look_misses_it)
    with pytest.raises(Busy):
        enrolment_withdraw(enrolment=person, actor=coordinator, now=NOW)
    person.refresh_from_db()
    assert person.status == Enrolment.Status.ENROLLED
    assert CatchUp.objects.get().status == CatchUp.Status.BOOKED
