"""The dashboards' figures over a small world whose every number is known in advance.

Four cohorts and two bookings without one, on 1 April 2027:
- practising-it, DfE, completed, from 4 January, 10 places: six Grade 7 policy leaders came to
  the first session and hold the certificate, one Grade 6 was absent and does not, one waits;
- practising-it, HMRC, in delivery, from 22 March, 14 places: four came (one late), two wait;
- leading-it, DfE, confirmed, from 3 May, 12 places (minimum 10): three Grade 6 leaders;
- practising-it, DfE, confirmed, from 7 June, 10 places: full with ten project delivery leaders;
- understanding-it, DfE, requested for March; leading-it, HMRC, cancelled in May.
"""

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.db.models import F

from missionled.attendance.models import Attendance
from missionled.cohorts.models import Booking, Session
from missionled.cohorts.tests.factories import START, booking_for
from missionled.core.clock import LONDON
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from missionled.evaluation.models import CAPABILITIES, SelfAssessment
from missionled.evaluation.tests.factories import AFTER, certificate_for
from missionled.organisations.models import Grade, Profession
from missionled.reporting.tables import SUPPRESSED

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 4, 1, 9, 0, tzinfo=LONDON)
PRACTISING = "Mission-led Government: Practising it"
LEADING = "Mission-led Government: Leading it"


def _cohort(course, department, status, start, capacity):
    """A cohort whose two workshops run from `start`, a fortnight apart."""
    cohort = cohort_for(course, department, capacity=capacity, earliest_start=start)
    Booking.objects.filter(pk=cohort.booking_id).update(status=status)
    shift = timedelta(days=(start - START).days)
    Session.objects.filter(cohort=cohort).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )
    return cohort


def _leaders(cohort, count, grade="G7", profession="Policy", status="enrolled"):
    return [
        EnrolmentFactory(
            cohort=cohort,
            grade=Grade.objects.get(code=grade),
            profession=Profession.objects.get(name=profession),
            status=status,
        )
        for _ in range(count)
    ]


def _mark(cohort, enrolments, status, order=1):
    session = cohort.sessions.get(order=order)
    for enrolment in enrolments:
        Attendance.objects.create(
            session=session, enrolment=enrolment, status=status, marked_at=AFTER
        )


def _assess(enrolment, phase, **ratings):
    values = {name: ratings.get(name, ratings.get("rest")) for name, _ in CAPABILITIES}
    SelfAssessment.objects.create(enrolment=enrolment, phase=phase, submitted_at=AFTER, **values)


@pytest.fixture
def world(ref_data):
    finished = _cohort("practising-it", "DfE", "completed", date(2027, 1, 4), 10)
    completers = _leaders(finished, 6)
    absent = _leaders(finished, 1, grade="G6")
    _leaders(finished, 1, status="waitlisted")
    _mark(finished, completers, "present")
    _mark(finished, absent, "absent")
    _mark(finished, completers[:1], "excused", order=2)  # left out of the rate
    for enrolment in completers:
        certificate_for(enrolment)
    for enrolment in completers[:5]:
        _assess(enrolment, "before", rest=2)
        _assess(enrolment, "after", collaboration=4, rest=3)
    _assess(completers[5], "before", rest=1)  # no after: not counted

    running = _cohort("practising-it", "HMRC", "in_delivery", date(2027, 3, 22), 14)
    came = _leaders(running, 4)
    _leaders(running, 2, status="waitlisted")
    _mark(running, came[:3], "present")
    _mark(running, came[3:], "late")

    small = _cohort("leading-it", "DfE", "confirmed", date(2027, 5, 3), 12)
    for enrolment in _leaders(small, 3, grade="G6"):
        _assess(enrolment, "before", rest=3)
        _assess(enrolment, "after", rest=5)

    full = _cohort("practising-it", "DfE", "confirmed", date(2027, 6, 7), 10)
    _leaders(full, 10, profession="Project Delivery")

    booking_for("understanding-it", "DfE", status="requested", earliest_start=date(2027, 3, 1))
    booking_for(
        "leading-it",
        "HMRC",
        status="cancelled",
        reason="Budget withdrawn",
        earliest_start=date(2027, 5, 3),
    )
    return {"finished": finished, "running": running, "small": small, "full": full}


