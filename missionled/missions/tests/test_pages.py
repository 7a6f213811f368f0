import csv
import io
import re
from collections import Counter

import pytest
from django.test import Client
from django.utils.html import escape

from conftest import ROLES
from missionled.missions.models import Milestone, OwnerAssessment, ProgressPoint
from missionled.missions.selectors import AGREEMENT_RULE
from missionled.missions.services.progress import (
    ALREADY_CORRECTED,
    DATE_IN_FUTURE,
    NARRATIVE_REQUIRED,
    QUARTER_INVALID,
    RATING_INVALID,
    SOURCE_INVALID,
    VALUE_REQUIRED,
)
from missionled.missions.status import STATUS_RULE
from missionled.missions.tests.conftest import RECORDERS
from missionled.missions.tests.factories import (
    MilestoneFactory,
    OwnerAssessmentFactory,
    ProgressPointFactory,
)

GOOD = {"value": "61.5", "date": "2026-03-31", "source_url": "https://www.gov.uk/stats", "note": ""}


def test_the_index_shows_every_mission_with_status_tags_and_when_data_last_changed(ref_data):
    page = Client().get("/missions/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Kickstart economic growth", "Build an NHS fit for the future"):
        assert name in html
    assert "govuk-tag" in html
    assert "Data last updated:" in html
    assert escape(STATUS_RULE) in html
    assert 'href="/missions/"' in html  # the Missions menu item


