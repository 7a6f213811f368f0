"""Each confidentiality boundary, through the API, for every kind of viewer."""

import pytest

from missionled.learning.tests.conftest import (
    OTHER_SET_REFLECTION,
    PRIVATE_CHALLENGE,
    PRIVATE_REFLECTION,
    SECRETS,
    SHARED_CHALLENGE,
    SHARED_REFLECTION,
    VIEWERS,
    write_content,
)

pytestmark = pytest.mark.django_db

SET_READERS = {"member", "adviser"}
# Roles that never see sets answer 403; people tied to nothing, or to another set, get 404.
FORBIDDEN = {"coordinator", "mission_analyst", "provider_admin"}


def _expected_status(who):
    if who in SET_READERS:
        return 200
    return 403 if who in FORBIDDEN else 404


@pytest.mark.parametrize("who", VIEWERS)
@pytest.mark.parametrize("what", ["reflections", "challenges"])
def test_set_content_is_for_the_adviser_and_members_only(
    world, viewer_for, api_client_for, who, what
):
    write_content(world)
    response = api_client_for(viewer_for(who)).get(f"/api/v1/sets/{world.sets[0].pk}/{what}")
    assert response.status_code == _expected_status(who)
    body = response.content.decode()
    for secret in [*SECRETS, OTHER_SET_REFLECTION]:
        assert secret not in body
    if response.status_code == 200:
        shown = SHARED_REFLECTION if what == "reflections" else SHARED_CHALLENGE
        assert [item.get("text", item.get("title")) for item in response.json()["items"]] == [shown]
    else:
        assert set(response.json()) == {"error"}


@pytest.mark.parametrize("who", VIEWERS)
def test_own_reflections_are_ones_own(world, viewer_for, api_client_for, who):
    write_content(world)
    response = api_client_for(viewer_for(who)).get("/api/v1/me/reflections")
    body = response.content.decode()
    assert PRIVATE_REFLECTION not in body
    assert SHARED_REFLECTION not in body
    if who in {"member", "member_of_other_set"}:
        assert response.status_code == 200
        expected = [OTHER_SET_REFLECTION] if who == "member_of_other_set" else []
        assert [r["text"] for r in response.json()["items"]] == expected
    else:
        assert response.status_code in (403, 404)


def test_the_author_sees_private_reflections(world, api_client_for):
    write_content(world)
    response = api_client_for(world.mate).get("/api/v1/me/reflections")
    assert sorted(r["text"] for r in response.json()["items"]) == sorted(
        [SHARED_REFLECTION, PRIVATE_REFLECTION]
    )
    challenge = api_client_for(world.member).get("/api/v1/me/challenge").json()
    assert challenge["title"] == PRIVATE_CHALLENGE


@pytest.mark.parametrize("who", VIEWERS)
def test_cohort_sets_by_viewer(world, viewer_for, api_client_for, who):
    response = api_client_for(viewer_for(who)).get(f"/api/v1/cohorts/{world.cohort.pk}/sets")
    if who == "provider_admin":
        assert response.status_code == 200
        assert [s["id"] for s in response.json()["sets"]] == [s.pk for s in world.sets]
    elif who in {"member", "adviser"}:
        assert [s["id"] for s in response.json()["sets"]] == [world.sets[0].pk]
    elif who in {"member_of_other_set", "adviser_of_other_set"}:
        assert [s["id"] for s in response.json()["sets"]] == [world.sets[1].pk]
    else:
        assert response.status_code == (403 if who in FORBIDDEN else 404)


@pytest.mark.parametrize("who", VIEWERS)
def test_counts_never_content(world, viewer_for, api_client_for, who):
    write_content(world)
    response = api_client_for(viewer_for(who)).get(
        f"/api/v1/cohorts/{world.cohort.pk}/learning-counts"
    )
    for text in [*SECRETS, SHARED_REFLECTION, SHARED_CHALLENGE]:
        assert text not in response.content.decode()
    if who in {"provider_admin", "coordinator"}:  # the cohort is DfE's, as is the coordinator
        first = response.json()["sets"][0]
        assert first["reflections"] == 2
        assert first["shared_reflections"] == 1
        assert first["challenges"] == 2
        assert first["shared_challenges"] == 1
    else:
        assert response.status_code == 403


def test_another_departments_coordinator_gets_404(world, make_user, api_client_for):
    response = api_client_for(make_user("coordinator", "HMRC")).get(
        f"/api/v1/cohorts/{world.cohort.pk}/learning-counts"
    )
    assert response.status_code == 404


def test_no_token_is_401(world, client):
    for url in [
        f"/api/v1/sets/{world.sets[0].pk}/reflections",
        "/api/v1/me/reflections",
        f"/api/v1/cohorts/{world.cohort.pk}/sets",
    ]:
        assert client.get(url).status_code == 401
