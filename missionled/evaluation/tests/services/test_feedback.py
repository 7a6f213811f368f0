import pytest

from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.evaluation.models import Feedback, SelfAssessment
from missionled.evaluation.services.feedback import (
    AFTER_TOO_EARLY,
    BEFORE_TOO_LATE,
    COURSE_NOT_STARTED,
    FEEDBACK_ALREADY,
    NOT_YOURS,
    SESSION_NOT_STARTED,
    feedback_submit,
    self_assessment_submit,
)
from missionled.evaluation.tests.factories import AFTER, BEFORE, DURING, GOOD, place_for

pytestmark = pytest.mark.django_db

CAPABILITY_RATINGS = {
    "collaboration": 3,
    "communication": 2,
    "stakeholder_engagement": 4,
    "accountability": 3,
    "experimentation": 1,
}


def test_workshop_feedback_is_saved_once_it_has_started(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    first = enrolment.cohort.sessions.get(order=1)
    saved = feedback_submit(
        enrolment=enrolment, session=first, actor=user, ratings=GOOD, comments=" Good ", now=DURING
    )
    assert (saved.relevance, saved.quality, saved.recommend, saved.comments) == (4, 5, 4, "Good")


def test_missing_and_out_of_range_ratings_are_all_named_and_nothing_is_saved(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    with pytest.raises(RuleBroken) as caught:
        feedback_submit(
            enrolment=enrolment,
            session=None,
            actor=user,
            ratings={"relevance": "", "quality": 6, "recommend": 3},
            now=AFTER,
        )
    assert set(caught.value.fields) == {"relevance", "quality"}
    assert "Choose a rating from 1 to 5" in caught.value.fields["quality"][0]
    assert not Feedback.objects.exists()


def test_feedback_before_the_workshop_or_course_has_started_is_refused(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    second = enrolment.cohort.sessions.get(order=2)
    with pytest.raises(Conflict, match=SESSION_NOT_STARTED):
        feedback_submit(enrolment=enrolment, session=second, actor=user, ratings=GOOD, now=DURING)
    with pytest.raises(Conflict, match=COURSE_NOT_STARTED):
        feedback_submit(enrolment=enrolment, session=None, actor=user, ratings=GOOD, now=DURING)


def test_feedback_is_given_once_per_course(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    feedback_submit(enrolment=enrolment, session=None, actor=user, ratings=GOOD, now=AFTER)
    with pytest.raises(Conflict, match=FEEDBACK_ALREADY):
        feedback_submit(enrolment=enrolment, session=None, actor=user, ratings=GOOD, now=AFTER)
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("role", ["participant", "coordinator", "provider_admin"])
def test_only_the_participant_themself_may_give_feedback(make_user, role):
    enrolment = place_for(make_user("participant"))
    other = make_user(role)
    with pytest.raises(NotAllowed, match=NOT_YOURS):
        feedback_submit(enrolment=enrolment, session=None, actor=other, ratings=GOOD, now=AFTER)


def test_self_assessments_open_before_and_after_the_course(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    with pytest.raises(Conflict, match=AFTER_TOO_EARLY):
        self_assessment_submit(
            enrolment=enrolment, phase="after", actor=user, ratings=CAPABILITY_RATINGS, now=BEFORE
        )
    self_assessment_submit(
        enrolment=enrolment, phase="before", actor=user, ratings=CAPABILITY_RATINGS, now=BEFORE
    )
    with pytest.raises(Conflict, match=BEFORE_TOO_LATE):
        self_assessment_submit(
            enrolment=enrolment, phase="before", actor=user, ratings=CAPABILITY_RATINGS, now=AFTER
        )
    self_assessment_submit(
        enrolment=enrolment, phase="after", actor=user, ratings=CAPABILITY_RATINGS, now=AFTER
    )
    assert SelfAssessment.objects.filter(enrolment=enrolment).count() == 2


def test_a_self_assessment_missing_a_capability_names_it_and_saves_nothing(make_user):
    user = make_user("participant")
    enrolment = place_for(user)
    ratings = {**CAPABILITY_RATINGS, "experimentation": None}
    with pytest.raises(RuleBroken) as caught:
        self_assessment_submit(
            enrolment=enrolment, phase="before", actor=user, ratings=ratings, now=BEFORE
        )
    assert list(caught.value.fields) == ["experimentation"]
    assert not SelfAssessment.objects.exists()
