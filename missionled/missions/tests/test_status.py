"""The status rule, without a database."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from missionled.missions.status import (
    STATUS_RULE,
    Plan,
    Point,
    Status,
    expected_value,
    milestone_status,
)

BASE = date(2024, 7, 1)
TARGET = date(2029, 7, 1)
TRACKED = {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK}
RANK = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.OFF_TRACK: 2}


def plan(baseline=0.0, target=100.0, direction="higher", trajectory=(), interval=3650):
    return Plan(
        baseline=Point(BASE, baseline),
        target=Point(TARGET, target),
        direction=direction,
        trajectory=trajectory,
        publication_interval_days=interval,
    )


values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
days = st.integers(min_value=0, max_value=(TARGET - BASE).days)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (50.0, Status.ON_TRACK),  # exactly on the line half way
        (60.0, Status.ON_TRACK),  # ahead
        (45.0, Status.ON_TRACK),  # 5% of the change behind: inside the band
        (44.0, Status.AT_RISK),
        (35.0, Status.AT_RISK),  # 15% behind
        (34.0, Status.OFF_TRACK),
    ],
)
def test_status_compares_the_newest_figure_with_the_straight_line(value, status):
    half_way = BASE + (TARGET - BASE) / 2
    result = milestone_status(plan(), Point(half_way, value), today=half_way)
    assert result.status == status


def test_lower_is_better_counts_a_fall_as_progress():
    half_way = BASE + (TARGET - BASE) / 2
    falling = plan(baseline=100.0, target=0.0, direction="lower")
    assert milestone_status(falling, Point(half_way, 40.0), half_way).status == Status.ON_TRACK
    assert milestone_status(falling, Point(half_way, 70.0), half_way).status == Status.OFF_TRACK


def test_a_published_trajectory_replaces_the_straight_line():
    interim = (Point(date(2025, 7, 1), 90.0),)
    result = milestone_status(plan(trajectory=interim), Point(date(2025, 7, 1), 30.0), BASE)
    assert result.expected == pytest.approx(90.0)
    assert result.status == Status.OFF_TRACK


def test_no_numeric_target_or_baseline_means_no_target():
    no_target = Plan(baseline=Point(BASE, 1.0), target=None)
    no_baseline = Plan(baseline=None, target=Point(TARGET, 1.0))
    for p in (no_target, no_baseline):
        assert milestone_status(p, Point(BASE, 5.0), BASE).status == Status.NO_TARGET


def test_no_figures_means_no_data():
    assert milestone_status(plan(), None, BASE).status == Status.NO_DATA


def test_a_figure_older_than_the_publication_interval_is_no_recent_data_but_keeps_its_status():
    stale = plan(interval=90)
    result = milestone_status(stale, Point(BASE, 0.0), today=BASE + timedelta(days=91))
    assert result.status == Status.NO_RECENT_DATA
    assert result.measured == Status.ON_TRACK
    fresh = milestone_status(stale, Point(BASE, 0.0), today=BASE + timedelta(days=90))
    assert fresh.status == Status.ON_TRACK


def test_the_rule_text_is_the_docstring_and_names_every_status():
    for words in ("on track", "at risk", "off track", "No recent data", "No numeric target"):
        assert words.lower() in STATUS_RULE.lower()
    assert "5%" in STATUS_RULE
    assert "15%" in STATUS_RULE


@given(days, st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_figure_exactly_on_the_trajectory_is_on_track(offset, baseline, target):
    assume(baseline != target)
    p = plan(baseline=baseline, target=target, direction="higher" if target > baseline else "lower")
    on = BASE + timedelta(days=offset)
    result = milestone_status(p, Point(on, expected_value(p, on)), today=on)
    assert result.status == Status.ON_TRACK


@given(days, values, values, values, st.sampled_from(["higher", "lower"]))
def test_a_better_figure_never_has_a_worse_status(offset, baseline, worse, better, direction):
    if direction == "lower":
        worse, better = max(worse, better), min(worse, better)
    else:
        worse, better = min(worse, better), max(worse, better)
    target = baseline + (100.0 if direction == "higher" else -100.0)
    p = plan(baseline=baseline, target=target, direction=direction)
    on = BASE + timedelta(days=offset)
    worse_status = milestone_status(p, Point(on, worse), on).status
    better_status = milestone_status(p, Point(on, better), on).status
    assert RANK[better_status] <= RANK[worse_status]


@given(days, values, values, values)
def test_flipping_direction_and_sign_gives_the_same_status(offset, baseline, target, value):
    assume(baseline != target)
    on = BASE + timedelta(days=offset)
    up = plan(baseline=baseline, target=target, direction="higher")
    down = plan(baseline=-baseline, target=-target, direction="lower")
    assert (
        milestone_status(up, Point(on, value), on).status
        == milestone_status(down, Point(on, -value), on).status
    )


@given(days, values, st.integers(min_value=1, max_value=3000))
def test_stale_figures_are_always_no_recent_data(offset, value, interval):
    on = BASE + timedelta(days=offset)
    p = plan(interval=interval)
    result = milestone_status(p, Point(on, value), today=on + timedelta(days=interval + 1))
    assert result.status == Status.NO_RECENT_DATA
    assert result.measured in TRACKED


@given(st.integers(min_value=-2000, max_value=4000), values, values)
def test_the_expected_value_stays_between_baseline_and_target(offset, baseline, target):
    p = plan(baseline=baseline, target=target)
    expected = expected_value(p, BASE + timedelta(days=offset))
    assert min(baseline, target) - 1e-6 <= expected <= max(baseline, target) + 1e-6
