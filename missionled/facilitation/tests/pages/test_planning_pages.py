"""The planning page (provider admins), my sessions and the calendar feed (facilitators), and
facilitator profiles, for every role."""

from typing import Any

import pytest
from icalendar import Calendar

from conftest import ROLES
from missionled.facilitation.models import Assignment, PlanRun, Unavailability
from missionled.facilitation.tests.factories import at, cohort_with, facilitators

pytestmark = pytest.mark.django_db
PLAN = {"date_from": "01/03/2027", "date_to": "30/04/2027"}
# The session and user, the run, and the sessions with their five prefetches.
PLANNING_PAGE_QUERIES = 9


@pytest.fixture(autouse=True)
def _quick_solver(settings: Any) -> None:
    settings.PLAN_TIME_LIMIT_S = 5


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_see_the_planning_page(
    role: str, make_user: Any, page_client_for: Any
) -> None:
    response = page_client_for(make_user(role)).get("/facilitation/planning/")
    assert response.status_code == (200 if role == "provider_admin" else 403)
    if role == "provider_admin":
        assert "Run the plan" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_run_the_plan(role: str, make_user: Any, page_client_for: Any) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    people = facilitators(2)
    response = page_client_for(make_user(role)).post("/facilitation/planning/", PLAN)
    if role != "provider_admin":
        assert response.status_code == 403
        assert not PlanRun.objects.exists()
        return
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/facilitation/planning/?run={run.pk}"
    assert Assignment.objects.count() == 4
    page = page_client_for(make_user(role)).get(response["Location"]).text
    assert "Saved plan" in page
    assert "Week of 1 March 2027" in page
    assert people[0].email in page
    assert f"/facilitation/planning/runs/{run.pk}/load.svg" in page


def test_a_dry_run_from_the_page_saves_nothing(make_user: Any, page_client_for: Any) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    facilitators(2)
    client = page_client_for(make_user("provider_admin"))
    response = client.post("/facilitation/planning/", {**PLAN, "dry_run": "on"}, follow=True)
    assert "Proposed plan (not saved)" in response.text
    assert not Assignment.objects.exists()


def test_the_page_shows_why_no_plan_exists(make_user: Any, page_client_for: Any) -> None:
    cohort_with("understanding-it", [at(0)])
    facilitators(1)
    client = page_client_for(make_user("provider_admin"))
    response = client.post("/facilitation/planning/", PLAN, follow=True)
    assert "No plan exists" in response.text
    assert "needs 2 facilitators" in response.text


def test_a_back_to_front_range_is_a_form_error(make_user: Any, page_client_for: Any) -> None:
    client = page_client_for(make_user("provider_admin"))
    body = {"date_from": "30/04/2027", "date_to": "01/03/2027"}
    response = client.post("/facilitation/planning/", body)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The last date must be on or after the first date." in response.text


@pytest.mark.parametrize("role", ROLES)
def test_the_load_chart_is_an_accessible_svg_for_provider_admins(
    role: str, make_user: Any, page_client_for: Any
) -> None:
    run = PlanRun.objects.create(
        ran_at=at(0), date_from=at(0).date(), date_to=at(30).date(), loads={"a@x.gov.uk": 3}
    )
    response = page_client_for(make_user(role)).get(
        f"/facilitation/planning/runs/{run.pk}/load.svg"
    )
    if role != "provider_admin":
        assert response.status_code == 403
        return
    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert 'role="img"' in svg
    assert "aria-label=" in svg
    assert "<script" not in svg


@pytest.mark.parametrize("role", ROLES)
def test_my_sessions_lists_only_my_own(role: str, make_user: Any, page_client_for: Any) -> None:
    cohort = cohort_with("practising-it", [at(0), at(7)])
    user = make_user(role)
    other = facilitators(1)[0]
    first, second = cohort.sessions.order_by("order")
    first.title, second.title = "Mine to run", "Someone else's"
    first.save()
    second.save()
    Assignment.objects.create(session=second, facilitator=other, role="workshop")
    if role == "facilitator":
        Assignment.objects.create(session=first, facilitator=user, role="workshop")
    response = page_client_for(user).get("/facilitation/me/")
    if role != "facilitator":
        assert response.status_code == 403
        return
    assert "Mine to run" in response.text
    assert "Someone else" not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_feed_has_only_my_sessions(
    role: str, make_user: Any, page_client_for: Any
) -> None:
    cohort = cohort_with("practising-it", [at(0), at(7)])
    user = make_user(role)
    other = facilitators(1)[0]
    first, second = cohort.sessions.order_by("order")
    Assignment.objects.create(session=second, facilitator=other, role="workshop")
    if role == "facilitator":
        Assignment.objects.create(session=first, facilitator=user, role="workshop")
    response = page_client_for(user).get("/facilitation/me/calendar.ics")
    if role != "facilitator":
        assert response.status_code == 403
        return
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [first.uid]


