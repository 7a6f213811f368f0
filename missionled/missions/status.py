"""The status of a milestone, worked out from its figures. Pure: no Django, no clock.

`milestone_status`'s docstring is the rule; the public pages print it word for word.
"""

import itertools
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

Direction = Literal["higher", "lower"]

DEFAULT_TOLERANCE = 0.05
"""The tolerance band: 5% of the whole change the milestone asks for."""

AT_RISK_BAND = 3
"""Behind by more than the tolerance but no more than this many times it is at risk."""


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_RECENT_DATA = "no_recent_data"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.NO_RECENT_DATA: "No recent data",
    Status.NO_TARGET: "No numeric target",
    Status.NO_DATA: "No data yet",
}


@dataclass(frozen=True)
class Point:
    on: date
    value: float


@dataclass(frozen=True)
class Plan:
    """What a milestone promises: from `baseline` to `target`, through any published
    interim points (`trajectory`), with `direction` saying which way is better."""

    baseline: Point | None
    target: Point | None
    direction: Direction = "higher"
    trajectory: tuple[Point, ...] = ()
    publication_interval_days: int = 365
    tolerance: float = DEFAULT_TOLERANCE


@dataclass(frozen=True)
class StatusResult:
    status: Status
    expected: float | None = None
    shortfall: float | None = None  # share of the whole change, behind the trajectory (>0 behind)
    measured: Status | None = None  # the status the newest figure had, if it is now stale


def expected_value(plan: Plan, on: date) -> float:
    """The straight line from baseline to target, through any published interim points;
    before the baseline it is the baseline, after the target it is the target."""
    assert plan.baseline is not None
    assert plan.target is not None
    points = sorted([plan.baseline, *plan.trajectory, plan.target], key=lambda p: p.on)
    if on <= points[0].on:
        return points[0].value
    for start, end in itertools.pairwise(points):
        if on <= end.on:
            span = (end.on - start.on).days
            if span == 0:
                return end.value
            return start.value + (end.value - start.value) * (on - start.on).days / span
    return points[-1].value


def _compare(plan: Plan, latest: Point) -> StatusResult:
    assert plan.baseline is not None
    assert plan.target is not None
    expected = expected_value(plan, latest.on)
    sign = 1.0 if plan.direction == "higher" else -1.0
    whole_change = abs(plan.target.value - plan.baseline.value)
    behind_by = (expected - latest.value) * sign
    if whole_change == 0:
        shortfall = 0.0 if behind_by <= 0 else float("inf")
    else:
        shortfall = behind_by / whole_change
    if shortfall <= plan.tolerance:
        status = Status.ON_TRACK
    elif shortfall <= plan.tolerance * AT_RISK_BAND:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return StatusResult(status=status, expected=expected, shortfall=shortfall)


def milestone_status(plan: Plan, latest: Point | None, today: date) -> StatusResult:
    """A milestone's status comes from its newest published figure.

    "No numeric target" when the milestone has no numeric baseline and target to measure
    against. "No data yet" when nothing has been published. "No recent data" when the newest
    figure is for a date further back than the metric's usual publication interval (the time
    it normally takes for the next figure to appear). Otherwise the newest figure is compared
    with the trajectory on the same date: the straight line from the baseline to the target,
    passing through any interim points the government has published. It is "on track" when it
    is on or ahead of the trajectory, or behind it by no more than the tolerance band (5% of
    the whole change from baseline to target); "at risk" when it is behind by more than that
    but no more than 15%; "off track" when it is further behind. "Ahead" means higher where a
    higher figure is better and lower where a lower figure is better.
    """
    if plan.baseline is None or plan.target is None:
        return StatusResult(status=Status.NO_TARGET)
    if latest is None:
        return StatusResult(status=Status.NO_DATA)
    measured = _compare(plan, latest)
    if (today - latest.on).days > plan.publication_interval_days:
        return StatusResult(
            status=Status.NO_RECENT_DATA,
            expected=measured.expected,
            shortfall=measured.shortfall,
            measured=measured.status,
        )
    return measured


STATUS_RULE = " ".join((milestone_status.__doc__ or "").split())
"""The rule as one paragraph, for pages and the API."""
