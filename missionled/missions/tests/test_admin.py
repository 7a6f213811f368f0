"""The back office: admins rename, retire and add milestones; figures are never erased."""

import pytest
from django.core.exceptions import ValidationError

from conftest import ROLES
from missionled.core.models import AuditEntry
from missionled.missions.models import Milestone, OwnerAssessment
from missionled.missions.tests.factories import MilestoneFactory, ProgressPointFactory

PAGES = [
    "/back-office/missions/mission/",
    "/back-office/missions/milestone/",
    "/back-office/missions/progresspoint/",
    "/back-office/missions/ownerassessment/",
    "/back-office/missions/milestone/add/",
    "/back-office/missions/ownerassessment/add/",
]


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_open_the_missions_back_office(make_user, page_client_for, role):
    client = page_client_for(make_user(role))
    for url in PAGES:
        answer = client.get(url)
        if role == "provider_admin":
            assert answer.status_code == 200, url
        else:
            assert answer.status_code == 302, url


def test_an_admin_renames_and_retires_a_milestone_and_its_history_stays(make_user, page_client_for):
    point = ProgressPointFactory()
    milestone = point.milestone
    client = page_client_for(make_user("provider_admin"))
    url = f"/back-office/missions/milestone/{milestone.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"name": "Renamed milestone", "retired_at": "2026-06-30"}
    data |= {"trajectory": "[]", "source_urls": "[]", "other_figures": "[]"}
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    milestone.refresh_from_db()
    assert milestone.name == "Renamed milestone"
    assert milestone.is_retired
    assert milestone.points.get() == point
    page = client.get(f"/missions/{milestone.mission.slug}/").content.decode()
    assert "Renamed milestone" in page
    assert "This milestone was retired on 30 June 2026" in page


def test_figures_cannot_be_changed_or_deleted_in_the_back_office(make_user, page_client_for):
    point = ProgressPointFactory()
    client = page_client_for(make_user("provider_admin"))
    assert client.post(f"/back-office/missions/progresspoint/{point.pk}/delete/").status_code == 403
    assert client.get("/back-office/missions/progresspoint/add/").status_code == 403


def test_an_assessment_added_in_the_back_office_is_checked_and_audited(make_user, page_client_for):
    milestone = MilestoneFactory()
    client = page_client_for(make_user("provider_admin"))
    answer = client.post(
        "/back-office/missions/ownerassessment/add/",
        {"milestone": milestone.pk, "quarter": "2026-Q2", "rating": "feasible", "narrative": "Ok."},
    )
    assert answer.status_code == 302
    assessment = OwnerAssessment.objects.get(milestone=milestone)
    assert assessment.added_by.role == "provider_admin"
    assert AuditEntry.objects.filter(action="missions.owner_assessment.added").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"trajectory": [["31/03/2026", 5]]}, "trajectory"),
        ({"trajectory": [["2026-03-31", "five"]]}, "trajectory"),
        ({"trajectory": "2026-03-31"}, "trajectory"),
        ({"source_urls": "https://www.gov.uk"}, "source_urls"),
        ({"other_figures": ["a figure"]}, "other_figures"),
        ({"target_date": None}, "target_date"),
        ({"target_date": "2024-01-01"}, "target_date"),
    ],
)
def test_hand_edited_milestone_data_is_checked(ref_data, change, field):
    milestone = MilestoneFactory.build(mission=Milestone.objects.first().mission, **change)
    with pytest.raises(ValidationError) as caught:
        milestone.full_clean()
    assert field in caught.value.message_dict
