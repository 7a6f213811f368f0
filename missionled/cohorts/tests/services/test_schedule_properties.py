"""The catalogue's rhythms, fed through the scheduling engine as confirmation does, always
give a schedule that keeps every calendar rule."""

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missionled.catalogue.models import Course
from missionled.cohorts.models import Booking
from missionled.cohorts.services.schedule import sessions_planned
from missionled.core.clock import LONDON
from missionled.organisations.models import Department
from missionled.scheduling.rules import CalendarRules, day_violations

COURSES = ["understanding-it", "practising-it", "leading-it"]
REGIONS = ["england-and-wales", "scotland", "northern-ireland"]


@pytest.mark.django_db
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    course_slug=st.sampled_from(COURSES),
    region=st.sampled_from(REGIONS),
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2032, 12, 31)),
    slot=st.sampled_from(["morning", "afternoon"]),
    face_to_face=st.booleans(),
)
def test_every_course_schedules_on_valid_days_within_its_gaps(
    course_slug, region, start, slot, face_to_face
):
    course = Course.objects.get(slug=course_slug)
    mode = "face_to_face" if face_to_face and "face_to_face" in course.delivery_modes else "online"
    department = Department(acronym="X", name="X", bank_holiday_region=region)
    booking = Booking(
        course=course, department=department, earliest_start=start, delivery_mode=mode
    )
    sessions = sessions_planned(booking, slot)
    templates = {t.order: t for t in course.session_templates.all()}
    assert [s.order for s in sessions] == sorted(templates)
    rules = CalendarRules(region=region)
    expected_start = "09:30" if slot == "morning" else "13:30"
    for session in sessions:
        local = session.starts_at.astimezone(LONDON)
        assert local.date() >= start
        assert not day_violations(local.date(), rules)
        assert f"{local:%H:%M}" == expected_start
        assert session.ends_at > session.starts_at
        if session.delivery_mode == "face_to_face":
            assert templates[session.order].face_to_face_allowed
    for before, after in pairwise(sessions):
        gap = (after.starts_at.date() - before.starts_at.date()).days
        template = templates[after.order]
        assert template.gap_min_days <= gap <= template.gap_max_days
