"""Each report table drawn as a server-rendered SVG, embedded as an image so it runs no script
and needs no inline style on the page. The same figures are always in the table beside it."""

import base64
import re
from typing import Any
from xml.sax.saxutils import escape

import pygal

from missionled.missions.charts import CHART_STYLE
from missionled.reporting.tables import Table

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

STYLE = CHART_STYLE.__class__(
    **{
        **{k: getattr(CHART_STYLE, k) for k in ("background", "plot_background", "foreground")},
        "foreground_strong": "#0b0c0c",
        "foreground_subtle": "#505a5f",
        "colors": ("#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92", "#505a5f"),
        "font_family": "Arial, sans-serif",
        "label_font_size": 12,
        "major_label_font_size": 12,
        "legend_font_size": 14,
        "title_font_size": 16,
    }
)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def chart_summary(table: Table) -> str:
    """The chart's accessible name: what it shows and where the figures are."""
    assert table.chart is not None
    labels = {column.key: column.label for column in table.columns}
    series = ", ".join(labels[key].lower() for key in table.chart.series)
    by = (table.chart.label_name or labels[table.chart.label_key]).lower()
    return f"Bar chart of {table.title.lower()}: {series}, by {by}. The figures are in the table."


def chart_svg(table: Table) -> str | None:
    """The table as an SVG document, or None when it has no chart or no rows."""
    spec = table.chart
    if spec is None or not table.rows:
        return None
    kind = pygal.StackedBar if spec.stacked else pygal.Bar
    if spec.horizontal:
        kind = pygal.HorizontalBar
    height = max(360, 28 * len(table.rows) + 160) if spec.horizontal else 400
    chart = kind(
        style=STYLE,
        title=table.title,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        truncate_legend=-1,
        truncate_label=-1,
        x_label_rotation=0 if spec.horizontal or len(table.rows) <= 6 else 40,
        width=800,
        height=height,
        print_values=False,
        no_data_text="No figures to show",
    )
    chart.x_labels = [str(row[spec.label_key]) for row in table.rows]
    labels = {column.key: column.label for column in table.columns}
    for key in spec.series:
        chart.add(labels[key], [_number(row.get(key)) for row in table.rows])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    label = escape(chart_summary(table), {'"': "&quot;"})
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def chart_data_uri(table: Table) -> str | None:
    svg = chart_svg(table)
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
