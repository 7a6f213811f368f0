"""GOV.UK forms for bookings, cohorts and sessions. Domain rules stay in the services; these
forms only check that the input is well formed."""

from datetime import date, datetime, time
from typing import Any

from django import forms

from missionled.catalogue.models import Course, DeliveryMode
from missionled.cohorts.models import Booking, Cohort, Region
from missionled.cohorts.services.schedule import slot_times_configured
from missionled.core.clock import LONDON
from missionled.core.forms import GovukFormMixin
from missionled.organisations.models import Department
from missionled.scheduling.rules import clock_time

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 01/03/2027"


def slot_label(slot: str) -> str:
    """ "Morning (09:30 to 13:00)", with the times the programme is configured to run."""
    start, end = slot_times_configured().bounds(slot)  # type: ignore[arg-type]
    return f"{Cohort.Slot(slot).name.capitalize()} ({clock_time(start)} to {clock_time(end)})"


def slot_choices() -> list[tuple[str, str]]:
    return [(value, slot_label(value)) for value in Cohort.Slot.values]


class CourseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_title} ({obj.min_cohort} to {obj.max_cohort} people)"


class BookingRequestForm(GovukFormMixin, forms.Form):
    course = CourseChoiceField(
        queryset=Course.objects.filter(is_active=True),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a course", "invalid_choice": "Select a course"},
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        to_field_name="acronym",
        error_messages={"required": "Select the department the cohort is for"},
    )
    delivery_mode = forms.ChoiceField(
        choices=[
            (DeliveryMode.ONLINE, "Online"),
            (DeliveryMode.FACE_TO_FACE, "Face to face workshops (Leading it only)"),
        ],
        initial=DeliveryMode.ONLINE,
        widget=forms.RadioSelect,
        label="How the workshops are delivered",
        help_text="Action Learning Sets always meet online.",
        error_messages={"required": "Select how the workshops are delivered"},
    )
    venue_region = forms.ChoiceField(
        choices=[("", "Online: no venue"), *Region.choices],
        required=False,
        label="Region of the venue (face to face only)",
        help_text="Where the face to face workshops are held. Leave as online for online delivery.",
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    earliest_start = forms.DateField(
        label="Earliest start date",
        help_text=f"The first session will be on or after this date. {DATE_HINT}",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the earliest start date",
            "invalid": f"Enter the earliest start date as a real date. {DATE_HINT}",
        },
    )
    expected_size = forms.IntegerField(
        label="Number of places",
        help_text="How many people the cohort is for. This becomes the cohort's capacity.",
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 12",
        },
    )
    contact_name = forms.CharField(label="Contact name", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@department.gov.uk"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the team the cohort is for or dates to avoid.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["earliest_start"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})


class CoordinatorBookingRequestForm(BookingRequestForm):
    """A coordinator books for their own department only, so the form does not ask."""

    department = None  # type: ignore[assignment]


class ReasonForm(GovukFormMixin, forms.Form):
    action = "cancel"
    reason = forms.CharField(
        label="Reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter a reason for cancelling"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Each action's form has its own ids, so two on one page never clash.
        kwargs.setdefault("auto_id", f"{self.action}-%s")
        super().__init__(*args, **kwargs)


class CancelForm(ReasonForm):
    action = "cancel"


class DeclineForm(ReasonForm):
    action = "decline"
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter a reason for declining"},
    )


class SessionCancelForm(ReasonForm):
    action = "cancel-session"
    reason = forms.CharField(
        label="Reason for cancelling the session",
        help_text="The department sees this in the booking's history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter a reason for cancelling this session"},
    )


class ConfirmForm(GovukFormMixin, forms.Form):
    slot = forms.ChoiceField(
        choices=slot_choices,
        initial=Cohort.Slot.MORNING,
        widget=forms.RadioSelect,
        label="Time of day for every session",
        error_messages={"required": "Select a time of day"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "confirm-%s")
        super().__init__(*args, **kwargs)


class CapacityForm(GovukFormMixin, forms.Form):
    capacity = forms.IntegerField(
        label="Capacity",
        error_messages={
            "required": "Enter the capacity",
            "invalid": "Enter the capacity as a whole number, like 12",
        },
    )


class SessionMoveForm(GovukFormMixin, forms.Form):
    date = forms.DateField(
        label="New date",
        help_text=DATE_HINT,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the new date",
            "invalid": f"Enter the new date as a real date. {DATE_HINT}",
        },
    )
    slot = forms.ChoiceField(
        choices=slot_choices,
        widget=forms.RadioSelect,
        label="Time of day",
        error_messages={"required": "Select a time of day"},
    )

    def starts_at(self) -> datetime:
        """The chosen slot's start on the chosen day, in London time."""
        start: time = slot_times_configured().bounds(self.cleaned_data["slot"])[0]
        day: date = self.cleaned_data["date"]
        return datetime.combine(day, start, tzinfo=LONDON)


class SessionJoiningDetailsForm(GovukFormMixin, forms.Form):
    joining_details = forms.CharField(
        label="Joining details",
        help_text=(
            "For an online session, the video-call link and any passcode. For a face to face "
            "session, the venue's address and how to find the room. Only the people in the "
            "cohort, its coordinator and its facilitators see this. Leave it empty to remove it."
        ),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"max_length": "Joining details must be 2000 characters or fewer"},
    )


class BookingFilterForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Booking.Status.choices], required=False
    )
    course = forms.ModelChoiceField(
        queryset=Course.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any course",
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(),
        to_field_name="acronym",
        required=False,
        empty_label="Any department",
    )
    month = forms.DateField(
        label="Starting from month",
        required=False,
        input_formats=["%Y-%m", "%m/%Y"],
        help_text="For example, 2027-03",
        error_messages={"invalid": "Enter the month as year and month, for example 2027-03"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)


class DepartmentBookingFilterForm(BookingFilterForm):
    """A coordinator's list holds one department already."""

    department = None  # type: ignore[assignment]
