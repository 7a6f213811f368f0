import pytest
from django.core import mail

from conftest import ROLES
from missionled.core.models import AuditEntry
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

DETAILS_ANSWERS = {
    "provider_admin": 302,
    "coordinator": 403,
    "facilitator": 403,
    "participant": 302,
    "mission_analyst": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_recording_adjustments_by_role(make_user, page_client_for, role):
    user = make_user(role, email="me@example.gov.uk")
    enrolment = EnrolmentFactory(cohort=cohort_for(), email="me@example.gov.uk")
    data = {"reasonable_adjustments": "Live captions", "line_manager_email": "Boss@example.gov.uk"}
    response = page_client_for(user).post(f"/enrolments/{enrolment.pk}/details/", data)
    assert response.status_code == DETAILS_ANSWERS[role]
    enrolment.refresh_from_db()
    saved = DETAILS_ANSWERS[role] == 302
    assert (enrolment.reasonable_adjustments == "Live captions") is saved
    if saved:
        assert enrolment.line_manager_email == "boss@example.gov.uk"
        entry = AuditEntry.objects.get(action="enrolments.enrolment.details_changed")
        assert "Live captions" not in str(entry.payload)


def test_saving_the_form_tells_a_newly_named_line_manager_once(
    make_user, page_client_for, django_capture_on_commit_callbacks
):
    """The form promises "They are told about your place"."""
    client = page_client_for(make_user("participant", email="me@example.gov.uk"))
    enrolment = EnrolmentFactory(cohort=cohort_for(), email="me@example.gov.uk")
    data = {"reasonable_adjustments": "", "line_manager_email": "boss@example.gov.uk"}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/enrolments/{enrolment.pk}/details/", data).status_code == 302
    assert [m.to for m in mail.outbox] == [["boss@example.gov.uk"]]


def test_a_participant_cannot_reach_another_participants_details(make_user, page_client_for):
    other = EnrolmentFactory(cohort=cohort_for(), email="other@example.gov.uk")
    client = page_client_for(make_user("participant", email="me@example.gov.uk"))
    assert client.get(f"/enrolments/{other.pk}/details/").status_code == 404


def test_a_bad_line_manager_email_is_shown_on_the_form(make_user, page_client_for):
    user = make_user("participant", email="me@example.gov.uk")
    enrolment = EnrolmentFactory(cohort=cohort_for(), email="me@example.gov.uk")
    response = page_client_for(user).post(
        f"/enrolments/{enrolment.pk}/details/", {"line_manager_email": "boss"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_open_the_enrolments_back_office(make_user, page_client_for, role):
    enrolment = EnrolmentFactory(cohort=cohort_for())
    client = page_client_for(make_user(role))
    for url in (
        "/back-office/enrolments/enrolment/",
        f"/back-office/enrolments/enrolment/{enrolment.pk}/change/",
    ):
        assert client.get(url).status_code == (200 if role == "provider_admin" else 302), url


def test_the_back_office_cannot_add_or_delete_enrolments(make_user, page_client_for):
    enrolment = EnrolmentFactory(cohort=cohort_for())
    client = page_client_for(make_user("provider_admin"))
    assert client.get("/back-office/enrolments/enrolment/add/").status_code == 403
    assert (
        client.get(f"/back-office/enrolments/enrolment/{enrolment.pk}/delete/").status_code == 403
    )
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
