"""Marking attendance: who may, every change audited, certificates, self check-in."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from missionled.attendance.models import Attendance, Certificate
from missionled.attendance.services import attendance as service
from missionled.attendance.services.attendance import (
    attendance_check_in,
    attendance_mark,
    check_in_code_for,
)
from missionled.cohorts.models import Session
from missionled.core.audit import audit_entries_for
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.enrolments.tests.factories import FIRST_SESSION

from .conftest import DURING

pytestmark = pytest.mark.django_db


def test_every_change_is_audited_and_unchanged_marks_are_not(
    session: Any, asha: Any, ben: Any, facilitator: Any, admin: Any
) -> None:
    attendance_mark(
        session=session,
        marks=[(asha.pk, "present"), (ben.pk, "absent")],
        actor=facilitator,
        now=DURING,
    )
    attendance_mark(
        session=session, marks=[(asha.pk, "present"), (ben.pk, "late")], actor=admin, now=DURING
    )
    ben_mark = Attendance.objects.get(session=session, enrolment=ben)
    assert (ben_mark.status, ben_mark.marked_by) == ("late", admin)
    history = [(e.actor, e.payload["from"], e.payload["to"]) for e in audit_entries_for(ben_mark)]
    assert history == [(facilitator, None, "absent"), (admin, "absent", "late")]
    asha_mark = Attendance.objects.get(session=session, enrolment=asha)
    assert len(audit_entries_for(asha_mark)) == 1


@pytest.mark.parametrize("role", ["coordinator", "participant", "mission_analyst"])
def test_other_roles_may_not_mark(role: str, session: Any, asha: Any, make_user: Any) -> None:
    with pytest.raises(NotAllowed, match=service.MARKERS_ONLY):
        attendance_mark(
            session=session, marks=[(asha.pk, "present")], actor=make_user(role), now=DURING
        )
    assert not Attendance.objects.exists()


def test_an_assigned_session_is_marked_only_by_its_facilitator(
    session: Any, asha: Any, facilitator: Any, stranger: Any, make_user: Any
) -> None:
    for outsider in (make_user("facilitator"), stranger):
        with pytest.raises(NotAllowed, match=service.MARKERS_ONLY):
            attendance_mark(
                session=session, marks=[(asha.pk, "present")], actor=outsider, now=DURING
            )
        with pytest.raises(NotAllowed):
            check_in_code_for(session=session, actor=outsider)
    attendance_mark(session=session, marks=[(asha.pk, "present")], actor=facilitator, now=DURING)


def test_a_session_nobody_is_assigned_to_is_the_providers_alone(
    cohort: Any, asha: Any, admin: Any, make_user: Any
) -> None:
    unplanned = cohort.sessions.get(order=2)
    assert not unplanned.assignments.exists()
    with pytest.raises(NotAllowed):
        attendance_mark(
            session=unplanned,
            marks=[(asha.pk, "present")],
            actor=make_user("facilitator"),
            now=unplanned.starts_at,
        )
    attendance_mark(
        session=unplanned, marks=[(asha.pk, "present")], actor=admin, now=unplanned.starts_at
    )


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ([(0, "present")], "is not enrolled in this session's cohort"),
        ([("asha", "asleep")], "is not an attendance status"),
        ([("asha", "present"), ("asha", "late")], "is marked more than once"),
    ],
)
def test_bad_marks_save_nothing(
    marks: list[tuple[Any, str]], message: str, session: Any, asha: Any, admin: Any
) -> None:
    resolved = [(asha.pk if who == "asha" else who, status) for who, status in marks]
    with pytest.raises(RuleBroken, match=message):
        attendance_mark(session=session, marks=resolved, actor=admin, now=DURING)
    assert not Attendance.objects.exists()


def test_no_marks_before_the_session_opens_or_on_a_cancelled_one(
    session: Any, asha: Any, admin: Any
) -> None:
    with pytest.raises(RuleBroken, match="from 15 minutes before"):
        attendance_mark(
            session=session,
            marks=[(asha.pk, "present")],
            actor=admin,
            now=FIRST_SESSION - timedelta(hours=1),
        )
    session.status = Session.Status.CANCELLED
    session.save()
    with pytest.raises(Conflict):
        attendance_mark(session=session, marks=[(asha.pk, "present")], actor=admin, now=DURING)


def test_completing_the_course_issues_and_emails_a_certificate(
    cohort: Any, asha: Any, admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first, second = cohort.sessions.order_by("order")
    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(session=first, marks=[(asha.pk, "present")], actor=admin, now=DURING)
        assert not Certificate.objects.exists()
        attendance_mark(
            session=second, marks=[(asha.pk, "late")], actor=admin, now=second.starts_at
        )
    certificate = Certificate.objects.get(enrolment=asha)
    assert certificate.name == "Asha Patel"
    assert certificate.completed_on == second.starts_at.date()
    assert len(certificate.code) >= 16
    assert [m.subject for m in mail.outbox] == [
        "Your certificate for Mission-led Government: Practising it"
    ]


def test_check_in_works_only_while_the_session_is_open(
    session: Any, asha: Any, facilitator: Any, make_user: Any
) -> None:
    code = check_in_code_for(session=session, actor=facilitator).code
    assert check_in_code_for(session=session, actor=facilitator).code == code
    person = make_user("participant", email="asha.patel@education.gov.uk")
    for moment in (FIRST_SESSION - timedelta(minutes=16), session.ends_at + timedelta(minutes=1)):
        with pytest.raises(RuleBroken, match="Check-in is open from 15 minutes"):
            attendance_check_in(user=person, code=code, now=moment)
    assert not Attendance.objects.exists()
    mark = attendance_check_in(
        user=person, code=code.lower(), now=FIRST_SESSION - timedelta(minutes=15)
    )
    assert (mark.status, mark.self_checked_in) == ("present", True)
    assert [e.action for e in audit_entries_for(mark)] == ["attendance.attendance.checked_in"]


def test_late_check_in_wrong_code_and_strangers(
    session: Any, asha: Any, facilitator: Any, make_user: Any
) -> None:
    code = check_in_code_for(session=session, actor=facilitator).code
    person = make_user("participant", email="asha.patel@education.gov.uk")
    with pytest.raises(RuleBroken, match="not right"):
        attendance_check_in(user=person, code="WRONG1", now=DURING)
    stranger = make_user("participant", email="someone.else@education.gov.uk")
    with pytest.raises(RuleBroken, match="not enrolled"):
        attendance_check_in(user=stranger, code=code, now=DURING)
    mark = attendance_check_in(user=person, code=code, now=FIRST_SESSION + timedelta(minutes=30))
    assert mark.status == "late"


@pytest.mark.parametrize("role", ["coordinator", "participant", "mission_analyst"])
def test_only_markers_get_a_check_in_code(role: str, session: Any, make_user: Any) -> None:
    with pytest.raises(NotAllowed):
        check_in_code_for(session=session, actor=make_user(role))
