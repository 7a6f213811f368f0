"""A facilitator sees a cohort's participants only when assigned to one of its sessions."""

from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from missionled.facilitation.models import Assignment


def test_only_an_assigned_facilitator_reads_the_participants(make_user, api_client_for):
    cohort = cohort_for(department="DfE", capacity=10)
    EnrolmentFactory(cohort=cohort, email="amira@example.gov.uk")
    assigned, other = make_user("facilitator"), make_user("facilitator")
    Assignment.objects.create(
        session=cohort.sessions.first(), facilitator=assigned, role=Assignment.Role.WORKSHOP
    )

    url = f"/api/v1/cohorts/{cohort.pk}/enrolments"
    response = api_client_for(assigned).get(url)
    assert response.status_code == 200
    assert [e["email"] for e in response.json()["items"]] == ["amira@example.gov.uk"]
    assert api_client_for(other).get(url).status_code == 403


def test_a_new_participant_account_is_linked_to_their_enrolments(ref_data):
    from missionled.organisations.services.users import user_create

    cohort = cohort_for(department="DfE", capacity=10)
    enrolment = EnrolmentFactory(cohort=cohort, email="amira@example.gov.uk")
    user = user_create(email="Amira@Example.gov.uk", role="participant")
    enrolment.refresh_from_db()
    assert enrolment.user == user
