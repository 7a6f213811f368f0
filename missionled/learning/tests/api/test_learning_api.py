"""Forming sets and writing through the API, as the contract describes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from missionled.learning.models import ActionLearningSet, Reflection
from missionled.learning.services.sets import set_sessions
from missionled.missions.models import Milestone

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


def test_provider_forms_sets(admin, leading_cohort, fourteen, api_client_for):
    a, b = fourteen[0].email, fourteen[1].email
    response = _post(
        api_client_for(admin),
        f"/api/v1/cohorts/{leading_cohort.pk}/sets",
        {"keep_apart": [[a, b]], "keep_together": [], "seed": 1},
    )
    assert response.status_code == 201
    body = response.json()
    assert sorted(len(s["members"]) for s in body["sets"]) == [7, 7]
    assert set(body["sets"][0]["members"][0]) == {
        "enrolment",
        "name",
        "email",
        "department",
        "profession",
        "grade",
    }
    assert isinstance(body["score"], int)
    assert isinstance(body["optimal"], bool)
    assert any(a in line or fourteen[0].name in line for line in body["explanations"])


def test_conflicting_constraints_are_422_naming_them(
    admin, leading_cohort, fourteen, api_client_for
):
    a, b = fourteen[0], fourteen[1]
    response = _post(
        api_client_for(admin),
        f"/api/v1/cohorts/{leading_cohort.pk}/sets",
        {"keep_apart": [[a.email, b.email]], "keep_together": [[a.email, b.email]]},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "constraints_conflict"
    assert a.name in error["message"]
    assert error["fields"]["constraints"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"keep_apart": [["x@example.gov.uk", "y@example.gov.uk"]]}, "unknown_members"),
        ({"keep_apart": [["only-one@example.gov.uk"]]}, "invalid"),
        ({"keep_apart": "nonsense"}, "invalid"),
    ],
)
def test_bad_requests_are_422(admin, leading_cohort, fourteen, api_client_for, body, code):
    response = _post(api_client_for(admin), f"/api/v1/cohorts/{leading_cohort.pk}/sets", body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("role", "status"),
    [("coordinator", 403), ("facilitator", 403), ("participant", 403), ("mission_analyst", 403)],
)
def test_only_the_provider_forms(make_user, leading_cohort, fourteen, api_client_for, role, status):
    response = _post(
        api_client_for(make_user(role)), f"/api/v1/cohorts/{leading_cohort.pk}/sets", {}
    )
    assert response.status_code == status
    assert not ActionLearningSet.objects.exists()


def test_unknown_cohort_is_404(admin, api_client_for):
    response = _post(api_client_for(admin), "/api/v1/cohorts/999999/sets", {})
    assert response.status_code == 404


def _meetings_in_the_past(cohort):
    start = timezone.now() - timedelta(days=90)
    for i, session in enumerate(set_sessions(cohort)):
        session.starts_at = start + timedelta(days=28 * i)
        session.ends_at = session.starts_at + timedelta(hours=3)
        session.save()


def test_participant_writes_a_reflection(world, api_client_for):
    _meetings_in_the_past(world.cohort)
    meeting = set_sessions(world.cohort).first()
    client = api_client_for(world.member)
    response = _post(
        client,
        "/api/v1/me/reflections",
        {"session": meeting.pk, "text": "We listened.", "shared_with_set": True},
    )
    assert response.status_code == 201
    assert response.json()["text"] == "We listened."
    assert response.json()["shared_with_set"] is True
    assert Reflection.objects.get().enrolment == world.member_enrolment
    listed = client.get(f"/api/v1/sets/{world.sets[0].pk}/reflections").json()
    assert listed["count"] == 1


def test_a_future_or_foreign_meeting_is_refused(world, admin, api_client_for):
    client = api_client_for(world.member)
    future = set_sessions(world.cohort).first()
    response = _post(client, "/api/v1/me/reflections", {"session": future.pk, "text": "x"})
    assert response.status_code == 422
    workshop = world.cohort.sessions.get(order=1)
    response = _post(client, "/api/v1/me/reflections", {"session": workshop.pk, "text": "x"})
    assert response.status_code == 422
    assert "session" in response.json()["error"]["fields"]


def test_challenge_stakeholders_and_experiments(world, api_client_for):
    client = api_client_for(world.member)
    assert client.get("/api/v1/me/challenge").status_code == 404
    refused = _post(
        client,
        "/api/v1/me/challenge/stakeholders",
        {"name": "x", "power": "low", "interest": "low"},
    )
    assert refused.status_code == 422
    milestone = Milestone.objects.filter(mission=world.mission).first()
    other = Milestone.objects.exclude(mission=world.mission).first()
    body = {"title": "Faster hearings", "mission": world.mission.slug, "milestone": other.slug}
    assert _put(client, "/api/v1/me/challenge", body).status_code == 422
    body["milestone"] = milestone.slug
    saved = _put(client, "/api/v1/me/challenge", body)
    assert saved.status_code == 200
    assert saved.json()["milestone"] == milestone.slug
    assert saved.json()["shared_with_set"] is False

    added = _post(
        client,
        "/api/v1/me/challenge/stakeholders",
        {"name": "Chief Executive", "power": "high", "interest": "low", "engagement": "Brief"},
    )
    assert added.status_code == 201
    entry = added.json()["id"]
    changed = _put(
        client,
        f"/api/v1/me/challenge/stakeholders/{entry}",
        {"name": "Chief Executive", "power": "high", "interest": "high"},
    )
    assert changed.json()["interest"] == "high"
    bad = _post(
        client,
        "/api/v1/me/challenge/stakeholders",
        {"name": "x", "power": "huge", "interest": "low"},
    )
    assert bad.status_code == 422

    logged = _post(
        client,
        "/api/v1/me/challenge/experiments",
        {"hypothesis": "A daily stand-up will cut delays", "tried_on": "2027-05-01"},
    )
    assert logged.status_code == 201
    assert (
        client.get("/api/v1/me/challenge/experiments").json()["items"][0]["tried_on"]
        == "2027-05-01"
    )

    # Someone else cannot touch these entries.
    mate = api_client_for(world.mate)
    assert mate.delete(f"/api/v1/me/challenge/stakeholders/{entry}").status_code in (404, 422)
    assert client.delete(f"/api/v1/me/challenge/stakeholders/{entry}").status_code == 204
    assert client.get("/api/v1/me/challenge/stakeholders").json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 20,
    }


def test_adviser_adjusts_the_rota(world, api_client_for):
    members = [m.enrolment_id for m in world.sets[0].memberships.all()]
    rota = [members[:3], members[3:5], members[5:]]
    client = api_client_for(world.adviser)
    response = _put(client, f"/api/v1/sets/{world.sets[0].pk}/presenters", {"rota": rota})
    assert response.status_code == 200
    shown = [sorted(p["presenters"]) for p in response.json()["presenters"]]
    assert shown == [sorted(m) for m in rota]
    broken = _put(
        client, f"/api/v1/sets/{world.sets[0].pk}/presenters", {"rota": [members[:6], [], []]}
    )
    assert broken.status_code == 422
    problems = broken.json()["error"]["fields"]["rota"]
    assert any("Nobody presents at meeting 2" in p for p in problems)
    assert any("does not present" in p for p in problems)
    other = api_client_for(world.other_adviser)
    assert (
        _put(other, f"/api/v1/sets/{world.sets[0].pk}/presenters", {"rota": rota}).status_code
        == 404
    )
    member = api_client_for(world.member)
    assert (
        _put(member, f"/api/v1/sets/{world.sets[0].pk}/presenters", {"rota": rota}).status_code
        == 403
    )
