from decimal import Decimal

from django import template

from missionled.missions.selectors import number_format

register = template.Library()


@register.filter
def missions_number(value: Decimal | float | None) -> str:
    """275600.0000 → "275,600"."""
    return number_format(value)
