"""No personal data reaches any public page, download, feed or API answer.

The public routes are read from `missions/urls.py` and the missions API router, so a route added
later is fetched here too; a route that needs a value this file cannot fill fails the test."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from itertools import product

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from missionled.attendance.models import Certificate
from missionled.catalogue.models import Course
from missionled.core.clock import LONDON
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from missionled.learning.models import Challenge, StakeholderEntry
from missionled.missions import urls as missions_urls
from missionled.missions.api import router as missions_router
from missionled.missions.impact import SUPPRESSED
from missionled.missions.models import Milestone, Mission, ProgressPoint
from missionled.missions.services.progress import (
    owner_assessment_add,
    progress_point_add,
    progress_point_correct,
)
from missionled.missions.tests.conftest import NOW
from missionled.organisations.models import Department

ANALYST_NAME = "Zebedee Quartermaine-Oyelaran"
ANALYST_EMAIL = "zebedee.quartermaine@analysts.example.gov.uk"
ADMIN_NAME = "Hepzibah Thistlewaite"
ADMIN_EMAIL = "hepzibah.thistlewaite@admins.example.gov.uk"
LEADERS_DOMAIN = "leaders.example.gov.uk"

# Six in one department, so its count is published; three in another, so it is suppressed.
SHOWN = [
    "Ottoline Vanterpool",
    "Barnabas Achterberg",
    "Clementine Oduya-Pryce",
    "Leopold Fairweather-Nkemelu",
    "Marisol Kettleborough",
    "Ignatius Szczepanik",
]
SUPPRESSED_NAMES = ["Perpetua Iwuchukwu", "Florizel Dunmore-Abiola", "Seraphina Wolstenholme"]
NOT_COMPLETED = ["Thaddeus Brackenridge"]

SIGNED_IN_ONLY = {"progress-add", "assessment-add", "progress-correct"}
"""Recorders' forms: an anonymous visitor is sent to sign in and sees nothing."""


@dataclass
class World:
    mission: Mission
    milestone: Milestone
    personal: list[str]


def _leader(cohort, name, department, milestone, n, *, completed=True):
    first, last = name.split(" ", 1)
    enrolment = EnrolmentFactory(
        cohort=cohort,
        name=name,
        email=f"{first}.{last}@{LEADERS_DOMAIN}".lower(),
        department=Department.objects.get(acronym=department),
        team=f"Wombat Flotilla Unit {n}",
        line_manager_email=f"manager.of.{first}@managers.example.gov.uk".lower(),
        reasonable_adjustments=f"Quiet-room request {n} for {first}",
    )
    challenge = Challenge.objects.create(
        enrolment=enrolment,
        title=f"Unblock the Quillfeather referral queue {n}",
        description=f"{first} will map why Marrowgate trust patients wait {n} extra weeks.",
        mission=milestone.mission,
        milestone=milestone,
        stakeholders=f"Dr Ambrosine Pettifer {n}",
        what_i_will_try=f"Pilot a Snowberry triage huddle {n}",
    )
    StakeholderEntry.objects.create(
        challenge=challenge,
        name=f"Councillor Evander Mistlethwaite {n}",
        power="high",
        interest="high",
    )
    found = [name, first, last, enrolment.email, enrolment.line_manager_email]
    found += [enrolment.team, enrolment.reasonable_adjustments]
    found += [challenge.title, challenge.description, challenge.stakeholders]
    found += [challenge.what_i_will_try, f"Councillor Evander Mistlethwaite {n}"]
    if completed:
        certificate = Certificate.objects.create(
            enrolment=enrolment,
            name=name,
            course_title=cohort.course.title,
            completed_on=date(2027, 7, 1),
            issued_at=datetime(2027, 7, 1, 17, tzinfo=LONDON),
        )
        found.append(certificate.code)
    return found


def _recorded_figures(milestone, make_user):
    analyst = make_user("mission_analyst", name=ANALYST_NAME, email=ANALYST_EMAIL)
    admin = make_user("provider_admin", name=ADMIN_NAME, email=ADMIN_EMAIL)
    point = progress_point_add(
        actor=analyst,
        milestone=milestone,
        value="40",
        on=NOW.date(),
        source_url="https://www.gov.uk/stats",
        now=NOW,
    )
    progress_point_correct(
        actor=admin, point=point, value="41", on=NOW.date(), source_url=point.source_url, now=NOW
    )
    for who, quarter in ((analyst, "2026-Q2"), (admin, "2026-Q3")):
        owner_assessment_add(
            actor=who,
            milestone=milestone,
            quarter=quarter,
            rating="feasible",
            narrative="Needs more sites.",
            now=NOW,
        )
    personal = [ANALYST_NAME, ANALYST_EMAIL, ADMIN_NAME, ADMIN_EMAIL]
    return [*personal, "Zebedee", "Quartermaine", "Hepzibah", "Thistlewaite", "example.gov.uk"]


