"""The back office: admins rename, retire and add milestones; figures are never erased."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import ROLES
from missionled.core.models import AuditEntry
from missionled.missions.models import (
    REPLACED_IN_A_LOOP,
    REPLACED_NOT_RETIRED,
    Milestone,
    OwnerAssessment,
)
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


def _change(client, milestone, **changes):
    """Post the milestone's admin change form as shown, with `changes` applied."""
    url = f"/back-office/missions/milestone/{milestone.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"trajectory": "[]", "source_urls": "[]", "other_figures": "[]"}
    return client.post(url, data | changes)


def test_an_admin_renames_and_retires_a_milestone_and_its_history_stays(make_user, page_client_for):
    point = ProgressPointFactory()
    milestone = point.milestone
    client = page_client_for(make_user("provider_admin"))
    answer = _change(client, milestone, name="Renamed milestone", retired_at="2026-06-30")
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    milestone.refresh_from_db()
    assert milestone.name == "Renamed milestone"
    assert milestone.is_retired
    assert milestone.points.get() == point
    page = client.get(f"/missions/{milestone.mission.slug}/").content.decode()
    assert "Renamed milestone" in page
    assert "This milestone was retired on 30 June 2026" in page


def test_an_admin_merges_a_retired_milestone_into_its_replacement(make_user, page_client_for):
    point = ProgressPointFactory(value=37)
    old = point.milestone
    new = MilestoneFactory(name="Merged widget measure")
    client = page_client_for(make_user("provider_admin"))
    answer = _change(client, old, retired_at="2026-06-30", replaced_by=new.pk)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    old.refresh_from_db()
    assert old.replaced_by == new
    assert old.points.get() == point
    page = Client().get(f"/missions/{old.mission.slug}/").content.decode()
    section = page.split(f'id="{old.slug}"', 1)[1].split("</section>", 1)[0]
    link = f'<a class="govuk-link" href="/missions/{new.mission.slug}/#{new.slug}">{new.name}</a>'
    assert f"Replaced by {link} from 30 June 2026." in section
    assert "37" in section
    index = Client().get("/missions/").content.decode()
    assert f"Replaced by {link}" in index
    replacement = Client().get(f"/missions/{new.mission.slug}/").content.decode()
    assert f'href="/missions/{old.mission.slug}/#{old.slug}">{old.name}</a>' in replacement
    assert "(retired 30 June 2026)" in replacement
    rows = Client().get(f"/missions/{old.mission.slug}/milestones.json").json()
    assert next(r for r in rows if r["milestone"] == old.slug)["replaced_by"] == new.slug
    api = Client().get(f"/api/v1/missions/{old.mission.slug}").json()
    assert next(m for m in api["milestones"] if m["slug"] == old.slug)["replaced_by"] == new.slug


def test_only_a_retired_milestone_can_be_replaced(make_user, page_client_for):
    old, new = MilestoneFactory(), MilestoneFactory()
    client = page_client_for(make_user("provider_admin"))
    answer = _change(client, old, replaced_by=new.pk)
    assert answer.status_code == 200
    assert answer.context["adminform"].form.errors["replaced_by"] == [REPLACED_NOT_RETIRED]
    old.refresh_from_db()
    assert old.replaced_by is None


def test_a_milestone_cannot_replace_itself_even_through_others(ref_data):
    first = MilestoneFactory(retired_at="2026-01-01")
    second = MilestoneFactory(retired_at="2026-02-01", replaced_by=first)
    first.replaced_by = second
    with pytest.raises(ValidationError) as caught:
        first.full_clean()
    assert caught.value.message_dict["replaced_by"] == [REPLACED_IN_A_LOOP]
    first.replaced_by = first
    with pytest.raises(ValidationError):
        first.full_clean()


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
