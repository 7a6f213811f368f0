"""Set advisers: qualified, free at every set meeting, and the plan's choice when it has one."""

import pytest

from missionled.catalogue.models import Course
from missionled.facilitation.models import Assignment, FacilitatorProfile
from missionled.learning.services.sets import set_sessions
from missionled.learning.tests.conftest import form

pytestmark = pytest.mark.django_db


def _profile(user, *, advise=True, courses=("leading-it",)):
    profile = FacilitatorProfile.objects.create(user=user, may_advise_sets=advise)
    profile.courses.set(Course.objects.filter(slug__in=courses))
    return profile


def test_only_qualified_facilitators_advise(make_user, admin, leading_cohort, fourteen):
    no_advising = make_user("facilitator")
    _profile(no_advising, advise=False)
    not_leading = make_user("facilitator")
    _profile(not_leading, courses=("practising-it",))
    qualified = make_user("facilitator")
    _profile(qualified)
    new = make_user("facilitator")  # no profile yet: may advise
    result = form(leading_cohort, admin)
    assert {s.adviser for s in result.sets} == {qualified, new}


def test_someone_assigned_at_the_same_time_is_not_chosen(
    make_user, admin, leading_cohort, fourteen
):
    busy, free = make_user("facilitator"), make_user("facilitator")
    from missionled.cohorts.services.bookings import booking_confirm
    from missionled.cohorts.tests.factories import booking_for

    other = booking_confirm(booking=booking_for("leading-it", department="HMRC"), actor=admin)
    meeting = set_sessions(leading_cohort).first()
    clash = other.cohort.sessions.first()
    clash.starts_at, clash.ends_at = meeting.starts_at, meeting.ends_at
    clash.save()
    Assignment.objects.create(session=clash, facilitator=busy, role="workshop")
    result = form(leading_cohort, admin)
    assert [s.adviser for s in result.sets] == [free, None]
    assert "1 of 2 sets have no adviser" in result.adviser_note


def test_the_plans_set_advisers_are_kept(make_user, admin, leading_cohort, fourteen):
    first, second, spare = (make_user("facilitator") for _ in range(3))
    for session in set_sessions(leading_cohort):
        Assignment.objects.create(
            session=session, facilitator=second, role="set_adviser", set_number=1
        )
        Assignment.objects.create(
            session=session, facilitator=first, role="set_adviser", set_number=2
        )
    result = form(leading_cohort, admin)
    assert [s.adviser for s in result.sets] == [second, first]
    assert spare not in {s.adviser for s in result.sets}