@pytest.fixture
def world(make_user):
    milestone = Milestone.objects.select_related("mission").get(slug="elective-18-weeks")
    personal = _recorded_figures(milestone, make_user)
    cohort = cohort_for("leading-it", "DHSC", capacity=20)
    for n, name in enumerate(SHOWN):
        personal += _leader(cohort, name, "DfE", milestone, n)
    for n, name in enumerate(SUPPRESSED_NAMES, start=len(SHOWN)):
        personal += _leader(cohort, name, "HMRC", milestone, n)
    for n, name in enumerate(NOT_COMPLETED, start=20):
        personal += _leader(cohort, name, "DfE", milestone, n, completed=False)
    return World(mission=milestone.mission, milestone=milestone, personal=personal)


def _values_for(name, route):
    """Every value a URL argument can take, so each mission, milestone and figure is fetched."""
    if name == "fmt":
        return ["csv", "json"]
    if name == "slug" and route.lstrip("/").startswith("milestones/"):
        return list(Milestone.objects.values_list("slug", flat=True))
    if name == "slug":
        return list(Mission.objects.values_list("slug", flat=True))
    if name in {"pk", "point_id"}:
        return list(ProgressPoint.objects.values_list("pk", flat=True))
    pytest.fail(f"Say which values {name!r} in {route!r} takes, so its pages are checked.")


def _page_urls():
    """(route name, URL) for every pattern in missions/urls.py and every value it takes."""
    for pattern in missions_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route, names = str(pattern.pattern), list(pattern.pattern.converters)
        for values in product(*(_values_for(name, route) for name in names)):
            kwargs = dict(zip(names, values, strict=True))
            yield pattern.name, reverse(f"missions:{pattern.name}", kwargs=kwargs)


def _api_urls():
    """Every public GET operation on the missions API router, filled in."""
    for path, view in missions_router.path_operations.items():
        public = [op for op in view.operations if "GET" in op.methods and not op.auth_callbacks]
        if not public:
            continue
        names = re.findall(r"{(\w+)}", path)
        for values in product(*(_values_for(name, path) for name in names)):
            filled = path
            for name, value in zip(names, values, strict=True):
                filled = filled.replace(f"{{{name}}}", str(value))
            yield f"/api/v1{filled}"


def _public_bodies():
    client = Client()
    for name, url in _page_urls():
        answer = client.get(url)
        if name in SIGNED_IN_ONLY:
            assert answer.status_code == 302, url
            assert "sign-in" in answer["Location"] or "login" in answer["Location"], url
        else:
            assert answer.status_code == 200, url
        yield url, answer.content.decode()
    for url in _api_urls():
        answer = client.get(url)
        assert answer.status_code == 200, url
        yield url, answer.content.decode()


def test_no_personal_data_reaches_any_public_page_download_feed_or_api_answer(world):
    fetched = []
    for url, body in _public_bodies():
        fetched.append(url)
        for personal in world.personal:
            assert personal.lower() not in body.lower(), (url, personal)
        assert "added_by" not in body, url
    mission, milestone = world.mission.slug, world.milestone.slug
    for expected in (
        "/missions/",
        f"/missions/{mission}/",
        "/missions/feed.atom",
        f"/missions/{mission}/training-impact.csv",
        f"/missions/milestones/{milestone}/progress.json",
        "/api/v1/missions",
        f"/api/v1/missions/{mission}",
        f"/api/v1/milestones/{milestone}/progress",
    ):
        assert expected in fetched


def test_the_checked_pages_do_carry_the_published_data(world):
    """The privacy check above means something only if the data it guards is on the pages."""
    client = Client()
    page = client.get(f"/missions/{world.mission.slug}/").content.decode()
    assert "Needs more sites." in page
    assert "41" in page
    assert "Leading it" in page
    progress = client.get(f"/missions/milestones/{world.milestone.slug}/progress.json").json()
    assert [row["value"] for row in progress][-2:] == [40, 41]


def _impact_cells(html, course):
    """{department name: the count shown} for `course` in the mission page's impact table."""
    table = html.split('id="training-impact"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)
    cells = [
        [unescape(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in rows
    ]
    return {found[1]: found[2] for found in cells if len(found) == 3 and found[0] == course}


def test_counts_under_five_read_fewer_than_five_on_the_page_and_in_the_open_data(world):
    client = Client()
    html = client.get(f"/missions/{world.mission.slug}/").content.decode()
    names = dict(Department.objects.values_list("acronym", "name"))
    course = Course.objects.get(slug="leading-it").title
    assert _impact_cells(html, course) == {names["DfE"]: "6", names["HMRC"]: SUPPRESSED}
    as_json = client.get(f"/missions/{world.mission.slug}/training-impact.json").json()
    assert as_json == [
        {"course": "leading-it", "department": "DfE", "completed": 6, "completed_display": "6"},
        {
            "course": "leading-it",
            "department": "HMRC",
            "completed": None,
            "completed_display": SUPPRESSED,
        },
    ]
    as_csv = client.get(f"/missions/{world.mission.slug}/training-impact.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [(r["department"], r["completed"], r["completed_display"]) for r in rows] == [
        ("DfE", "6", "6"),
        ("HMRC", "", SUPPRESSED),
    ]
