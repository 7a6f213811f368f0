"""Each confidentiality boundary, through the pages, for every kind of viewer."""

import pytest

from missionled.learning.tests.conftest import (
    OTHER_SET_REFLECTION,
    PRIVATE_CHALLENGE,
    PRIVATE_REFLECTION,
    SECRETS,
    SET_CONTENT,
    VIEWERS,
    write_content,
)

pytestmark = pytest.mark.django_db

NEVER_SETS = {"coordinator", "mission_analyst"}


def _set_page_status(who):
    if who in {"member", "adviser", "provider_admin"}:
        return 200
    return 403 if who in NEVER_SETS else 404


@pytest.mark.parametrize("who", VIEWERS)
def test_set_page_shows_shared_content_to_its_people_only(world, viewer_for, page_client_for, who):
    write_content(world)
    response = page_client_for(viewer_for(who)).get(f"/sets/{world.sets[0].pk}/")
    assert response.status_code == _set_page_status(who)
    body = response.content.decode()
    for secret in [*SECRETS, OTHER_SET_REFLECTION]:
        assert secret not in body
    for shared in SET_CONTENT:
        assert (shared in body) == (who in {"member", "adviser"})
    if who == "provider_admin":
        assert world.member_enrolment.name in body  # logistics, not content


@pytest.mark.parametrize("who", VIEWERS)
def test_my_learning_shows_only_ones_own_writing(world, viewer_for, page_client_for, who):
    write_content(world)
    response = page_client_for(viewer_for(who)).get("/me/learning/")
    body = response.content.decode()
    if who == "member":
        assert response.status_code == 200
        assert PRIVATE_CHALLENGE in body  # the member's own private challenge
    else:
        assert PRIVATE_CHALLENGE not in body
    assert PRIVATE_REFLECTION not in body
    for shared in SET_CONTENT:
        assert shared not in body
    if who == "participant":  # not enrolled on anything
        assert "not enrolled on a course yet" in body
    elif who not in {"member", "member_of_other_set"}:
        assert response.status_code == 403


@pytest.mark.parametrize("who", VIEWERS)
def test_counts_page_never_shows_content(world, viewer_for, page_client_for, who):
    write_content(world)
    response = page_client_for(viewer_for(who)).get(f"/cohorts/{world.cohort.pk}/learning/")
    body = response.content.decode()
    for text in [*SECRETS, *SET_CONTENT]:
        assert text not in body
    assert response.status_code == (200 if who in {"provider_admin", "coordinator"} else 403)


@pytest.mark.parametrize("who", VIEWERS)
def test_export_is_ones_own(world, viewer_for, page_client_for, who):
    write_content(world)
    response = page_client_for(viewer_for(who)).get("/me/learning/export.md")
    body = response.content.decode()
    for text in [*SECRETS, *SET_CONTENT]:
        assert (text in body) == (who == "member" and text == PRIVATE_CHALLENGE)


def test_signed_out_people_are_sent_to_sign_in(world, client):
    for url in [f"/sets/{world.sets[0].pk}/", "/me/learning/", "/me/learning/export.md"]:
        response = client.get(url)
        assert response.status_code == 302


@pytest.mark.parametrize("who", VIEWERS)
def test_set_list_shows_ones_own_sets(world, viewer_for, page_client_for, who):
    response = page_client_for(viewer_for(who)).get("/sets/")
    first, second = (f"/sets/{s.pk}/" for s in world.sets)
    body = response.content.decode()
    expected = {
        "provider_admin": {first, second},
        "member": {first},
        "adviser": {first},
        "member_of_other_set": {second},
        "adviser_of_other_set": {second},
        "facilitator": set(),
        "participant": set(),
    }
    if who in NEVER_SETS:
        assert response.status_code == 403
    else:
        assert {url for url in (first, second) if url in body} == expected[who]
