"""The roster, check-in, My learning and certificate pages."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from conftest import ROLES
from missionled.attendance.models import Attendance, Certificate, CheckInCode
from missionled.attendance.services.attendance import check_in_code_for
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

from .conftest import DURING, assign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionled.attendance.views.now", lambda: DURING)


@pytest.mark.parametrize("role", ROLES)
def test_the_roster_by_role(
    role: str, session: Any, asha: Any, make_user: Any, page_client_for: Any
) -> None:
    """Only the provider and the session's assigned facilitator: the roster shows people's
    reasonable adjustments."""
    status = 200 if role in {"provider_admin", "facilitator"} else 403
    user = make_user(role)
    if role == "facilitator":
        assign(session, user)
    client = page_client_for(user)
    page = client.get(f"/sessions/{session.pk}/attendance/")
    assert page.status_code == status
    answer = client.post(f"/sessions/{session.pk}/attendance/", {f"enrolment-{asha.pk}": "present"})
    assert answer.status_code == (302 if status == 200 else 403)
    if status == 200:
        text = page.content.decode()
        assert "Asha Patel" in text
        assert 'type="radio"' in text
        assert "Captions on video calls" in text
        assert Attendance.objects.get().status == "present"
    else:
        assert "Captions on video calls" not in page.content.decode()
        assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "where", ["nobody on the session", "assigned elsewhere", "colleague on it"]
)
def test_an_unassigned_facilitator_never_sees_the_roster(
    where: str,
    session: Any,
    asha: Any,
    make_user: Any,
    page_client_for: Any,
    stranger: Any,
) -> None:
    """Being a facilitator is not enough, even before the planner has assigned anyone."""
    if where == "nobody on the session":
        outsider = make_user("facilitator")
    elif where == "assigned elsewhere":
        outsider = stranger
    else:
        assign(session, make_user("facilitator"))
        outsider = make_user("facilitator")
    client = page_client_for(outsider)
    url = f"/sessions/{session.pk}/attendance/"
    page = client.get(url)
    assert page.status_code == 403
    assert "assigned to this session" in page.content.decode()
    answer = client.post(url, {f"enrolment-{asha.pk}": "present"})
    assert answer.status_code == 403
    for response in (page, answer):
        assert "Captions on video calls" not in response.content.decode()
        assert "Asha Patel" not in response.content.decode()
    assert client.post(f"/sessions/{session.pk}/check-in-code/").status_code == 403
    assert not Attendance.objects.exists()
    assert not CheckInCode.objects.exists()


def test_another_departments_roster_is_not_found(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    session = cohort_for("practising-it", "HMRC").sessions.get(order=1)
    client = page_client_for(make_user("coordinator", "DfE"))
    assert client.get(f"/sessions/{session.pk}/attendance/").status_code == 404


def test_the_roster_corrects_a_mark_and_shows_a_check_in_code(
    session: Any, asha: Any, ben: Any, facilitator: Any, page_client_for: Any
) -> None:
    client = page_client_for(facilitator)
    url = f"/sessions/{session.pk}/attendance/"
    client.post(url, {f"enrolment-{asha.pk}": "absent", f"enrolment-{ben.pk}": "present"})
    client.post(url, {f"enrolment-{asha.pk}": "excused", f"enrolment-{ben.pk}": "present"})
    assert dict(Attendance.objects.values_list("enrolment__name", "status")) == {
        "Asha Patel": "excused",
        "Ben Jones": "present",
    }
    bad = client.post(url, {f"enrolment-{asha.pk}": "asleep"})
    assert bad.status_code == 200
    assert "Error:" in bad.content.decode()
    assert "Marked excused by" in client.get(url).content.decode()
    assert client.post(f"/sessions/{session.pk}/check-in-code/").status_code == 302
    code = session.check_in.code
    assert code in client.get(url).content.decode()


def test_a_participant_checks_in_with_the_code(
    cohort: Any,
    session: Any,
    asha: Any,
    make_user: Any,
    page_client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Checking in to the last session needed issues the certificate, with full links."""
    Attendance.objects.create(
        session=cohort.sessions.get(order=2), enrolment=asha, status="present", marked_at=DURING
    )
    code = check_in_code_for(session=session, actor=make_user("provider_admin")).code
    client = page_client_for(make_user("participant", email="asha.patel@education.gov.uk"))
    assert client.get("/me/check-in/").status_code == 200
    wrong = client.post("/me/check-in/", {"code": "ZZZZZZ"})
    assert "That check-in code is not right" in wrong.content.decode()
    assert "Check in<span" in client.get("/me/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/me/check-in/", {"code": code}).status_code == 302
    assert "Check in<span" not in client.get("/me/").content.decode()
    assert Attendance.objects.get(enrolment=asha, session=session).status == "present"
    code = Certificate.objects.get(enrolment=asha).code
    (email,) = mail.outbox
    assert f"http://testserver/certificates/verify/{code}/" in email.body


