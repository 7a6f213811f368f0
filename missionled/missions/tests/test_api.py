import json

import pytest
from django.test import Client

from conftest import ROLES
from missionled.missions.models import ProgressPoint
from missionled.missions.tests.conftest import RECORDERS
from missionled.missions.tests.factories import (
    MilestoneFactory,
    OwnerAssessmentFactory,
    ProgressPointFactory,
)

GOOD = {"value": 61.5, "date": "2026-03-31", "source_url": "https://www.gov.uk/stats"}


def _post(client, slug, body):
    return client.post(
        f"/api/v1/milestones/{slug}/progress", json.dumps(body), content_type="application/json"
    )


def test_missions_list_matches_the_contract(ref_data):
    answer = Client().get("/api/v1/missions")
    assert answer.status_code == 200
    missions = answer.json()
    assert [m["slug"] for m in missions][:5] == [
        "growth",
        "clean-energy",
        "safer-streets",
        "opportunity",
        "nhs",
    ]
    assert set(missions[0]) == {"slug", "name", "milestones"}
    rtt = next(m for m in missions[-1]["milestones"] if m["slug"] == "elective-18-weeks")
    assert set(rtt) == {"slug", "name", "unit", "baseline", "target", "latest", "status"}
    assert rtt["baseline"] == {"value": 58.8, "date": "2024-07-31"}
    assert rtt["target"] == {"value": 92.0, "date": "2029-03-31"}
    assert rtt["latest"] == {"value": 61.5, "date": "2025-12-31"}
    assert rtt["status"] in {"on_track", "at_risk", "off_track", "no_recent_data"}


def test_a_milestone_without_a_numeric_target_has_nulls_and_no_target_status(ref_data):
    missions = Client().get("/api/v1/missions").json()
    rhdi = next(m for m in missions[0]["milestones"] if m["slug"] == "rhdi-per-head")
    assert rhdi["target"]["value"] is None
    assert rhdi["status"] == "no_target"


def test_mission_detail_carries_text_targets_and_the_rule(ref_data):
    answer = Client().get("/api/v1/missions/growth")
    assert answer.status_code == 200
    body = answer.json()
    rhdi = next(m for m in body["milestones"] if m["slug"] == "rhdi-per-head")
    assert "higher than baseline" in rhdi["target_text"]
    assert "on track" in body["status_rule"]


def test_mission_detail_carries_every_quarters_owner_assessment_newest_first(ref_data):
    milestone = MilestoneFactory()
    for quarter, narrative in (("2026-Q1", "Early."), ("2026-Q2", "Late."), ("2026-Q2", "Later.")):
        OwnerAssessmentFactory(milestone=milestone, quarter=quarter, narrative=narrative)
    body = Client().get(f"/api/v1/missions/{milestone.mission.slug}").json()
    detail = next(m for m in body["milestones"] if m["slug"] == milestone.slug)
    assert detail["owner_assessment"]["narrative"] == "Later."
    assert [(a["quarter"], a["narrative"]) for a in detail["owner_assessments"]] == [
        ("2026-Q2", "Later."),
        ("2026-Q1", "Early."),
    ]


def test_an_unknown_mission_is_a_404_in_the_error_format(ref_data):
    answer = Client().get("/api/v1/missions/no-such-mission")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "mission_not_found"


def test_progress_is_paginated_and_public(ref_data):
    answer = Client().get("/api/v1/milestones/elective-18-weeks/progress?page=1&page_size=2")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 4
    assert body["page_size"] == 2
    assert [p["value"] for p in body["items"]] == [58.9, 61.3]
    assert "added_by" not in body["items"][0]


@pytest.mark.parametrize("role", ROLES)
def test_recording_progress_by_role(make_user, api_client_for, role):
    milestone = MilestoneFactory()
    answer = _post(api_client_for(make_user(role)), milestone.slug, GOOD | {"note": "Provisional"})
    if role in RECORDERS:
        assert answer.status_code == 201
        body = answer.json()
        assert body["value"] == 61.5
        assert body["date"] == "2026-03-31"
        assert body["note"] == "Provisional"
        assert ProgressPoint.objects.get(pk=body["id"]).added_by.role == role
    else:
        assert answer.status_code == 403
        assert answer.json()["error"]["code"] == "not_allowed"
        assert not ProgressPoint.objects.filter(milestone=milestone).exists()


