from datetime import date, timedelta

import pytest
from django.core import mail

from missionled.cohorts.models import Booking
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.evaluation.models import FollowUp
from missionled.evaluation.services.follow_ups import (
    ALREADY_ANSWERED,
    ANSWER_MISSING,
    follow_up_answer,
    follow_ups_create_due,
    follow_ups_send,
    months_after,
)
from missionled.evaluation.tests.factories import AFTER, place_for

pytestmark = pytest.mark.django_db


def _completed_place(user):
    enrolment = place_for(user)
    Booking.objects.filter(pk=enrolment.cohort.booking_id).update(status="completed")
    return enrolment


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
    with pytest.raises(RuleBroken, match=ANSWER_MISSING):
        follow_up_answer(follow_up=follow_up, actor=user, answer="  ", now=AFTER)
    with pytest.raises(NotAllowed):
        follow_up_answer(follow_up=follow_up, actor=make_user("participant"), answer="x", now=AFTER)
    follow_up_answer(follow_up=follow_up, actor=user, answer="I test ideas first.", now=AFTER)
    with pytest.raises(Conflict, match=ALREADY_ANSWERED):
        follow_up_answer(follow_up=follow_up, actor=user, answer="Again", now=AFTER)
    assert FollowUp.objects.get().answer == "I test ideas first."


def test_send_follow_ups_command_reports_what_it_did(make_user):
    from io import StringIO

    from django.core.management import call_command

    _completed_place(make_user("participant"))
    out = StringIO()
    call_command("send_follow_ups", stdout=out)
    assert "follow-ups made: 1" in out.getvalue()
