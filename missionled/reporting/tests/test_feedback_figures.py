"""Workshop and end-of-course feedback are reported apart, each behind the five-answer rule."""

import pytest

from missionled.evaluation.models import Feedback
from missionled.evaluation.tests.factories import AFTER
from missionled.reporting.filters import ReportFilters
from missionled.reporting.selectors import feedback_table
from missionled.reporting.tables import SUPPRESSED
from missionled.reporting.tests.factories import course_feedback, department_cohort

pytestmark = pytest.mark.django_db


def _workshop_feedback(cohort, order, answers, rating):
    session = cohort.sessions.get(order=order)
    for enrolment in cohort.enrolments.order_by("pk")[:answers]:
        Feedback.objects.create(
            enrolment=enrolment,
            session=session,
            relevance=rating,
            quality=rating,
            recommend=rating,
            submitted_at=AFTER,
        )


def _rows_by_point():
    table = feedback_table(ReportFilters())
    return {row["about"]: row for row in table.rows}


def test_each_workshop_and_the_end_of_course_have_their_own_means(make_user):
    cohort = department_cohort("DfE", 6, "Policy")
    _workshop_feedback(cohort, 1, 5, rating=2)
    _workshop_feedback(cohort, 2, 6, rating=3)
    course_feedback(cohort, 5, rating=5)
    rows = _rows_by_point()
    assert list(rows) == ["Workshop (session 1)", "Workshop (session 2)", "End of course"]
    first, second, end = rows.values()
    assert (first["people"], first["relevance"], first["recommend"]) == (5, 2.0, 2.0)
    assert (second["people"], second["quality"]) == (6, 3.0)
    assert (end["people"], end["relevance"]) == (5, 5.0)
    assert {row["course"] for row in rows.values()} == {"Mission-led Government: Practising it"}


def test_a_group_under_five_is_hidden_even_when_the_course_has_more(make_user):
    cohort = department_cohort("DfE", 6, "Policy")
    _workshop_feedback(cohort, 1, 4, rating=1)
    course_feedback(cohort, 6, rating=4)
    rows = _rows_by_point()
    workshop = rows["Workshop (session 1)"]
    assert workshop["people"] == 4
    assert [workshop[key] for key in ["relevance", "quality", "recommend"]] == [SUPPRESSED] * 3
    assert rows["End of course"]["relevance"] == 4.0  # not pulled down by the workshop's 1s


def test_the_coordinator_sees_the_split_on_their_dashboard(make_user, page_client_for):
    cohort = department_cohort("DfE", 5, "Policy")
    _workshop_feedback(cohort, 2, 5, rating=3)
    course_feedback(cohort, 5, rating=5)
    client = page_client_for(make_user("coordinator", department="DfE"))
    data = client.get("/reports/department/?format=json&table=feedback").json()
    points = [(row["about"], row["relevance"]) for row in data["rows"]]
    assert points == [("Workshop (session 2)", 3.0), ("End of course", 5.0)]
