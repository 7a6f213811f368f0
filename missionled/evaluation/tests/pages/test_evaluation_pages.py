from datetime import date, datetime, timedelta
from unittest import mock

import pytest

from conftest import ROLES
from missionled.cohorts.models import Booking
from missionled.core.clock import LONDON
from missionled.evaluation.models import Feedback, FollowUp
from missionled.evaluation.services.feedback import SESSION_NOT_STARTED
from missionled.evaluation.services.follow_ups import ANSWER_MISSING
from missionled.evaluation.tests.factories import AFTER, DURING, certificate_for, place_for

pytestmark = pytest.mark.django_db

DUE = date(2027, 6, 15)
ON_DUE_DAY = datetime(2027, 6, 15, 8, 0, tzinfo=LONDON)


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


# Workshop feedback ---------------------------------------------------------------------------


def _workshop_url(enrolment, order):
    session = enrolment.cohort.sessions.get(order=order)
    return f"/evaluation/enrolments/{enrolment.pk}/sessions/{session.pk}/feedback/"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_participant_has_the_workshop_feedback_page(make_user, page_client_for, role):
    user = make_user("participant")
    url = _workshop_url(place_for(user), 1)
    someone = user if role == "participant" else make_user(role)
    response = page_client_for(someone).get(url)
    assert response.status_code == (200 if role == "participant" else 403)
    if role == "participant":
        assert "Feedback on Workshop 1" in response.content.decode()


def test_workshop_feedback_is_saved_against_that_session(make_user, page_client_for):
    user = make_user("participant")
    enrolment = place_for(user)
    data = {"relevance": "5", "quality": "4", "recommend": "3", "comments": "Clear"}
    with mock.patch("missionled.evaluation.views.now", return_value=DURING):
        response = page_client_for(user).post(_workshop_url(enrolment, 1), data)
    assert response.status_code == 302
    saved = Feedback.objects.get()
    assert saved.session == enrolment.cohort.sessions.get(order=1)
    assert (saved.relevance, saved.comments) == (5, "Clear")


def test_feedback_on_a_workshop_still_to_come_is_refused_on_the_page(make_user, page_client_for):
    user = make_user("participant")
    enrolment = place_for(user)
    data = {"relevance": "5", "quality": "4", "recommend": "3"}
    with mock.patch("missionled.evaluation.views.now", return_value=DURING):
        response = page_client_for(user).post(_workshop_url(enrolment, 2), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert SESSION_NOT_STARTED in body
    assert not Feedback.objects.exists()


def test_a_session_from_another_course_is_not_found(make_user, page_client_for):
    user = make_user("participant")
    mine = place_for(user)
    theirs = place_for(make_user("participant"))
    session = theirs.cohort.sessions.get(order=1)
    url = f"/evaluation/enrolments/{mine.pk}/sessions/{session.pk}/feedback/"
    assert page_client_for(user).get(url).status_code == 404


# The follow-up three months on ----------------------------------------------------------------


def _follow_up_for(user, *, certified=True):
    enrolment = place_for(user)
    Booking.objects.filter(pk=enrolment.cohort.booking_id).update(status="completed")
    if certified:
        certificate_for(enrolment)
    return FollowUp.objects.create(enrolment=enrolment, due_on=DUE)


def _at(moment):
    return mock.patch("missionled.evaluation.views.now", return_value=moment)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_leader_has_the_follow_up_page(make_user, page_client_for, role):
    user = make_user("participant")
    follow_up = _follow_up_for(user)
    someone = user if role == "participant" else make_user(role)
    with _at(ON_DUE_DAY):
        response = page_client_for(someone).get(f"/evaluation/follow-ups/{follow_up.pk}/")
    assert response.status_code == (200 if role == "participant" else 403)


def test_the_follow_up_is_not_listed_until_it_is_due(make_user, page_client_for):
    user = make_user("participant")
    follow_up = _follow_up_for(user)
    link = f'href="/evaluation/follow-ups/{follow_up.pk}/"'
    client = page_client_for(user)
    with _at(ON_DUE_DAY - timedelta(days=1)):
        assert link not in client.get("/evaluation/").content.decode()
    with _at(ON_DUE_DAY):
        assert link in client.get("/evaluation/").content.decode()


def test_before_its_due_date_the_follow_up_says_when_it_opens_and_saves_nothing(
    make_user, page_client_for
):
    user = make_user("participant")
    follow_up = _follow_up_for(user)
    url = f"/evaluation/follow-ups/{follow_up.pk}/"
    client = page_client_for(user)
    with _at(ON_DUE_DAY - timedelta(days=1)):
        body = client.get(url).content.decode()
        posted = client.post(url, {"answer": "Too soon"})
    assert "You can answer this from 15 June 2027" in body
    assert "<textarea" not in body
    assert posted.status_code == 200
    assert FollowUp.objects.get().answered_at is None


def test_the_follow_up_is_answered_on_its_page_once_due(make_user, page_client_for):
    user = make_user("participant")
    follow_up = _follow_up_for(user)
    url = f"/evaluation/follow-ups/{follow_up.pk}/"
    client = page_client_for(user)
    with _at(ON_DUE_DAY):
        assert "<textarea" in client.get(url).content.decode()
        empty = client.post(url, {"answer": " "})
        saved = client.post(url, {"answer": "I bring partners in earlier."})
    assert ANSWER_MISSING in empty.content.decode()
    assert saved.status_code == 302
    assert FollowUp.objects.get().answer == "I bring partners in earlier."


def test_a_leader_who_did_not_complete_finds_no_follow_up(make_user, page_client_for):
    user = make_user("participant")
    follow_up = _follow_up_for(user, certified=False)
    client = page_client_for(user)
    with _at(ON_DUE_DAY):
        assert client.get(f"/evaluation/follow-ups/{follow_up.pk}/").status_code == 404
        assert "/evaluation/follow-ups/" not in client.get("/evaluation/").content.decode()
