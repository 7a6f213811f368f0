import pytest

from conftest import ROLES
from missionled.reporting.tests.factories import course_feedback, department_cohort

pytestmark = pytest.mark.django_db

PROVIDER_ALLOWED = {"provider_admin"}
DEPARTMENT_ALLOWED = {"provider_admin", "coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_reports_index_sends_each_role_to_its_dashboard(make_user, page_client_for, role):
    response = page_client_for(make_user(role)).get("/reports/")
    expected = {"provider_admin": "/reports/provider/", "coordinator": "/reports/department/"}
    if role in expected:
        assert response.status_code == 302
        assert response["Location"] == expected[role]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_provider_dashboard_is_for_the_provider_only(make_user, page_client_for, role):
    department_cohort("DfE", 6, "Policy")
    response = page_client_for(make_user(role)).get("/reports/provider/")
    assert response.status_code == (200 if role in PROVIDER_ALLOWED else 403)
    if role in PROVIDER_ALLOWED:
        body = response.content.decode()
        for heading in [
            "Bookings pipeline by status and month",
            "Cohorts, seat utilisation and waiting lists by course",
            "Attendance and completion by course and department",
            "Facilitator load",
            "Feedback ratings by course",
            "Self-assessed capability before and after, by course",
        ]:
            assert heading in body
        assert 'src="data:image/svg+xml;base64,' in body
        assert "<script>" not in body


@pytest.mark.parametrize("role", ROLES)
def test_department_dashboard_is_for_coordinators_and_the_provider(
    make_user, page_client_for, role
):
    response = page_client_for(make_user(role)).get("/reports/department/")
    assert response.status_code == (200 if role in DEPARTMENT_ALLOWED else 403)


@pytest.mark.parametrize("url", ["/reports/", "/reports/provider/", "/reports/department/"])
def test_signed_out_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    "query", ["", "?department=HMRC", "?format=csv&table=by_profession&department=HMRC"]
)
def test_a_coordinator_never_sees_another_departments_figures(make_user, page_client_for, query):
    department_cohort("DfE", 3, "Policy")
    department_cohort("HMRC", 17, "Veterinary")
    client = page_client_for(make_user("coordinator", department="DfE"))
    response = client.get(f"/reports/department/{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Policy" in body
    assert "Veterinary" not in body
    assert "HMRC" not in body
    assert ">17<" not in body
    assert ",17," not in body


def test_the_provider_sees_every_department(make_user, page_client_for):
    department_cohort("DfE", 3, "Policy")
    department_cohort("HMRC", 17, "Veterinary")
    body = page_client_for(make_user("provider_admin")).get("/reports/department/").content.decode()
    assert "Policy" in body
    assert "Veterinary" in body


def test_feedback_is_hidden_until_five_people_answer(make_user, page_client_for):
    cohort = department_cohort("DfE", 6, "Policy")
    course_feedback(cohort, 4, rating=3)
    client = page_client_for(make_user("coordinator", department="DfE"))
    body = client.get("/reports/department/").content.decode()
    assert "fewer than 5 responses" in body
    assert "3.00" not in body
    course_feedback_more(cohort)
    body = client.get("/reports/department/").content.decode()
    assert "3.20" in body  # (4 x 3 + 1 x 4) / 5


def course_feedback_more(cohort):
    from missionled.evaluation.models import Feedback
    from missionled.evaluation.tests.factories import AFTER

    answered = Feedback.objects.values("enrolment")
    enrolment = cohort.enrolments.exclude(pk__in=answered).first()
    Feedback.objects.create(
        enrolment=enrolment, session=None, relevance=4, quality=4, recommend=4, submitted_at=AFTER
    )


def test_filters_stay_in_the_url_and_bad_dates_are_named(make_user, page_client_for):
    client = page_client_for(make_user("provider_admin"))
    response = client.get("/reports/provider/?date_from=2027-13-01&course=leading-it")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real date for &#x27;starting from&#x27;" in body
    assert "format=csv&amp;table=pipeline" in body
    assert "course=leading-it" in body
