from datetime import date, datetime
from typing import Any

from django import template
from django.utils.formats import date_format

from missionled.core.clock import LONDON
from missionled.reporting.tables import Column

register = template.Library()


@register.filter
def report_value(value: Any, column: Column) -> str:
    """A table cell as a person reads it: thousands separated, rates with a % sign."""
    if value is None:
        return "No figure"
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return date_format(value.astimezone(LONDON), "j M Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    if column.kind == "percent":
        return f"{value:.1f}%"
    if column.kind == "mean":
        return f"{value:.2f}"
    if column.kind == "change":
        return f"{value:+.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