def test_recording_progress_without_a_token_is_401(ref_data):
    milestone = MilestoneFactory()
    answer = _post(Client(), milestone.slug, GOOD)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": "lots"}, "value"),
        ({"value": None}, "value"),
        ({"date": "31/03/2026"}, "date"),
        ({"date": "2099-01-01"}, "date"),
        ({"source_url": "not a url"}, "source_url"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_progress_is_422_naming_the_field(make_user, api_client_for, change, field):
    milestone = MilestoneFactory()
    client = api_client_for(make_user("mission_analyst"))
    answer = _post(client, milestone.slug, GOOD | change)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert field in error["fields"]
    assert error["message"]
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize("missing", ["value", "date", "source_url"])
def test_missing_required_progress_fields_are_422(make_user, api_client_for, missing):
    milestone = MilestoneFactory()
    body = {k: v for k, v in GOOD.items() if k != missing}
    answer = _post(api_client_for(make_user("provider_admin")), milestone.slug, body)
    assert answer.status_code == 422
    assert missing in answer.json()["error"]["fields"]


def test_progress_for_an_unknown_milestone_is_404(make_user, api_client_for):
    answer = _post(api_client_for(make_user("provider_admin")), "no-such-milestone", GOOD)
    assert answer.status_code == 404


def test_corrections_show_in_the_public_progress_list(ref_data):
    old = ProgressPointFactory()
    new = ProgressPointFactory(milestone=old.milestone, supersedes=old, value=12)
    items = Client().get(f"/api/v1/milestones/{old.milestone.slug}/progress").json()["items"]
    by_id = {item["id"]: item for item in items}
    assert by_id[old.pk]["superseded_by"] == new.pk
    assert by_id[new.pk]["supersedes"] == old.pk


@pytest.mark.parametrize("role", ROLES)
def test_correcting_a_figure_by_role(make_user, api_client_for, role):
    old = ProgressPointFactory(value=10)
    client = api_client_for(make_user(role))
    answer = client.post(
        f"/api/v1/progress/{old.pk}/corrections",
        json.dumps(GOOD | {"value": 11, "date": "2025-01-01"}),
        content_type="application/json",
    )
    if role in RECORDERS:
        assert answer.status_code == 201
        assert answer.json()["supersedes"] == old.pk
    else:
        assert answer.status_code == 403
        assert not ProgressPoint.objects.filter(supersedes=old).exists()


def test_a_second_correction_of_the_same_figure_is_409(make_user, api_client_for):
    old = ProgressPointFactory()
    ProgressPointFactory(milestone=old.milestone, supersedes=old)
    client = api_client_for(make_user("mission_analyst"))
    answer = client.post(
        f"/api/v1/progress/{old.pk}/corrections", json.dumps(GOOD), content_type="application/json"
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "already_corrected"


def test_correcting_without_a_token_is_401_and_an_unknown_figure_404(make_user, api_client_for):
    body = json.dumps(GOOD)
    assert (
        Client()
        .post("/api/v1/progress/1/corrections", body, content_type="application/json")
        .status_code
        == 401
    )
    client = api_client_for(make_user("provider_admin"))
    answer = client.post(
        "/api/v1/progress/999999/corrections", body, content_type="application/json"
    )
    assert answer.status_code == 404


@pytest.mark.parametrize("point_id", ["0", "-1", "99999999999999999999"])
def test_an_out_of_range_figure_id_is_404_on_every_database(make_user, api_client_for, point_id):
    client = api_client_for(make_user("provider_admin"))
    answer = client.post(
        f"/api/v1/progress/{point_id}/corrections",
        json.dumps(GOOD),
        content_type="application/json",
    )
    assert answer.status_code in {404, 422}


def test_progress_of_an_unknown_milestone_is_404_in_the_error_format(ref_data):
    answer = Client().get("/api/v1/milestones/no-such-milestone/progress")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "milestone_not_found"