def test_a_mission_page_shows_chart_table_baseline_target_status_and_sources(ref_data):
    page = Client().get("/missions/nhs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="/missions/milestones/elective-18-weeks/chart.svg"' in html
    assert 'alt="Chart: 92% of patients treated within 18 weeks' in html
    assert "Published figures (% of incomplete pathways" in html
    assert "58.8" in html
    assert "92 (% of incomplete pathways" in html
    assert "61.5" in html
    assert "https://www.england.nhs.uk/statistics/" in html
    assert "&gt;=65 (interim target met)" in html
    assert "Data last updated:" in html
    assert "Training impact" in html
    assert "<script>" not in html
    assert "style=" not in html


@pytest.mark.parametrize("slug", ["", "nhs/", "growth/"])
def test_every_id_on_a_public_page_is_unique(ref_data, slug):
    """Fragment links and labels need one element per id; the mission page says when its data
    was last updated at the top and the foot."""
    html = Client().get(f"/missions/{slug}").content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert "last-updated" in ids
    assert [name for name, times in ids.items() if times > 1] == []


def test_a_non_numeric_target_is_shown_in_words(ref_data):
    html = Client().get("/missions/growth/").content.decode()
    assert "higher than baseline" in html
    assert "No numeric target" in html


def test_the_owners_view_and_a_disagreement_are_shown_plainly(ref_data):
    point = ProgressPointFactory(value=5)  # far behind the straight line to 100
    OwnerAssessmentFactory(milestone=point.milestone, rating="on_track", narrative="All fine.")
    html = Client().get(f"/missions/{point.milestone.mission.slug}/").content.decode()
    assert "All fine." in html
    assert "The owner's assessment and the figures disagree" in html
    assert escape(AGREEMENT_RULE) in html


def _history(milestone):
    """Q1, then Q2 twice: the second Q2 assessment stands in for the first."""
    for quarter, rating, narrative in (
        ("2026-Q1", "on_track", "Sites opened on time."),
        ("2026-Q2", "feasible", "Two sites are late."),
        ("2026-Q2", "at_risk", "Four sites are late."),
    ):
        OwnerAssessmentFactory(
            milestone=milestone, quarter=quarter, rating=rating, narrative=narrative
        )


def test_every_quarters_owner_assessment_is_on_the_milestone_newest_first(ref_data):
    milestone = MilestoneFactory()
    _history(milestone)
    html = Client().get(f"/missions/{milestone.mission.slug}/").content.decode()
    section = html.split(f'id="{milestone.slug}"', 1)[1].split("</section>", 1)[0]
    history = section.split("The owner's assessment each quarter, newest first", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", history.split("</table>", 1)[0], re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in rows
    ]
    assert cells == [
        ["Quarter", "Rating", "Narrative"],
        ["2026-Q2", "At risk", "Four sites are late."],
        ["2026-Q1", "On track", "Sites opened on time."],
    ]
    assert "Two sites are late." not in section
    assert f"/missions/milestones/{milestone.slug}/assessments.csv" in section


def test_the_assessments_download_keeps_every_assessment_and_marks_the_replaced(ref_data):
    milestone = MilestoneFactory()
    _history(milestone)
    rows = Client().get(f"/missions/milestones/{milestone.slug}/assessments.json").json()
    assert [(r["quarter"], r["rating"], r["narrative"], r["replaced"]) for r in rows] == [
        ("2026-Q2", "at_risk", "Four sites are late.", False),
        ("2026-Q2", "feasible", "Two sites are late.", True),
        ("2026-Q1", "on_track", "Sites opened on time.", False),
    ]
    assert rows[0]["rating_label"] == "At risk"
    as_csv = Client().get(f"/missions/milestones/{milestone.slug}/assessments.csv")
    assert [r["narrative"] for r in csv.DictReader(io.StringIO(as_csv.content.decode()))] == [
        r["narrative"] for r in rows
    ]


@pytest.mark.parametrize(
    "url", ["/missions/milestones.json", "/missions/{mission}/milestones.json"]
)
def test_the_milestones_download_carries_the_owners_latest_narrative(ref_data, url):
    milestone = MilestoneFactory()
    _history(milestone)
    rows = Client().get(url.format(mission=milestone.mission.slug)).json()
    row = next(r for r in rows if r["milestone"] == milestone.slug)
    assert (row["owner_quarter"], row["owner_rating"]) == ("2026-Q2", "at_risk")
    assert row["owner_narrative"] == "Four sites are late."


def test_a_retired_milestone_keeps_its_history_and_says_so(ref_data):
    point = ProgressPointFactory(milestone__retired_at="2026-01-01")
    html = Client().get(f"/missions/{point.milestone.mission.slug}/").content.decode()
    assert "This milestone was retired on 1 January 2026" in html
    assert "Retired" in html
    assert "10" in html


def test_an_unknown_mission_is_404(ref_data):
    assert Client().get("/missions/no-such-mission/").status_code == 404


def test_the_chart_is_an_svg_with_a_title_an_accessible_name_and_no_script(ref_data):
    answer = Client().get("/missions/milestones/homes/chart.svg")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/svg+xml"
    svg = answer.content.decode()
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-label="1.5 million homes' in svg
    assert "<title>1.5 million homes" in svg
    assert "<script" not in svg
    assert "'unsafe-inline'" in answer["Content-Security-Policy"]


def test_every_loaded_milestone_has_a_chart(ref_data):
    for slug in Milestone.objects.values_list("slug", flat=True):
        answer = Client().get(f"/missions/milestones/{slug}/chart.svg")
        assert answer.status_code == 200, slug


@pytest.mark.parametrize(
    "url",
    [
        "/missions/milestones.{fmt}",
        "/missions/nhs/milestones.{fmt}",
        "/missions/nhs/training-impact.{fmt}",
        "/missions/milestones/elective-18-weeks/progress.{fmt}",
        "/missions/milestones/elective-18-weeks/assessments.{fmt}",
    ],
)
def test_every_table_downloads_as_csv_and_json(ref_data, url):
    as_csv = Client().get(url.format(fmt="csv"))
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    as_json = Client().get(url.format(fmt="json"))
    assert as_json.status_code == 200
    assert len(as_json.json()) == len(rows)


def test_the_progress_download_marks_corrections_and_defuses_formulas(ref_data):
    old = ProgressPointFactory(note="=HYPERLINK(1)")
    ProgressPointFactory(milestone=old.milestone, supersedes=old, value=12)
    answer = Client().get(f"/missions/milestones/{old.milestone.slug}/progress.csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert rows[0]["note"] == "'=HYPERLINK(1)"
    assert rows[0]["superseded_by"] == str(rows[1]["id"])


def test_other_download_formats_are_not_found(ref_data):
    assert Client().get("/missions/milestones.xlsx").status_code == 404


def test_the_atom_feed_lists_new_figures(ref_data):
    ProgressPointFactory(value=42)
    answer = Client().get("/missions/feed.atom")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/atom+xml")
    assert "new figure 42" in answer.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_progress_form_by_role(make_user, page_client_for, role):
    milestone = MilestoneFactory()
    client = page_client_for(make_user(role))
    url = f"/missions/milestones/{milestone.slug}/progress/add/"
    shown = client.get(url)
    sent = client.post(url, GOOD)
    if role in RECORDERS:
        assert shown.status_code == 200
        assert sent.status_code == 302
        assert sent["Location"] == f"/missions/{milestone.mission.slug}/#{milestone.slug}"
        assert ProgressPoint.objects.get(milestone=milestone).added_by.role == role
    else:
        assert shown.status_code == 403
        assert sent.status_code == 403
        assert not ProgressPoint.objects.filter(milestone=milestone).exists()


def test_the_progress_form_sends_anonymous_people_to_sign_in(ref_data):
    milestone = MilestoneFactory()
    answer = Client().post(f"/missions/milestones/{milestone.slug}/progress/add/", GOOD)
    assert answer.status_code == 302
    assert "/sign-in" in answer["Location"] or "login" in answer["Location"]
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()


def test_bad_input_gets_an_error_summary_and_nothing_is_saved(make_user, page_client_for):
    milestone = MilestoneFactory()
    client = page_client_for(make_user("mission_analyst"))
    bad = {"value": "lots", "date": "2099-01-01", "source_url": "gov.uk", "note": ""}
    page = client.post(f"/missions/milestones/{milestone.slug}/progress/add/", bad)
    assert page.status_code == 200
    html = page.content.decode()
    assert "govuk-error-summary" in html
    for message in (VALUE_REQUIRED, DATE_IN_FUTURE, SOURCE_INVALID):
        assert message in html
    assert "<title>Error:" in html
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()


def test_an_unreadable_date_still_reports_the_other_fields(make_user, page_client_for):
    milestone = MilestoneFactory()
    client = page_client_for(make_user("provider_admin"))
    bad = {"value": "", "date": "soon", "source_url": "", "note": ""}
    html = client.post(f"/missions/milestones/{milestone.slug}/progress/add/", bad).content.decode()
    assert "Enter a real date" in html
    assert VALUE_REQUIRED in html
    assert not ProgressPoint.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_recorders_see_the_record_link(make_user, page_client_for, role):
    point = ProgressPointFactory()
    html = page_client_for(make_user(role)).get(f"/missions/{point.milestone.mission.slug}/")
    shown = "Record a new figure" in html.content.decode()
    assert shown == (role in RECORDERS)


@pytest.mark.parametrize("role", ROLES)
def test_the_correction_form_by_role(make_user, page_client_for, role):
    old = ProgressPointFactory(value=10)
    client = page_client_for(make_user(role))
    url = f"/missions/figures/{old.pk}/correct/"
    shown = client.get(url)
    sent = client.post(url, GOOD | {"value": "11", "date": "2025-01-01"})
    if role in RECORDERS:
        assert shown.status_code == 200
        assert 'value="10"' in shown.content.decode()
        assert sent.status_code == 302
        new = ProgressPoint.objects.get(supersedes=old)
        assert new.value == 11
        html = Client().get(f"/missions/{old.milestone.mission.slug}/").content.decode()
        assert "corrects 10" in html
    else:
        assert shown.status_code == 403
        assert sent.status_code == 403
        assert not ProgressPoint.objects.filter(supersedes=old).exists()


def test_a_figure_corrected_twice_gets_an_error_not_a_second_correction(make_user, page_client_for):
    old = ProgressPointFactory()
    ProgressPointFactory(milestone=old.milestone, supersedes=old)
    client = page_client_for(make_user("mission_analyst"))
    page = client.post(f"/missions/figures/{old.pk}/correct/", GOOD)
    assert page.status_code == 200
    assert ALREADY_CORRECTED in page.content.decode()
    assert ProgressPoint.objects.filter(milestone=old.milestone).count() == 2


def test_correcting_an_unknown_figure_is_404(make_user, page_client_for):
    client = page_client_for(make_user("provider_admin"))
    assert client.get("/missions/figures/999999/correct/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_owner_assessment_form_by_role(make_user, page_client_for, role):
    milestone = MilestoneFactory()
    client = page_client_for(make_user(role))
    url = f"/missions/milestones/{milestone.slug}/assessment/add/"
    shown = client.get(url)
    body = {"quarter": "2026-Q3", "rating": "at_risk", "narrative": "Sites are slow."}
    sent = client.post(url, body)
    if role in RECORDERS:
        assert shown.status_code == 200
        assert sent.status_code == 302
        assert OwnerAssessment.objects.get(milestone=milestone).rating == "at_risk"
        html = Client().get(f"/missions/{milestone.mission.slug}/").content.decode()
        assert "Sites are slow." in html
    else:
        assert shown.status_code == 403
        assert sent.status_code == 403
        assert not OwnerAssessment.objects.filter(milestone=milestone).exists()


def test_a_bad_owner_assessment_gets_an_error_summary(make_user, page_client_for):
    milestone = MilestoneFactory()
    client = page_client_for(make_user("mission_analyst"))
    page = client.post(
        f"/missions/milestones/{milestone.slug}/assessment/add/",
        {"quarter": "soon", "narrative": ""},
    )
    html = page.content.decode()
    assert "govuk-error-summary" in html
    for message in (QUARTER_INVALID, RATING_INVALID, NARRATIVE_REQUIRED):
        assert escape(message) in html
    assert not OwnerAssessment.objects.filter(milestone=milestone).exists()


def test_a_retired_mission_is_listed_apart_on_the_index_and_keeps_its_page(ref_data):
    point = ProgressPointFactory(milestone__mission__retired=True)
    mission = point.milestone.mission
    html = Client().get("/missions/").content.decode()
    current, retired = html.split('id="retired-missions">Retired missions</h2>', 1)
    assert mission.name not in current
    assert "Build an NHS fit for the future" in current
    retired = retired.split("</ul>", 1)[0]
    assert f'<a class="govuk-link" href="/missions/{mission.slug}/">{mission.name}</a>' in retired
    assert "Retired</strong>" in retired
    assert "Build an NHS fit for the future" not in retired
    assert mission.slug not in [m["slug"] for m in Client().get("/api/v1/missions").json()]
    page = Client().get(f"/missions/{mission.slug}/")
    assert page.status_code == 200
    assert "This mission has been retired" in page.content.decode()


def test_the_index_has_no_retired_section_while_no_mission_is_retired(ref_data):
    assert "Retired missions" not in Client().get("/missions/").content.decode()


@pytest.mark.parametrize("url", ["/missions/", "/missions/nhs/", "/api/v1/missions"])
def test_pages_read_the_database_a_fixed_number_of_times(
    ref_data, django_assert_max_num_queries, url
):
    nhs = Milestone.objects.get(slug="elective-18-weeks").mission
    for _ in range(3):
        ProgressPointFactory(milestone=MilestoneFactory(mission=nhs))
    with django_assert_max_num_queries(12):
        assert Client().get(url).status_code == 200
