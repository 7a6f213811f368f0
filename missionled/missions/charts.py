"""Server-rendered SVG charts. They need no JavaScript: pygal's script is switched off."""

import re
from datetime import date
from xml.sax.saxutils import escape

import pygal
from pygal.style import Style

from missionled.missions.selectors import MilestoneView

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#1d70b8", "#505a5f", "#d4351c"),
    font_family="Arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=16,
    title_font_size=18,
)


def _year(day: float) -> str:
    """An axis position (a day number) as its year; positions off the calendar are blank."""
    return str(date.fromordinal(int(day)).year) if day >= 1 else ""


def _year_starts(dates: list[date]) -> list[int]:
    """Day numbers of each 1 January within the charted dates, for the x-axis labels."""
    if not dates:
        return []
    first, last = min(dates), max(dates)
    return [
        date(year, 1, 1).toordinal()
        for year in range(first.year, last.year + 1)
        if first <= date(year, 1, 1) <= last
    ]


def _trajectory_series(view: MilestoneView) -> list[tuple[date, float]]:
    m = view.milestone
    if m.baseline_value is None or m.target_value is None:
        return []
    assert m.baseline_date is not None
    assert m.target_date is not None
    points = [(m.baseline_date, float(m.baseline_value)), *m.trajectory_points()]
    points.append((m.target_date, float(m.target_value)))
    return sorted(points)


def milestone_chart_svg(view: MilestoneView) -> str:
    """The milestone's published figures against its trajectory, as a standalone SVG with a
    <title> and an aria-label that name it."""
    m = view.milestone
    # XY over day numbers rather than DateLine, which calls the deprecated utcfromtimestamp.
    chart = pygal.XY(
        style=CHART_STYLE,
        title=f"{m.name} ({m.unit})",
        js=[],
        disable_xml_declaration=True,
        show_legend=True,
        legend_at_bottom=True,
        x_label_rotation=0,
        x_value_formatter=_year,
        truncate_label=-1,
        value_formatter=lambda v: f"{v:,.10g}",
        width=800,
        height=400,
        dots_size=4,
        truncate_legend=-1,
        no_data_text="No figures published yet",
    )
    trajectory = _trajectory_series(view)
    years = _year_starts([p.date for p in view.points] + [on for on, _ in trajectory])
    if years:
        chart.x_labels = years
    chart.add("Published figures", [(p.date.toordinal(), float(p.value)) for p in view.points])
    if trajectory:
        line = [(on.toordinal(), value) for on, value in trajectory]
        chart.add("Trajectory to target", line, stroke_style={"dasharray": "6, 4"})
    # pygal writes its config as an inline <script> even with js=[]; the chart needs none.
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    label = escape(view.chart_summary, {'"': "&quot;"})
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
