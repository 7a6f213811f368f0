from decimal import Decimal

from missionled.missions.models import Milestone, Mission, ProgressPoint
from missionled.missions.services.reference import missions_load


def test_the_five_missions_and_their_milestones_are_loaded(ref_data):
    assert list(Mission.objects.values_list("slug", flat=True)) == [
        "growth",
        "clean-energy",
        "safer-streets",
        "opportunity",
        "nhs",
    ]
    assert Milestone.objects.count() == 9
    assert Mission.objects.get(slug="nhs").lead_department.acronym == "DHSC"


def test_each_metric_of_a_milestone_becomes_its_own_row(ref_data):
    living = Milestone.objects.filter(plan_milestone__startswith="Raising living standards")
    assert set(living.values_list("slug", flat=True)) == {"rhdi-per-head", "gdp-per-head"}


def test_non_numeric_baselines_and_targets_are_kept_as_text(ref_data):
    rhdi = Milestone.objects.get(slug="rhdi-per-head")
    assert rhdi.baseline_value is None
    assert rhdi.target_value is None
    assert "higher than baseline" in rhdi.target_text
    carbon = Milestone.objects.get(slug="carbon-intensity")
    assert carbon.baseline_value == Decimal(171)
    assert carbon.target_value is None
    assert "well below 50" in carbon.target_text


def test_published_figures_are_loaded_as_history_with_sources(ref_data):
    rtt = Milestone.objects.get(slug="elective-18-weeks")
    values = list(rtt.points.order_by("date").values_list("value", flat=True))
    assert values == [Decimal("58.9"), Decimal("61.3"), Decimal("61.8"), Decimal("61.5")]
    assert all(p.source_url.startswith("http") for p in rtt.points.all())
    assert all(p.added_by is None for p in rtt.points.all())
    assert any(f["value"] == ">=65 (interim target met)" for f in rtt.other_figures)
    assert rtt.trajectory == [["2026-03-31", 65]]


def test_loading_again_adds_nothing_and_keeps_admin_changes(ref_data):
    homes = Milestone.objects.get(slug="homes")
    homes.name = "Homes, renamed by an admin"
    homes.save()
    points = ProgressPoint.objects.count()
    missions_load()
    assert Milestone.objects.count() == 9
    assert ProgressPoint.objects.count() == points
    assert Milestone.objects.get(slug="homes").name == "Homes, renamed by an admin"
