"""The filters every report takes from the URL: a date range, a course and a department."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q

from missionled.catalogue.models import Course
from missionled.core.forms import GovukFormMixin
from missionled.organisations.models import Department

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


@dataclass(frozen=True)
class ReportFilters:
    """Which bookings a report counts. Dates compare with the booking's earliest start, so a
    cohort, its sessions, people and feedback all fall in the range their booking does."""

    date_from: date | None = None
    date_to: date | None = None
    course: Course | None = None
    department: Department | None = None

    def q(self, prefix: str = "") -> Q:
        """The filter as a Q over the booking reached through `prefix` ("cohort__booking__")."""
        q = Q()
        if self.date_from:
            q &= Q(**{f"{prefix}earliest_start__gte": self.date_from})
        if self.date_to:
            q &= Q(**{f"{prefix}earliest_start__lte": self.date_to})
        if self.course:
            q &= Q(**{f"{prefix}course": self.course})
        if self.department:
            q &= Q(**{f"{prefix}department": self.department})
        return q


class ReportFilterForm(GovukFormMixin, forms.Form):
    date_from = forms.DateField(
        label="Starting from",
        help_text="Bookings whose earliest start is on or after this date, like 2027-01-31.",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real date for 'starting from', like 2027-01-31."},
    )
    date_to = forms.DateField(
        label="Starting up to",
        help_text="On or before this date, like 2027-12-31.",
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Enter a real date for 'starting up to', like 2027-12-31."},
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=Course.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All courses",
    )
    department = forms.ModelChoiceField(
        label="Department",
        queryset=Department.objects.all(),
        to_field_name="acronym",
        required=False,
        empty_label="All departments",
    )

    def __init__(self, *args: Any, fixed_department: Department | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fixed_department = fixed_department
        if fixed_department is not None:
            # A coordinator's reports are always their own department's: the choice is removed.
            del self.fields["department"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", "'Starting up to' must be the same as or after 'starting from'."
            )
        return data

    def filters(self) -> ReportFilters:
        """The valid filters; a field that did not parse is left out rather than guessed."""
        data = self.cleaned_data if self.is_bound else {}
        errors = self.errors if self.is_bound else {}
        value = {name: data.get(name) for name in ["date_from", "date_to", "course", "department"]}
        for name in errors:
            value[name] = None
        if self.fixed_department is not None:
            value["department"] = self.fixed_department
        return ReportFilters(**value)
