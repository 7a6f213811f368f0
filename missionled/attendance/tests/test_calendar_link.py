"""The private calendar subscription link: made, reset and turned off on My learning and My
sessions, and the feed behind it that calendar apps fetch without signing in."""

import hashlib
import re
from typing import Any

import pytest
from django.test import Client

from conftest import ROLES
from missionled.attendance.models import CalendarFeed
from missionled.core.audit import audit_entries_for
from missionled.core.models import AuditEntry
from missionled.enrolments.services.catch_up import catch_up_book
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

from .conftest import DURING, assign

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/calendar/([A-Za-z0-9_-]+)\.ics")
LINK_ROLES = {"participant", "facilitator"}


@pytest.fixture(autouse=True)
def _during_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionled.attendance.views.now", lambda: DURING)


def made_link(response: Any) -> str:
    """The feed address shown on the page, as a path the test client can fetch."""
    assert response.status_code == 200
    match = LINK.search(response.content.decode())
    assert match is not None
    return f"/calendar/{match.group(1)}.ics"


def uids(body: bytes) -> set[str]:
    return set(re.findall(r"^UID:(\S+)\r$", body.decode(), flags=re.M))


@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_link_pages_by_role(
    role: str, make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    """Participants and facilitators have sessions to subscribe to; everyone else gets the
    forbidden page and no link is made."""
    user = make_user(role)
    client = page_client_for(user)
    created = client.post("/me/calendar-link/")
    reset = client.post("/me/calendar-link/reset/")
    revoked = client.post("/me/calendar-link/off/")
    if role not in LINK_ROLES:
        for answer in (created, reset, revoked):
            assert answer.status_code == 403
            assert "You cannot see this page" in answer.content.decode()
            assert "participants and facilitators" in answer.content.decode()
        assert not CalendarFeed.objects.exists()
        assert "Create a calendar link" not in client.get("/me/").content.decode()
        return
    first, second = made_link(created), made_link(reset)
    assert first != second
    for answer in (created, reset):
        text = answer.content.decode()
        assert "govuk-panel" in text
        assert "govuk-inset-text" in text
        assert "Copy this into Outlook or Google Calendar" in text
        assert answer["Cache-Control"] == "no-store"
    home = "/facilitation/me/" if role == "facilitator" else "/me/"
    assert revoked.status_code == 302
    assert revoked["Location"] == home
    feed = CalendarFeed.objects.get(user=user)
    assert feed.revoked_at == DURING
    assert [(e.action, e.actor) for e in audit_entries_for(feed)] == [
        ("attendance.calendar_feed.created", user),
        ("attendance.calendar_feed.reset", user),
        ("attendance.calendar_feed.revoked", user),
    ]
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 404


def test_the_token_is_never_stored_in_plain_text(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    user = make_user("participant")
    path = made_link(page_client_for(user).post("/me/calendar-link/"))
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=user)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in CalendarFeed.objects.values_list().get()]
    stored += [str(v) for v in AuditEntry.objects.values_list("payload", "object_id")]
    assert not any(token in value for value in stored)
    assert len(token) >= 40


def test_a_participant_s_feed_needs_no_sign_in_and_holds_only_their_sessions(
    make_user: Any, page_client_for: Any, cohort: Any, admin: Any, ref_data: None
) -> None:
    """Their cohort's sessions and their catch-up, the same events as their signed-in feed."""
    other = cohort_for("practising-it", "HMRC")
    unrelated = cohort_for("leading-it", "HMRC")
    user = make_user("participant", email="asha.patel@education.gov.uk")
    asha = EnrolmentFactory(cohort=cohort, email=user.email, user=user)
    EnrolmentFactory(cohort=unrelated, email="someone.else@hmrc.gov.uk")
    caught_up = other.sessions.get(order=2)
    catch_up_book(actor=admin, enrolment=asha, session=caught_up, now=BEFORE_START)
    signed_in = page_client_for(user)
    path = made_link(signed_in.post("/me/calendar-link/"))

    feed = Client().get(path)

    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Cache-Control"] == "private"
    assert "X-WR-CALNAME:Mission-led Government: my sessions" in feed.content.decode()
    expected = {s.uid for s in cohort.sessions.all()} | {caught_up.uid}
    assert uids(feed.content) == expected
    assert uids(signed_in.get("/me/calendar.ics").content) == expected
    assert Client().head(path).status_code == 200


