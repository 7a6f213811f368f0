from django import template

from missionled.cohorts import forms

register = template.Library()

STATUS_TAG_CLASSES = {
    "requested": "govuk-tag--blue",
    "confirmed": "govuk-tag--green",
    "in_delivery": "govuk-tag--turquoise",
    "completed": "govuk-tag--grey",
    "cancelled": "govuk-tag--red",
    "declined": "govuk-tag--orange",
    "scheduled": "govuk-tag--green",
}


@register.filter
def status_tag_class(status: str) -> str:
    """The GOV.UK tag colour for a booking or session status."""
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def slot_label(slot: str) -> str:
    """The slot with the times it is configured to run: "Morning (09:30 to 13:00)"."""
    return forms.slot_label(slot)
