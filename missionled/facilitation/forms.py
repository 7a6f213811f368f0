"""GOV.UK forms for planning and facilitator profiles."""

from typing import Any

from django import forms

from missionled.catalogue.models import Course
from missionled.core.forms import GovukFormMixin
from missionled.facilitation.models import REGIONS

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 01/03/2027"


def _date(label: str, required: bool, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=f"{help_text} {DATE_HINT}".strip(),
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date. {DATE_HINT}",
        },
    )


class PlanForm(GovukFormMixin, forms.Form):
    date_from = _date("First day", False, "Leave blank to start today.")
    date_to = _date("Last day", False, "Leave blank to plan 26 weeks.")
    dry_run = forms.BooleanField(
        label="Dry run: show the plan without saving it", required=False, initial=True
    )


class UnavailabilityForm(GovukFormMixin, forms.Form):
    starts_on = _date("First day away", True, "")
    ends_on = _date("Last day away", True, "The same as the first day for a single day.")
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="Only the provider sees this. For example, annual leave.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day away must be on or after the first day away")
        return data


class ProfileForm(GovukFormMixin, forms.Form):
    courses = forms.ModelMultipleChoiceField(
        label="Courses they may deliver",
        queryset=Course.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    may_advise_sets = forms.BooleanField(label="May advise Action Learning Sets", required=False)
    regions = forms.MultipleChoiceField(
        label="Regions where they deliver face to face",
        choices=[(r, r) for r in REGIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    max_per_week = forms.IntegerField(label="Most sessions in a week", min_value=1, max_value=10)
    max_per_month = forms.IntegerField(label="Most sessions in a month", min_value=1, max_value=40)
    preferred_load = forms.IntegerField(
        label="Preferred sessions a month (optional)",
        required=False,
        min_value=0,
        max_value=40,
        help_text="Leave blank to share the work evenly.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        week, month = data.get("max_per_week"), data.get("max_per_month")
        if week and month and month < week:
            self.add_error("max_per_month", "The monthly limit must be at least the weekly limit")
        return data