@pytest.fixture
def provider(make_user, page_client_for):
    return _reader(page_client_for(make_user("provider_admin")), "/reports/provider/")


@pytest.fixture
def coordinator(make_user, page_client_for):
    client = page_client_for(make_user("coordinator", department="DfE"))
    return _reader(client, "/reports/department/")


def _reader(client, url):
    """The rows of one table on the dashboard at `url`, read from its JSON download."""

    def rows(table, query=""):
        with mock.patch("missionled.reporting.views.now", return_value=NOW):
            response = client.get(f"{url}?format=json&table={table}{query}")
        assert response.status_code == 200
        return response.json()["rows"]

    return rows


def _pick(rows, *keys):
    return [tuple(row[key] for key in keys) for row in rows]


# Provider -----------------------------------------------------------------------------------

PIPELINE = ("month", "requested", "confirmed", "in_delivery", "completed", "cancelled", "total")


def test_the_pipeline_counts_bookings_by_status_and_month(world, provider):
    assert _pick(provider("pipeline"), *PIPELINE) == [
        ("January 2027", 0, 0, 0, 1, 0, 1),
        ("March 2027", 1, 0, 1, 0, 0, 2),
        ("May 2027", 0, 1, 0, 0, 1, 2),
        ("June 2027", 0, 1, 0, 0, 0, 1),
    ]


UTILISATION = (
    "course",
    "running",
    "upcoming",
    "completed",
    "places",
    "enrolled",
    "utilisation",
    "waiting",
    "waiting_cohorts",
)


def test_cohorts_seats_and_waiting_lists_by_course(world, provider):
    assert _pick(provider("utilisation"), *UTILISATION) == [
        (PRACTISING, 1, 1, 1, 34, 21, 61.8, 3, 2),  # 21 of 10 + 14 + 10 places
        (LEADING, 0, 1, 0, 12, 3, 25.0, 0, 0),
    ]


COMPLETION = ("enrolled", "attendance_rate", "finished", "completed", "completion_rate")


def test_attendance_and_completion_by_course_and_department(world, provider):
    assert _pick(provider("completion"), "course", "department", *COMPLETION) == [
        (PRACTISING, "DfE", 17, 85.7, 7, 6, 85.7),  # 6 of 7 came; 6 of 7 finished completed
        (PRACTISING, "HMRC", 4, 100.0, 0, 0, None),  # late counts as came
        (LEADING, "DfE", 3, None, 0, 0, None),
    ]
    assert _pick(provider("completion_by_course"), "course", *COMPLETION) == [
        (PRACTISING, 21, 90.9, 7, 6, 85.7),  # 10 of 11 marked places
        (LEADING, 3, None, 0, 0, None),
    ]


def test_a_certificate_earned_before_the_cohort_finishes_does_not_raise_its_rate(world, provider):
    """Completion is over finished cohorts, so a leader certified while their cohort is still
    in delivery is counted once it finishes, not added to another cohort's rate."""
    certificate_for(world["running"].enrolments.filter(status="enrolled").first())
    by_course = provider("completion_by_course")
    assert _pick(by_course, "course", "finished", "completed", "completion_rate")[0] == (
        PRACTISING,
        7,
        6,
        85.7,
    )


def test_capability_change_shows_people_and_hides_courses_under_five(world, provider):
    rows = provider("capability_change")
    practising = [r for r in rows if r["course"] == PRACTISING]
    leading = [r for r in rows if r["course"] == LEADING]
    assert _pick(practising, "capability", "people", "before", "after", "change") == [
        ("Collaboration", 5, 2.0, 4.0, 2.0),
        ("Communication", 5, 2.0, 3.0, 1.0),
        ("Stakeholder engagement", 5, 2.0, 3.0, 1.0),
        ("Accountability", 5, 2.0, 3.0, 1.0),
        ("Experimentation", 5, 2.0, 3.0, 1.0),
    ]
    assert len(leading) == 5
    for row in leading:
        assert row["people"] == 3
        assert (row["before"], row["after"], row["change"]) == (SUPPRESSED,) * 3


