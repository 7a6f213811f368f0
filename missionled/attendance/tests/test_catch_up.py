"""Catch-up sessions on the roster: marked there, counted and certified on the original place."""

from typing import Any

import pytest
from django.core import mail

from missionled.attendance.models import Attendance, Certificate
from missionled.attendance.selectors import my_calendar, my_learning, session_roster
from missionled.attendance.services import attendance as service
from missionled.attendance.services.attendance import (
    attendance_check_in,
    attendance_mark,
    check_in_code_for,
)
from missionled.core.errors import RuleBroken
from missionled.enrolments.models import CatchUp, Enrolment
from missionled.enrolments.services.catch_up import catch_up_book, catch_up_cancel
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

from .conftest import DURING, assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(ref_data: None) -> Any:
    return cohort_for("practising-it", "HMRC")


@pytest.fixture
def hmrc_session(other: Any) -> Any:
    return other.sessions.get(order=1)


@pytest.fixture
def catch_up(asha: Any, admin: Any, hmrc_session: Any) -> CatchUp:
    """Asha, of the DfE cohort, catches up on its first workshop with HMRC's cohort."""
    return catch_up_book(actor=admin, enrolment=asha, session=hmrc_session, now=BEFORE_START)


@pytest.fixture
def hmrc_facilitator(make_user: Any, hmrc_session: Any) -> Any:
    return assign(hmrc_session, make_user("facilitator"))


def test_the_catch_up_completes_the_course_and_certifies_the_original_place(
    cohort: Any,
    asha: Any,
    catch_up: CatchUp,
    hmrc_session: Any,
    hmrc_facilitator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Attendance.objects.create(
        session=cohort.sessions.get(order=2), enrolment=asha, status="present", marked_at=DURING
    )
    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(
            session=hmrc_session, marks=[(asha.pk, "late")], actor=hmrc_facilitator, now=DURING
        )
    mark = Attendance.objects.get(session=hmrc_session)
    assert mark.enrolment == asha
    certificate = Certificate.objects.get()
    assert certificate.enrolment == asha
    assert not Enrolment.objects.filter(cohort__department__acronym="HMRC").exists()
    assert [m.subject for m in mail.outbox if "certificate" in m.subject.lower()]


def test_the_roster_shows_them_on_that_session_only(
    asha: Any, ben: Any, catch_up: CatchUp, other: Any, hmrc_session: Any
) -> None:
    hmrc_person = EnrolmentFactory(cohort=other, name="Hana Ito")
    lines = [(line.enrolment, line.catch_up) for line in session_roster(hmrc_session)]
    assert lines == [(hmrc_person, False), (asha, True)]
    second = other.sessions.get(order=2)
    assert [line.enrolment for line in session_roster(second)] == [hmrc_person]


def test_a_cancelled_catch_up_or_a_withdrawn_participant_leaves_the_roster(
    asha: Any, admin: Any, catch_up: CatchUp, hmrc_session: Any, hmrc_facilitator: Any
) -> None:
    catch_up_cancel(actor=admin, catch_up=catch_up, now=BEFORE_START)
    assert session_roster(hmrc_session) == []
    with pytest.raises(RuleBroken) as caught:
        attendance_mark(
            session=hmrc_session, marks=[(asha.pk, "present")], actor=hmrc_facilitator, now=DURING
        )
    assert caught.value.message == service.NOT_ON_ROSTER.format(value=asha.pk)


def test_someone_catching_up_on_another_session_cannot_be_marked_here(
    asha: Any, catch_up: CatchUp, other: Any, make_user: Any
) -> None:
    second = other.sessions.get(order=2)
    facilitator = assign(second, make_user("facilitator"))
    with pytest.raises(RuleBroken):
        attendance_mark(
            session=second,
            marks=[(asha.pk, "present")],
            actor=facilitator,
            now=second.starts_at,
        )
    assert not Attendance.objects.exists()


def test_they_check_themselves_in_with_the_other_cohorts_code(
    asha: Any, catch_up: CatchUp, hmrc_session: Any, admin: Any, make_user: Any
) -> None:
    code = check_in_code_for(session=hmrc_session, actor=admin).code
    user = make_user("participant", email="asha.patel@education.gov.uk")
    attendance = attendance_check_in(user=user, code=code, now=DURING)
    assert (attendance.enrolment, attendance.session) == (asha, hmrc_session)


def test_my_learning_and_my_calendar_show_the_catch_up(
    asha: Any, catch_up: CatchUp, hmrc_session: Any, make_user: Any
) -> None:
    user = make_user("participant", email="asha.patel@education.gov.uk")
    [line] = my_learning(user, now=BEFORE_START)
    assert [(c, item.session) for c, item in line.extra["catch_ups"]] == [(catch_up, hmrc_session)]
    assert hmrc_session.uid in my_calendar(user, stamp=BEFORE_START).decode()


def test_the_roster_page_lists_who_is_catching_up(
    asha: Any, catch_up: CatchUp, hmrc_session: Any, hmrc_facilitator: Any, page_client_for: Any
) -> None:
    page = page_client_for(hmrc_facilitator).get(f"/sessions/{hmrc_session.pk}/attendance/")
    body = page.content.decode()
    assert "Catching up from another cohort" in body
    assert "Asha Patel, from the cohort for Department for Education" in body
    assert f'name="enrolment-{asha.pk}"' in body


def test_my_learning_page_offers_to_cancel_the_catch_up(
    catch_up: CatchUp, make_user: Any, page_client_for: Any
) -> None:
    user = make_user("participant", email="asha.patel@education.gov.uk")
    body = page_client_for(user).get("/me/").content.decode()
    assert "Catch-up sessions in other cohorts" in body
    assert "With the cohort for HM Revenue &amp; Customs" in body
    assert f'href="/catch-ups/{catch_up.pk}/cancel/"' in body
