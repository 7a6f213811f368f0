from django import forms

from missionled.core.forms import GovukFormMixin
from missionled.missions.models import OwnerAssessment

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y"]


class ProgressPointForm(GovukFormMixin, forms.Form):
    """A published figure for a milestone. The service checks the values; the form only
    parses them, so pages and the API give the same messages."""

    value = forms.CharField(
        label="Figure",
        help_text="The number as published, like 61.5 or 275600.",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    date = forms.DateField(
        label="Date the figure describes",
        help_text="For example, 2026-03-31 or 31/03/2026.",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter a real date, like 2026-03-31 or 31/03/2026."},
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
    )
    source_url = forms.CharField(
        label="Web address of the published source",
        help_text="Starting https://, like the statistics release on GOV.UK.",
        max_length=600,
        required=False,
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, that the figure is provisional or revises an earlier one.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OwnerAssessmentForm(GovukFormMixin, forms.Form):
    """The milestone owner's own rating for a quarter; the service checks the values."""

    quarter = forms.CharField(
        label="Quarter",
        help_text="For example, 2026-Q3.",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    rating = forms.ChoiceField(
        label="The owner's rating",
        choices=OwnerAssessment.Rating.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label="Narrative",
        help_text="A few sentences on why, in the owner's words.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
