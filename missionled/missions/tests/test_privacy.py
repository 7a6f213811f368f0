"""No personal data reaches any public page, download, feed or API answer."""

from django.test import Client

from missionled.missions.services.progress import (
    owner_assessment_add,
    progress_point_add,
    progress_point_correct,
)
from missionled.missions.tests.conftest import NOW
from missionled.missions.tests.factories import MilestoneFactory

NAME = "Zebedee Quartermaine-Oyelaran"
EMAIL = "zebedee.quartermaine@analysts.example.gov.uk"


def _public_urls(mission_slug, milestone_slug):
    urls = [
        "/missions/",
        f"/missions/{mission_slug}/",
        "/missions/feed.atom",
        f"/missions/milestones/{milestone_slug}/chart.svg",
        "/api/v1/missions",
        f"/api/v1/missions/{mission_slug}",
        f"/api/v1/milestones/{milestone_slug}/progress",
    ]
    for fmt in ("csv", "json"):
        urls += [
            f"/missions/milestones.{fmt}",
            f"/missions/{mission_slug}/milestones.{fmt}",
            f"/missions/{mission_slug}/training-impact.{fmt}",
            f"/missions/milestones/{milestone_slug}/progress.{fmt}",
        ]
    return urls


def test_who_recorded_figures_never_reaches_the_public(make_user):
    analyst = make_user("mission_analyst", name=NAME, email=EMAIL)
    milestone = MilestoneFactory()
    point = progress_point_add(
        actor=analyst,
        milestone=milestone,
        value="40",
        on=NOW.date(),
        source_url="https://www.gov.uk/stats",
        now=NOW,
    )
    progress_point_correct(
        actor=analyst, point=point, value="41", on=NOW.date(), source_url=point.source_url, now=NOW
    )
    owner_assessment_add(
        actor=analyst,
        milestone=milestone,
        quarter="2026-Q3",
        rating="feasible",
        narrative="Needs more sites.",
        now=NOW,
    )
    client = Client()
    for url in _public_urls(milestone.mission.slug, milestone.slug):
        answer = client.get(url)
        assert answer.status_code == 200, url
        body = answer.content.decode()
        assert "41" in body or url.endswith(("training-impact.csv", "training-impact.json")), url
        for personal in (NAME, "Zebedee", "Quartermaine", EMAIL, "analysts.example"):
            assert personal not in body, (url, personal)
        assert "added_by" not in body, url
