from unittest import mock

import pytest

from conftest import ROLES
from missionled.evaluation.models import Feedback
from missionled.evaluation.tests.factories import AFTER, place_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_participants_have_feedback_pages(make_user, page_client_for, role):
    response = page_client_for(make_user(role)).get("/evaluation/")
    assert response.status_code == (200 if role == "participant" else 403)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get("/evaluation/")
    assert response.status_code == 302


def _post(client, url, data):
    with mock.patch("missionled.evaluation.views.now", return_value=AFTER):
        return client.post(url, data)


def test_course_feedback_with_missing_ratings_lists_each_and_saves_nothing(
    make_user, page_client_for
):
    user = make_user("participant")
    enrolment = place_for(user)
    url = f"/evaluation/enrolments/{enrolment.pk}/feedback/"
    response = _post(page_client_for(user), url, {"quality": "4", "comments": "Useful"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose a rating from 1 to 5 for how relevant it was to your work." in body
    assert "Choose a rating from 1 to 5 for how likely you are to recommend it." in body
    assert 'type="radio"' in body
    assert not Feedback.objects.exists()


def test_course_feedback_is_saved_and_the_participant_returned(make_user, page_client_for):
    user = make_user("participant")
    enrolment = place_for(user)
    url = f"/evaluation/enrolments/{enrolment.pk}/feedback/"
    data = {"relevance": "5", "quality": "4", "recommend": "3", "comments": ""}
    response = _post(page_client_for(user), url, data)
    assert response.status_code == 302
    assert Feedback.objects.get().recommend == 3


def test_another_participants_enrolment_is_not_found(make_user, page_client_for):
    enrolment = place_for(make_user("participant"))
    other = page_client_for(make_user("participant"))
    assert other.get(f"/evaluation/enrolments/{enrolment.pk}/feedback/").status_code == 404


def test_self_assessment_page_shows_five_capabilities_as_radios(make_user, page_client_for):
    user = make_user("participant")
    enrolment = place_for(user)
    response = page_client_for(user).get(
        f"/evaluation/enrolments/{enrolment.pk}/self-assessment/before/"
    )
    body = response.content.decode()
    assert response.status_code == 200
    for label in [
        "Collaboration",
        "Communication",
        "Stakeholder engagement",
        "Accountability",
        "Experimentation",
    ]:
        assert label in body
    assert body.count('type="radio"') == 25
