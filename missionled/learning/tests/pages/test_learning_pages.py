"""Forming sets, writing and taking away one's writing through the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from missionled.core.models import AuditEntry
from missionled.enrolments.services.enrolments import enrolment_substitute, enrolment_withdraw
from missionled.learning.models import (
    ActionLearningSet,
    Challenge,
    Experiment,
    PresenterSlot,
    Reflection,
    StakeholderEntry,
)
from missionled.learning.services.sets import set_sessions
from missionled.learning.tests.conftest import (
    BEFORE,
    PRIVATE_CHALLENGE,
    PRIVATE_REFLECTION,
    SHARED_CHALLENGE,
    SHARED_REFLECTION,
    write_content,
)
from missionled.organisations.models import Grade

pytestmark = pytest.mark.django_db


def test_provider_forms_sets_on_the_page(admin, leading_cohort, fourteen, page_client_for):
    client = page_client_for(admin)
    url = f"/cohorts/{leading_cohort.pk}/sets/"
    assert client.get(url).status_code == 200
    a, b = fourteen[0], fourteen[1]
    response = client.post(
        url, {"keep_apart": f"{a.email}, {b.email}", "keep_together": "", "seed": "2"}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mix score" in body
    assert "Proven optimal" in body
    assert "Departments" in body
    assert "are in different sets" in body
    assert ActionLearningSet.objects.filter(cohort=leading_cohort).count() == 2


def test_conflicts_reach_the_error_summary(admin, leading_cohort, fourteen, page_client_for):
    a, b = fourteen[0], fourteen[1]
    pair = f"{a.email}, {b.email}"
    response = page_client_for(admin).post(
        f"/cohorts/{leading_cohort.pk}/sets/", {"keep_apart": pair, "keep_together": pair}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "cannot all hold:" in body
    assert a.name in body
    assert not ActionLearningSet.objects.exists()


def test_a_badly_written_pair_is_a_field_error(admin, leading_cohort, fourteen, page_client_for):
    response = page_client_for(admin).post(
        f"/cohorts/{leading_cohort.pk}/sets/", {"keep_apart": "just-one@example.gov.uk"}
    )
    assert "Write each pair on its own line" in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "participant", "mission_analyst"])
def test_only_the_provider_reaches_set_formation(make_user, leading_cohort, page_client_for, role):
    response = page_client_for(make_user(role)).get(f"/cohorts/{leading_cohort.pk}/sets/")
    assert response.status_code == 403


def test_participant_writes_challenge_map_experiment_and_reflection(world, page_client_for):
    client = page_client_for(world.member)
    response = client.post(
        "/me/learning/challenge/",
        {
            "title": "Join up family services",
            "mission": world.mission.slug,
            "shared_with_set": "on",
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get(enrolment=world.member_enrolment)
    assert challenge.shared_with_set
    assert AuditEntry.objects.filter(action="learning.challenge.created").exists()
    client.post(
        "/me/learning/challenge/",
        {"title": "Join up family help", "mission": world.mission.slug, "shared_with_set": "on"},
    )
    assert "changed title" in client.get("/me/learning/").content.decode()

    for name, power, interest in [("Minister", "high", "high"), ("Local press", "low", "high")]:
        client.post(
            "/me/learning/stakeholders/", {"name": name, "power": power, "interest": interest}
        )
    page = client.get("/me/learning/stakeholders/").content.decode()
    assert page.index("Manage closely") < page.index("Minister") < page.index("Keep informed")
    assert page.index("Keep informed") < page.index("Local press") < page.index("Monitor")

    client.post(
        "/me/learning/experiments/",
        {"hypothesis": "Weekly huddles unblock cases", "tried_on": "01/05/2027"},
    )
    assert Experiment.objects.get().tried_on.isoformat() == "2027-05-01"

    start = timezone.now() - timedelta(days=2)
    meeting = set_sessions(world.cohort).first()
    meeting.starts_at, meeting.ends_at = start, start + timedelta(hours=3)
    meeting.save()
    form = client.get("/me/learning/reflections/new/").content.decode()
    assert meeting.title in form
    response = client.post(
        "/me/learning/reflections/new/",
        {"session": meeting.pk, "what_happened": "I presented.", "what_i_will_do": "Call Jo."},
    )
    assert response.status_code == 302
    assert Reflection.objects.get().shared_with_set is False


def test_milestone_of_another_mission_is_refused(world, page_client_for):
    from missionled.missions.models import Milestone

    other = Milestone.objects.exclude(mission=world.mission).first()
    response = page_client_for(world.member).post(
        "/me/learning/challenge/",
        {"title": "x", "mission": world.mission.slug, "milestone": other.slug},
    )
    assert response.status_code == 200
    assert "Choose a milestone of" in response.content.decode()
    assert not Challenge.objects.exists()


def test_export_holds_everything_the_participant_wrote(world, page_client_for):
    write_content(world)
    challenge = Challenge.objects.get(enrolment=world.mate_enrolment)
    StakeholderEntry.objects.create(
        challenge=challenge, name="Permanent Secretary", power="high", interest="low"
    )
    Experiment.objects.create(challenge=challenge, hypothesis="Pairing speeds triage")
    response = page_client_for(world.mate).get("/me/learning/export.md")
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    for text in [SHARED_CHALLENGE, SHARED_REFLECTION, PRIVATE_REFLECTION]:
        assert text in body
    assert "| Permanent Secretary | high | low |" in body
    assert "Pairing speeds triage" in body
    assert PRIVATE_CHALLENGE not in body  # the member's, not the mate's


def _map_and_log(challenge):
    StakeholderEntry.objects.create(
        challenge=challenge, name="Permanent Secretary", power="high", interest="low"
    )
    Experiment.objects.create(challenge=challenge, hypothesis="Pairing speeds triage")


def test_delete_asks_first_then_erases_only_ones_own(world, page_client_for):
    write_content(world)
    mine = Challenge.objects.get(enrolment=world.mate_enrolment)
    theirs = Challenge.objects.get(enrolment=world.member_enrolment)
    _map_and_log(mine)
    _map_and_log(theirs)
    client = page_client_for(world.mate)
    confirm = client.get("/me/learning/delete/")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert Reflection.objects.filter(enrolment=world.mate_enrolment).count() == 2
    response = client.post("/me/learning/delete/")
    assert response.status_code == 302
    assert not Reflection.objects.filter(enrolment=world.mate_enrolment).exists()
    assert not Challenge.objects.filter(enrolment=world.mate_enrolment).exists()
    assert not StakeholderEntry.objects.filter(challenge_id=mine.pk).exists()
    assert not Experiment.objects.filter(challenge_id=mine.pk).exists()
    assert Challenge.objects.filter(enrolment=world.member_enrolment).exists()
    assert StakeholderEntry.objects.filter(challenge=theirs).count() == 1
    assert Experiment.objects.filter(challenge=theirs).count() == 1
    assert Reflection.objects.filter(enrolment=world.other_member_enrolment).exists()
    entry = AuditEntry.objects.get(action="learning.writing.deleted")
    assert entry.payload == {"challenges": 1, "reflections": 2}


def _leave(world, admin, how):
    """The mate gives up their place: withdraws, or passes it to a colleague."""
    if how == "withdrawn":
        enrolment_withdraw(enrolment=world.mate_enrolment, actor=world.mate, now=BEFORE)
    else:
        enrolment_substitute(
            enrolment=world.mate_enrolment,
            name="Sam Colleague",
            email="sam.colleague@education.gov.uk",
            grade=Grade.objects.get(code="G7"),
            actor=admin,
            now=BEFORE,
        )
    world.mate_enrolment.refresh_from_db()
    assert world.mate_enrolment.status == how


@pytest.mark.parametrize("how", ["withdrawn", "substituted"])
def test_someone_who_left_still_takes_away_what_they_wrote(
    world, admin, make_user, page_client_for, how
):
    write_content(world)
    _map_and_log(Challenge.objects.get(enrolment=world.mate_enrolment))
    _leave(world, admin, how)
    client = page_client_for(world.mate)
    mine = client.get("/me/learning/")
    assert mine.status_code == 200
    assert "Download everything you wrote" in mine.content.decode()
    response = client.get("/me/learning/export.md")
    assert response.status_code == 200
    body = response.content.decode()
    for text in [SHARED_CHALLENGE, SHARED_REFLECTION, PRIVATE_REFLECTION]:
        assert text in body
    assert "| Permanent Secretary | high | low |" in body
    assert "Pairing speeds triage" in body
    assert PRIVATE_CHALLENGE not in body
    # Having left, they may not write any more.
    assert client.get("/me/learning/reflections/new/").status_code == 404
    assert client.post("/me/learning/challenge/", {"title": "New"}).status_code == 404
    if how == "substituted":
        colleague = page_client_for(
            make_user("participant", email="sam.colleague@education.gov.uk")
        )
        theirs = colleague.get("/me/learning/export.md").content.decode()
        assert SHARED_CHALLENGE not in theirs
        assert PRIVATE_REFLECTION not in theirs


@pytest.mark.parametrize("how", ["withdrawn", "substituted"])
def test_someone_who_left_erases_what_they_wrote(world, admin, page_client_for, how):
    write_content(world)
    challenge = Challenge.objects.get(enrolment=world.mate_enrolment)
    _map_and_log(challenge)
    _leave(world, admin, how)
    client = page_client_for(world.mate)
    assert client.get("/me/learning/delete/").status_code == 200
    assert client.post("/me/learning/delete/").status_code == 302
    assert not Reflection.objects.filter(enrolment=world.mate_enrolment).exists()
    assert not Challenge.objects.filter(enrolment=world.mate_enrolment).exists()
    assert not StakeholderEntry.objects.filter(challenge_id=challenge.pk).exists()
    assert not Experiment.objects.filter(challenge_id=challenge.pk).exists()
    assert Challenge.objects.filter(enrolment=world.member_enrolment).exists()
    assert Reflection.objects.filter(enrolment=world.other_member_enrolment).exists()
    entry = AuditEntry.objects.get(action="learning.writing.deleted")
    assert entry.payload == {"challenges": 1, "reflections": 2}
    page = client.get("/me/learning/").content.decode()
    assert "Download everything you wrote" not in page


def test_someone_who_never_held_a_place_has_nothing_to_take(make_user, page_client_for, ref_data):
    client = page_client_for(make_user("participant"))
    assert client.get("/me/learning/export.md").status_code == 404
    assert client.get("/me/learning/delete/").status_code == 404
    assert client.post("/me/learning/delete/").status_code == 404


def test_adviser_changes_presenters_on_the_page(world, page_client_for):
    learning_set = world.sets[0]
    sessions = list(set_sessions(world.cohort))
    members = [m.enrolment_id for m in learning_set.memberships.all()]
    client = page_client_for(world.adviser)
    assert client.get(f"/sets/{learning_set.pk}/presenters/").status_code == 200
    data = {
        f"meeting_{sessions[0].pk}": members[:2],
        f"meeting_{sessions[1].pk}": members[2:4],
        f"meeting_{sessions[2].pk}": members[4:],
    }
    assert client.post(f"/sets/{learning_set.pk}/presenters/", data).status_code == 302
    assert PresenterSlot.objects.filter(learning_set=learning_set, session=sessions[0]).count() == 2
    data[f"meeting_{sessions[2].pk}"] = []
    response = client.post(f"/sets/{learning_set.pk}/presenters/", data)
    assert "Nobody presents at meeting 3" in response.content.decode()
    member = page_client_for(world.member)
    assert member.get(f"/sets/{learning_set.pk}/presenters/").status_code == 403
