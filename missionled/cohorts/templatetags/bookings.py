from django import template

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
