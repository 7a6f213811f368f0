"""The load chart: sessions per facilitator, server-rendered SVG with no script."""

import re
from xml.sax.saxutils import escape

import pygal

from missionled.facilitation.models import PlanRun
from missionled.missions.charts import CHART_STYLE

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def load_chart_summary(run: PlanRun) -> str:
    if not run.loads:
        return "No facilitator has sessions in this plan."
    busiest = max(run.loads.values())
    return (
        f"Sessions per facilitator from {run.date_from:%-d %B %Y} to {run.date_to:%-d %B %Y}: "
        f"{len(run.loads)} facilitators, between {min(run.loads.values())} and {busiest} each."
    )


def load_chart_svg(run: PlanRun) -> str:
    """A horizontal bar per facilitator, named by a <title> and an aria-label."""
    chart = pygal.HorizontalBar(
        style=CHART_STYLE,
        title="Sessions per facilitator",
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        width=800,
        height=max(200, 60 + 28 * len(run.loads)),
        truncate_label=-1,
        no_data_text="No sessions planned",
    )
    people = sorted(run.loads.items(), key=lambda item: (-item[1], item[0]))[::-1]
    chart.x_labels = [email for email, _ in people]
    chart.add("Sessions", [load for _, load in people])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    label = escape(load_chart_summary(run), {'"': "&quot;"})
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
