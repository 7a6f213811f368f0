"""GET /me/calendar.ics for a facilitator: the sessions they are assigned to run."""

from typing import Any

import pytest

from missionled.enrolments.tests.factories import cohort_for
from missionled.facilitation.models import Assignment

pytestmark = pytest.mark.django_db


def test_a_facilitator_s_feed_holds_the_sessions_they_run(
    make_user: Any, api_client_for: Any, ref_data: None
) -> None:
    mine = cohort_for("practising-it", "DfE")
    theirs = cohort_for("practising-it", "HMRC")
    me, colleague = make_user("facilitator"), make_user("facilitator")
    first = mine.sessions.get(order=1)
    Assignment.objects.create(session=first, facilitator=me, role=Assignment.Role.WORKSHOP)
    for session in theirs.sessions.all():
        Assignment.objects.create(
            session=session, facilitator=colleague, role=Assignment.Role.WORKSHOP
        )
    body = api_client_for(me).get("/api/v1/me/calendar.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:{first.uid}" in body
    for session in theirs.sessions.all():
        assert session.uid not in body


def test_a_set_meeting_run_with_other_advisers_appears_once(
    make_user: Any, api_client_for: Any, ref_data: None
) -> None:
    cohort = cohort_for("leading-it", "DfE")
    me, colleague = make_user("facilitator"), make_user("facilitator")
    meeting = cohort.sessions.get(order=2)
    for number, person in enumerate((me, colleague), start=1):
        Assignment.objects.create(
            session=meeting,
            facilitator=person,
            role=Assignment.Role.SET_ADVISER,
            set_number=number,
        )
    body = api_client_for(me).get("/api/v1/me/calendar.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:{meeting.uid}" in body
