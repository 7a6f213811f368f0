from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from missionled.cohorts.models import Booking, Cohort, Session
from missionled.enrolments.models import Enrolment
from missionled.evaluation.models import Feedback, FollowUp, SelfAssessment
from missionled.scheduling.calendar import CalendarRules, non_working_reason

pytestmark = pytest.mark.django_db

ARGS = ["generate", "--scale", "small", "--seed", "7", "--today", "2026-11-25"]


def _fingerprint():
    return (
        sorted(
            Booking.objects.values_list(
                "course__slug", "department__acronym", "status", "earliest_start", "expected_size"
            )
        ),
        sorted(
            Session.objects.values_list("cohort__booking__earliest_start", "order", "starts_at")
        ),
        sorted(Enrolment.objects.values_list("name", "grade__code", "profession__name", "status")),
        Feedback.objects.count(),
        SelfAssessment.objects.count(),
    )


def _generate():
    out, err = StringIO(), StringIO()
    call_command(*ARGS, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_generate_small_fills_every_status_on_working_days_and_is_deterministic():
    out, err = _generate()
    assert "50 cohorts" in out
    assert "enrolments [" in err or "enrolments" in err
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert statuses == set(Booking.Status.values)
    assert Cohort.objects.count() == 50
    assert set(Enrolment.objects.values_list("status", flat=True)) >= {"enrolled", "waitlisted"}
    rules = CalendarRules(region="england-and-wales")
    for session in Session.objects.filter(
        cohort__department__bank_holiday_region="england-and-wales"
    ):
        assert non_working_reason(session.starts_at.date(), rules) is None
    assert Feedback.objects.exclude(comments="").exists()
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    assert answered.exists()
    assert not answered.filter(due_on__gt="2026-11-25").exists()
    first = _fingerprint()
    if apps.is_installed("missionled.attendance"):
        apps.get_model("attendance", "Certificate").objects.all().delete()
    Cohort.objects.all().delete()
    Booking.objects.all().delete()
    _generate()
    assert _fingerprint() == first


def test_generate_refuses_to_run_twice():
    _generate()
    with pytest.raises(CommandError, match="refuses to run twice"):
        _generate()
