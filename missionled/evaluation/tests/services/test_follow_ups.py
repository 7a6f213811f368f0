from datetime import date, datetime, timedelta

import pytest
from django.core import mail

from missionled.cohorts.models import Booking
from missionled.core.clock import LONDON
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.evaluation.models import FollowUp
from missionled.evaluation.services.follow_ups import (
    ALREADY_ANSWERED,
    ANSWER_MISSING,
    NOT_COMPLETED,
    follow_up_answer,
    follow_ups_create_due,
    follow_ups_send,
    months_after,
)
from missionled.evaluation.tests.factories import AFTER, certificate_for, place_for

pytestmark = pytest.mark.django_db


def _completed_place(user, *, certified=True):
    enrolment = place_for(user)
    Booking.objects.filter(pk=enrolment.cohort.booking_id).update(status="completed")
    if certified:
        certificate_for(enrolment)
    return enrolment


def _morning_of(day):
    return datetime(day.year, day.month, day.day, 0, 5, tzinfo=LONDON)


def test_months_after_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_after(date(2027, 3, 15), 3) == date(2027, 6, 15)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert months_after(date(2027, 10, 31), 3) == date(2028, 1, 31)


def test_a_follow_up_is_due_three_months_after_the_last_session(make_user):
    enrolment = _completed_place(make_user("participant"))
    assert follow_ups_create_due() == 1
    assert follow_ups_create_due() == 0
    last = enrolment.cohort.sessions.order_by("-ends_at").first()
    assert FollowUp.objects.get().due_on == months_after(last.ends_at.date(), 3)


def test_each_follow_up_is_emailed_once_however_often_the_command_runs(
    make_user, django_capture_on_commit_callbacks
):
    _completed_place(make_user("participant"))
    follow_ups_create_due()
    due = FollowUp.objects.get().due_on
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_send(today=due - timedelta(days=1), now=AFTER) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_send(today=due, now=AFTER) == 1
        assert follow_ups_send(today=due, now=AFTER) == 0
    assert len(mail.outbox) == 1
    assert "/evaluation/follow-ups/" in mail.outbox[0].body


def test_the_answer_is_saved_once_and_must_say_something(make_user):
    user = make_user("participant")
    _completed_place(user)
    follow_ups_create_due()
    follow_up = FollowUp.objects.get()
    due = _morning_of(follow_up.due_on)
    with pytest.raises(RuleBroken, match=ANSWER_MISSING):
        follow_up_answer(follow_up=follow_up, actor=user, answer="  ", now=due)
    with pytest.raises(NotAllowed):
        follow_up_answer(follow_up=follow_up, actor=make_user("participant"), answer="x", now=due)
    follow_up_answer(follow_up=follow_up, actor=user, answer="I test ideas first.", now=due)
    with pytest.raises(Conflict, match=ALREADY_ANSWERED):
        follow_up_answer(follow_up=follow_up, actor=user, answer="Again", now=due)
    assert FollowUp.objects.get().answer == "I test ideas first."


def test_the_follow_up_cannot_be_answered_before_its_due_date(make_user):
    user = make_user("participant")
    _completed_place(user)
    follow_ups_create_due()
    follow_up = FollowUp.objects.get()
    # The last minute of the day before, in London: still too early.
    eve = _morning_of(follow_up.due_on) - timedelta(minutes=10)
    with pytest.raises(Conflict) as caught:
        follow_up_answer(follow_up=follow_up, actor=user, answer="Too soon", now=eve)
    assert caught.value.code == "too_early"
    assert f"{follow_up.due_on:%-d %B %Y}" in caught.value.message
    assert FollowUp.objects.get().answered_at is None


def test_no_follow_up_is_made_for_a_leader_who_did_not_complete(make_user):
    finished = _completed_place(make_user("participant"))
    _completed_place(make_user("participant"), certified=False)
    assert follow_ups_create_due() == 1
    assert FollowUp.objects.get().enrolment == finished


def test_a_leader_who_did_not_complete_cannot_answer_a_follow_up_made_earlier(make_user):
    user = make_user("participant")
    enrolment = _completed_place(user, certified=False)
    follow_up = FollowUp.objects.create(enrolment=enrolment, due_on=date(2027, 6, 15))
    with pytest.raises(NotAllowed, match=NOT_COMPLETED):
        follow_up_answer(
            follow_up=follow_up, actor=user, answer="x", now=_morning_of(date(2027, 7, 1))
        )


def test_a_follow_up_made_earlier_for_a_leader_who_did_not_complete_is_not_emailed(make_user):
    enrolment = _completed_place(make_user("participant"), certified=False)
    FollowUp.objects.create(enrolment=enrolment, due_on=date(2027, 6, 15))
    assert follow_ups_send(today=date(2027, 7, 1), now=AFTER) == 0


def test_send_follow_ups_command_reports_what_it_did(make_user):
    from io import StringIO

    from django.core.management import call_command

    _completed_place(make_user("participant"))
    out = StringIO()
    call_command("send_follow_ups", stdout=out)
    assert "follow-ups made: 1" in out.getvalue()
