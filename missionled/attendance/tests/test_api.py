"""PUT /sessions/{id}/attendance and GET /me/calendar.ics over HTTP."""

import json
from typing import Any

import pytest

from conftest import ROLES
from missionled.attendance.models import Attendance
from missionled.core.audit import audit_entries_for
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

from .conftest import DURING, assign

pytestmark = pytest.mark.django_db

ALLOWED = {"provider_admin": 200, "facilitator": 200}


@pytest.fixture(autouse=True)
def _during_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionled.attendance.api.now", lambda: DURING)


def _put(client: Any, session: Any, body: Any) -> Any:
    return client.put(
        f"/api/v1/sessions/{session.pk}/attendance",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize("role", ROLES)
def test_marking_by_role(
    role: str, session: Any, asha: Any, make_user: Any, api_client_for: Any
) -> None:
    user = make_user(role)
    if role == "facilitator":
        assign(session, user)
    answer = _put(api_client_for(user), session, [{"enrolment": asha.pk, "status": "late"}])
    assert answer.status_code == ALLOWED.get(role, 403), answer.content
    if role in ALLOWED:
        assert answer.json()[0]["enrolment"] == asha.pk
        assert answer.json()[0]["status"] == "late"
        assert answer.json()[0]["marked_at"].endswith("+00:00")
        mark = Attendance.objects.get()
        assert [e.actor.role for e in audit_entries_for(mark)] == [role]
    else:
        assert answer.json()["error"]["code"] == "not_allowed"
        assert not Attendance.objects.exists()


@pytest.mark.parametrize("assigned_elsewhere", [False, True])
def test_an_unassigned_facilitator_may_not_read_or_mark(
    assigned_elsewhere: bool,
    session: Any,
    asha: Any,
    make_user: Any,
    api_client_for: Any,
    stranger: Any,
    admin: Any,
) -> None:
    """Not even on a session nobody is assigned to yet, nor on one of their own cohort's
    other sessions; the answer never carries the roster."""
    Attendance.objects.create(session=session, enrolment=asha, status="present", marked_at=DURING)
    client = api_client_for(stranger if assigned_elsewhere else make_user("facilitator"))
    for answer in (
        _put(client, session, [{"enrolment": asha.pk, "status": "absent"}]),
        client.get(f"/api/v1/sessions/{session.pk}/attendance"),
    ):
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "not_allowed"
        assert "Asha Patel" not in answer.content.decode()
        assert "Captions on video calls" not in answer.content.decode()
    assert Attendance.objects.get().status == "present"


def test_another_departments_session_is_not_found_for_a_coordinator(
    make_user: Any, api_client_for: Any, ref_data: None
) -> None:
    hmrc = cohort_for("practising-it", "HMRC")
    person = EnrolmentFactory(cohort=hmrc)
    session = hmrc.sessions.get(order=1)
    answer = _put(
        api_client_for(make_user("coordinator", "DfE")),
        session,
        [{"enrolment": person.pk, "status": "present"}],
    )
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "session_not_found"


def test_bad_input_is_a_422_naming_the_problem(
    session: Any, asha: Any, make_user: Any, api_client_for: Any
) -> None:
    client = api_client_for(make_user("provider_admin"))
    assert _put(client, session, [{"enrolment": asha.pk, "status": "asleep"}]).status_code == 422
    answer = _put(client, session, [{"enrolment": 999999, "status": "present"}])
    assert answer.status_code == 422
    assert "not enrolled in this session's cohort" in answer.json()["error"]["message"]
    assert _put(client, session, {"not": "a list"}).status_code == 422
    assert (
        client.put(
            "/api/v1/sessions/999999/attendance", data="[]", content_type="application/json"
        ).status_code
        == 404
    )


def test_marking_needs_a_token(session: Any, client: Any) -> None:
    assert _put(client, session, []).status_code == 401


def test_my_calendar_holds_only_my_sessions(
    make_user: Any, api_client_for: Any, ref_data: None
) -> None:
    mine = cohort_for("practising-it", "DfE")
    theirs = cohort_for("leading-it", "HMRC")
    EnrolmentFactory(cohort=mine, email="me@education.gov.uk")
    EnrolmentFactory(cohort=theirs, email="them@hmrc.gov.uk")
    me = make_user("participant", email="me@education.gov.uk")
    answer = api_client_for(me).get("/api/v1/me/calendar.ics")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    body = answer.content.decode()
    for session in mine.sessions.all():
        assert f"UID:{session.uid}" in body
    for session in theirs.sessions.all():
        assert session.uid not in body
