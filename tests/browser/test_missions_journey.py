"""A visitor reads mission progress; an analyst records a figure. Every page passes axe."""

from datetime import date

import pytest

from missionled.missions.models import Milestone
from missionled.missions.tests.factories import (
    MilestoneFactory,
    OwnerAssessmentFactory,
    ProgressPointFactory,
)
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _console_errors(page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_visitor_reads_the_missions_index_and_a_mission_page(page, ref_data):
    errors = _console_errors(page)
    page.goto("/missions/")
    assert page.get_by_role("heading", level=1).inner_text() == "Missions"
    assert page.get_by_text("Data last updated:").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Build an NHS fit for the future").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Build an NHS fit for the future"
    chart = page.get_by_role("img", name="Chart: 92% of patients treated within 18 weeks")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_by_role("table", name="Published figures").first.is_visible()
    assert_accessible(page)

    page.goto("/missions/growth/")
    assert_accessible(page)
    assert errors == []


def test_visitor_follows_a_retired_mission_and_a_merged_milestone(page, ref_data):
    retired = ProgressPointFactory(milestone__mission__name="Retired widget mission")
    retired.milestone.mission.retired = True
    retired.milestone.mission.save()
    old = MilestoneFactory(mission=Milestone.objects.get(slug="homes").mission, name="Old homes")
    Milestone.objects.filter(pk=old.pk).update(
        retired_at=date(2026, 6, 30), replaced_by=Milestone.objects.get(slug="homes")
    )
    for quarter in ("2026-Q1", "2026-Q2"):
        OwnerAssessmentFactory(milestone=old, quarter=quarter, narrative=f"View for {quarter}.")
    errors = _console_errors(page)
    page.goto("/missions/")
    assert page.get_by_role("heading", name="Retired missions").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Retired widget mission").click()
    assert page.get_by_text("This mission has been retired").is_visible()
    assert_accessible(page)

    page.goto(f"/missions/{old.mission.slug}/#{old.slug}")
    history = page.get_by_role("table", name="The owner's assessment each quarter").first
    assert history.get_by_role("cell", name="View for 2026-Q2.").is_visible()
    page.get_by_text("Replaced by").get_by_role("link", name="1.5 million homes").click()
    assert page.get_by_role("link", name="Old homes").first.is_visible()
    assert_accessible(page)
    assert errors == []


def test_analyst_records_a_figure_after_fixing_errors(page, sign_in, make_user, ref_data):
    make_user("mission_analyst", email="ana@example.gov.uk")
    sign_in("ana@example.gov.uk")
    page.goto("/missions/milestones/school-readiness/progress/add/")
    assert_accessible(page)
    page.get_by_role("button", name="Record figure").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Figure", exact=True).fill("69.1")
    page.get_by_label("Date the figure describes").fill("2026-07-31")
    page.get_by_label("Web address of the published source").fill("https://www.gov.uk/eyfsp")
    page.get_by_role("button", name="Record figure").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Break down barriers to opportunity"
    assert page.get_by_text("is recorded").is_visible()
    assert_accessible(page)


def test_analyst_records_the_owners_assessment(page, sign_in, make_user, ref_data):
    make_user("mission_analyst", email="ana@example.gov.uk")
    sign_in("ana@example.gov.uk")
    page.goto("/missions/nhs/")
    assert_accessible(page)
    page.get_by_role("link", name="Record the owner's assessment of 92% of patients").click()
    page.get_by_role("button", name="Record assessment").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("Quarter").fill("2026-Q3")
    page.get_by_label("Probable").check()
    page.get_by_label("Narrative").fill("Recovery plans are landing in most trusts.")
    page.get_by_role("button", name="Record assessment").click()
    history = page.get_by_role("table", name="The owner's assessment each quarter").first
    narrative = "Recovery plans are landing in most trusts."
    assert history.get_by_role("cell", name=narrative).is_visible()
    assert page.get_by_text("The owner's assessment and the figures disagree").is_visible()
    assert_accessible(page)