def test_my_learning_shows_only_my_own_cohorts(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    mine = cohort_for("practising-it", "DfE")
    other = cohort_for("leading-it", "HMRC")
    me = make_user("participant", email="me@education.gov.uk")
    mine_enrolment = EnrolmentFactory(
        cohort=mine, email="someone@education.gov.uk", user=me, name="Me Myself"
    )
    EnrolmentFactory(
        cohort=other, email="them@hmrc.gov.uk", name="Not Me", reasonable_adjustments="Private need"
    )
    EnrolmentFactory(
        cohort=other, email="me@education.gov.uk", status=Enrolment.Status.WITHDRAWN, name="Old me"
    )
    Attendance.objects.create(
        session=mine.sessions.get(order=1),
        enrolment=mine_enrolment,
        status="late",
        marked_at=DURING,
    )
    page = page_client_for(me).get("/me/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mission-led Government: Practising it" in text
    assert "Late" in text
    assert "Workshops attended: 1 of 2." in text
    assert "Check in<span" not in text
    assert "Leading it" not in text
    assert "them@hmrc.gov.uk" not in text
    assert "Private need" not in text
    calendar = page_client_for(me).get("/me/calendar.ics")
    assert calendar.status_code == 200
    assert all(s.uid not in calendar.content.decode() for s in other.sessions.all())
    assert all(s.uid in calendar.content.decode() for s in mine.sessions.all())


def test_my_learning_needs_a_sign_in(client: Any, ref_data: None) -> None:
    assert client.get("/me/").status_code == 302
    assert client.get("/me/calendar.ics").status_code == 302


@pytest.fixture
def certificate(asha: Any) -> Certificate:
    return Certificate.objects.create(
        enrolment=asha,
        name=asha.name,
        course_title="Mission-led Government: Practising it",
        completed_on=DURING.date() + timedelta(days=14),
        issued_at=DURING,
    )


def test_the_verification_page_is_public_and_shows_no_email(
    client: Any, certificate: Certificate
) -> None:
    page = client.get(f"/certificates/verify/{certificate.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "This certificate is genuine" in text
    assert "Asha Patel" in text
    assert "Mission-led Government: Practising it" in text
    assert "15 March 2027" in text
    assert "asha.patel@education.gov.uk" not in text
    assert "Captions" not in text
    missing = client.get("/certificates/verify/not-a-real-code/")
    assert missing.status_code == 404
    assert "Certificate not found" in missing.content.decode()


def test_the_printable_certificate_is_for_its_holder_and_the_provider(
    certificate: Certificate, make_user: Any, page_client_for: Any
) -> None:
    url = f"/certificates/{certificate.code}/"
    holder = make_user("participant", email="asha.patel@education.gov.uk")
    assert page_client_for(holder).get(url).status_code == 200
    assert page_client_for(make_user("provider_admin")).get(url).status_code == 200
    assert page_client_for(make_user("participant")).get(url).status_code == 404
    assert "Certificate of completion" in page_client_for(holder).get(url).content.decode()