def test_a_date_range_changes_the_provider_figures(world, provider):
    query = "&date_from=2027-05-01"
    assert _pick(provider("pipeline", query), "month", "total") == [
        ("May 2027", 2),
        ("June 2027", 1),
    ]
    assert _pick(provider("utilisation", query), *UTILISATION) == [
        (PRACTISING, 0, 1, 0, 10, 10, 100.0, 0, 0),
        (LEADING, 0, 1, 0, 12, 3, 25.0, 0, 0),
    ]
    assert provider("completion", "&date_to=2027-02-28")[0]["enrolled"] == 7


def test_a_course_filter_changes_the_provider_figures(world, provider):
    query = "&course=leading-it"
    assert _pick(provider("pipeline", query), *PIPELINE) == [("May 2027", 0, 1, 0, 0, 1, 2)]
    assert [r["course"] for r in provider("utilisation", query)] == [LEADING]
    assert _pick(provider("completion", query), "department", "enrolled") == [("DfE", 3)]
    assert {r["course"] for r in provider("capability_change", query)} == {LEADING}


# Department ---------------------------------------------------------------------------------


def test_leaders_by_grade_profession_and_course_for_the_department(world, coordinator):
    progress = ("booked", "trained", "completed")
    assert _pick(coordinator("by_grade"), "grade", *progress) == [
        ("Grade 7", 16, 6, 6),
        ("Grade 6", 4, 0, 0),
    ]
    assert _pick(coordinator("by_profession"), "profession", *progress) == [
        ("Policy", 10, 6, 6),
        ("Project Delivery", 10, 0, 0),
    ]
    assert _pick(coordinator("by_course"), "course", *progress) == [
        (PRACTISING, 17, 6, 6),
        (LEADING, 3, 0, 0),
    ]


def test_upcoming_sessions_are_the_departments_still_to_come(world, coordinator):
    small, full = f"Cohort {world['small'].pk}", f"Cohort {world['full'].pk}"
    rows = coordinator("upcoming_sessions")
    assert _pick(rows, "title", "cohort", "department") == [
        ("Workshop 1", small, "DfE"),
        ("Workshop 2", small, "DfE"),
        ("Workshop 1", full, "DfE"),
        ("Workshop 2", full, "DfE"),
    ]
    assert rows[0]["starts_at"].startswith("2027-05-03")


def test_places_to_fill_and_cohorts_below_minimum(world, coordinator):
    small = f"Cohort {world['small'].pk}"
    assert _pick(coordinator("places_to_fill"), "cohort", "capacity", "enrolled", "to_fill") == [
        (small, 12, 3, 9)
    ]
    below = _pick(coordinator("below_minimum"), "cohort", "min_capacity", "enrolled", "short_by")
    assert below == [(small, 10, 3, 7)]


def test_the_provider_sees_every_departments_upcoming_sessions(world, make_user, page_client_for):
    rows = _reader(page_client_for(make_user("provider_admin")), "/reports/department/")
    upcoming = _pick(rows("upcoming_sessions"), "cohort", "starts_at")
    assert upcoming[0][0] == f"Cohort {world['running'].pk}"  # its second workshop, 5 April
    assert upcoming[0][1].startswith("2027-04-05")
    assert len(upcoming) == 5


def test_a_course_filter_changes_the_department_figures(world, coordinator):
    query = "&course=practising-it"
    full = f"Cohort {world['full'].pk}"
    assert {r["cohort"] for r in coordinator("upcoming_sessions", query)} == {full}
    assert coordinator("places_to_fill", query) == []
    assert coordinator("below_minimum", query) == []
    assert _pick(coordinator("by_grade", query), "grade", "booked") == [
        ("Grade 7", 16),
        ("Grade 6", 1),
    ]


def test_a_date_range_changes_the_department_figures(world, coordinator):
    query = "&date_to=2027-05-31"
    small = f"Cohort {world['small'].pk}"
    assert {r["cohort"] for r in coordinator("upcoming_sessions", query)} == {small}
    assert _pick(coordinator("by_course", query), "course", "booked") == [
        (PRACTISING, 7),
        (LEADING, 3),
    ]
    assert coordinator("by_profession", "&date_from=2027-06-01") == [
        {"profession": "Project Delivery", "booked": 10, "trained": 0, "completed": 0}
    ]