def test_a_facilitator_s_feed_holds_only_the_sessions_they_run(
    make_user: Any, page_client_for: Any, session: Any, stranger: Any, ref_data: None
) -> None:
    me = assign(session, make_user("facilitator"))
    theirs = cohort_for("practising-it", "HMRC")
    for other in theirs.sessions.all():
        assign(other, stranger)
    path = made_link(page_client_for(me).post("/me/calendar-link/"))

    body = Client().get(path).content

    assert uids(body) == {session.uid}


def test_a_reset_link_and_an_unknown_one_get_the_same_bare_404(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    client = page_client_for(make_user("participant"))
    old = made_link(client.post("/me/calendar-link/"))
    new = made_link(client.post("/me/calendar-link/reset/"))
    gone, unknown = Client().get(old), Client().get("/calendar/not-a-real-token.ics")
    for answer in (gone, unknown):
        assert answer.status_code == 404
        assert answer["Content-Type"] == "text/plain; charset=utf-8"
    assert gone.content == unknown.content == b"Not found"
    assert Client().get(new).status_code == 200


def test_a_link_turned_off_and_on_again_is_a_new_link(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    client = page_client_for(make_user("participant"))
    old = made_link(client.post("/me/calendar-link/"))
    client.post("/me/calendar-link/off/")
    assert Client().get(old).status_code == 404
    new = made_link(client.post("/me/calendar-link/"))
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_a_deactivated_person_s_link_stops_working(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    user = make_user("facilitator")
    path = made_link(page_client_for(user).post("/me/calendar-link/"))
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404


def test_making_a_second_link_or_resetting_none_says_what_to_do(
    make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    client = page_client_for(make_user("participant"))
    reset = client.post("/me/calendar-link/reset/", follow=True)
    assert "You do not have a calendar link. Create one first." in reset.content.decode()
    first = made_link(client.post("/me/calendar-link/"))
    again = client.post("/me/calendar-link/", follow=True)
    assert "You already have a calendar link." in again.content.decode()
    assert LINK.search(again.content.decode()) is None
    assert Client().get(first).status_code == 200


@pytest.mark.parametrize(
    ("role", "page"), [("participant", "/me/"), ("facilitator", "/facilitation/me/")]
)
def test_my_page_offers_to_create_then_to_reset_or_turn_off(
    role: str, page: str, make_user: Any, page_client_for: Any, ref_data: None
) -> None:
    client = page_client_for(make_user(role))
    before = client.get(page).content.decode()
    assert 'action="/me/calendar-link/"' in before
    assert "Create a calendar link" in before
    path = made_link(client.post("/me/calendar-link/"))
    after = client.get(page).content.decode()
    assert 'action="/me/calendar-link/reset/"' in after
    assert 'action="/me/calendar-link/off/"' in after
    assert "Create a calendar link" not in after
    assert path not in after


def test_the_feed_needs_no_more_queries_for_more_sessions(
    make_user: Any, page_client_for: Any, admin: Any, django_assert_max_num_queries: Any
) -> None:
    """A busy facilitator who is also on courses costs as many queries as a new participant."""
    newcomer = make_user("participant")
    EnrolmentFactory(cohort=cohort_for("practising-it", "DfE"), email=newcomer.email)
    busy = make_user("facilitator")
    cohorts = [cohort_for("leading-it", d) for d in ("DfE", "HMRC", "CO", "DBT", "DCMS", "AGO")]
    for mine, elsewhere in zip(cohorts[:2], cohorts[2:4], strict=True):
        enrolment = EnrolmentFactory(cohort=mine, email=busy.email, user=busy)
        catch_up_book(
            actor=admin,
            enrolment=enrolment,
            session=elsewhere.sessions.get(order=1),
            now=BEFORE_START,
        )
    for cohort in cohorts[4:]:
        for session in cohort.sessions.all():
            assign(session, busy)
    small = made_link(page_client_for(newcomer).post("/me/calendar-link/"))
    large = made_link(page_client_for(busy).post("/me/calendar-link/"))
    for path, events in ((small, 2), (large, 10)):
        with django_assert_max_num_queries(2):
            body = Client().get(path).content
        assert len(uids(body)) == events