def test_signed_out_people_are_sent_to_sign_in(ref_data: None, client: Any) -> None:
    for path in ("/facilitation/planning/", "/facilitation/me/", "/facilitation/me/calendar.ics"):
        assert client.get(path).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_a_facilitator_edits_their_own_unavailability(
    role: str, make_user: Any, page_client_for: Any
) -> None:
    user = make_user(role)
    client = page_client_for(user)
    body = {"starts_on": "01/03/2027", "ends_on": "05/03/2027", "reason": "Leave"}
    response = client.post("/facilitation/me/profile/unavailability/", body)
    if role != "facilitator":
        assert response.status_code == 403
        assert not Unavailability.objects.exists()
        return
    assert response.status_code == 302
    away = Unavailability.objects.get()
    assert away.profile.user == user
    assert "5 March 2027" in client.get("/facilitation/me/profile/").text
    assert client.post(f"/facilitation/unavailability/{away.pk}/remove/").status_code == 302
    assert not Unavailability.objects.exists()


def test_a_facilitator_cannot_touch_anyone_elses_profile(
    make_user: Any, page_client_for: Any
) -> None:
    me, other = facilitators(2)
    client = page_client_for(me)
    assert client.get(f"/facilitation/facilitators/{other.pk}/").status_code == 403
    body = {"starts_on": "01/03/2027", "ends_on": "05/03/2027"}
    url = f"/facilitation/facilitators/{other.pk}/unavailability/"
    assert client.post(url, body).status_code == 403
    page_client_for(other).post("/facilitation/me/profile/unavailability/", body)
    away = Unavailability.objects.get()
    assert client.post(f"/facilitation/unavailability/{away.pk}/remove/").status_code == 403
    assert Unavailability.objects.exists()


def test_unavailability_in_the_wrong_order_is_a_form_error(
    make_user: Any, page_client_for: Any
) -> None:
    client = page_client_for(make_user("facilitator"))
    body = {"starts_on": "05/03/2027", "ends_on": "01/03/2027"}
    response = client.post("/facilitation/me/profile/unavailability/", body)
    assert response.status_code == 200
    assert "must be on or after the first day away" in response.text
    assert not Unavailability.objects.exists()


def test_a_provider_admin_edits_a_facilitators_profile(
    make_user: Any, page_client_for: Any
) -> None:
    person = facilitators(1)[0]
    client = page_client_for(make_user("provider_admin"))
    assert person.email in client.get("/facilitation/facilitators/").text
    page = client.get(f"/facilitation/facilitators/{person.pk}/")
    assert page.status_code == 200
    assert 'value="Yorkshire and The Humber"' in page.text
    body = {
        "regions": ["London", "Yorkshire and The Humber"],
        "max_per_week": "2",
        "max_per_month": "6",
    }
    response = client.post(f"/facilitation/facilitators/{person.pk}/edit/", body)
    assert response.status_code == 302
    profile = person.facilitator_profile
    profile.refresh_from_db()
    assert (profile.regions, profile.max_per_week, profile.may_advise_sets) == (
        ["London", "Yorkshire and The Humber"],
        2,
        False,
    )
    assert not profile.courses.exists()
    away = {"starts_on": "01/03/2027", "ends_on": "01/03/2027"}
    url = f"/facilitation/facilitators/{person.pk}/unavailability/"
    assert client.post(url, away).status_code == 302
    assert Unavailability.objects.get().profile == profile


def test_a_profile_with_a_month_below_the_week_is_refused(
    make_user: Any, page_client_for: Any
) -> None:
    person = facilitators(1)[0]
    client = page_client_for(make_user("provider_admin"))
    body = {"max_per_week": "5", "max_per_month": "3"}
    response = client.post(f"/facilitation/facilitators/{person.pk}/edit/", body)
    assert response.status_code == 200
    assert "at least the weekly limit" in response.text


def test_the_plan_lists_each_facilitator_s_sessions_in_date_order(
    make_user: Any, page_client_for: Any
) -> None:
    cohort_with("practising-it", [at(0), at(28)])
    first, second = facilitators(2)
    client = page_client_for(make_user("provider_admin"))
    page = client.post("/facilitation/planning/", PLAN, follow=True).text
    section = page.split('id="by-facilitator"')[1]
    for person in (first, second):
        assert f"{person.email}: 2 sessions" in section
    mine = section.split(f"{first.email}: 2 sessions")[1].split("</table>")[0]
    assert mine.index("Mon 1 Mar 2027") < mine.index("Mon 29 Mar 2027")
    assert mine.index("Workshop 1") < mine.index("Workshop 2")


@pytest.mark.parametrize("cohorts", [1, 4])
def test_the_planning_page_costs_the_same_queries_at_any_size(
    cohorts: int, make_user: Any, page_client_for: Any, django_assert_num_queries: Any
) -> None:
    for n in range(cohorts):
        cohort_with("practising-it", [at(7 * n), at(7 * n + 28)])
    facilitators(2 * cohorts)
    client = page_client_for(make_user("provider_admin"))
    location = client.post("/facilitation/planning/", PLAN)["Location"]
    assert Assignment.objects.count() == 4 * cohorts
    with django_assert_num_queries(PLANNING_PAGE_QUERIES):
        page = client.get(location).text
    assert page.count("govuk-table__caption--s") > cohorts
