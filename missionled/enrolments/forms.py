"""GOV.UK forms for naming participants. The services hold the rules; these forms only check
that the input is well formed."""

from collections.abc import Collection
from typing import Any

from django import forms

from missionled.cohorts.models import Session
from missionled.core.clock import LONDON
from missionled.core.forms import GovukFormMixin
from missionled.enrolments.services.csv_rows import MAX_BYTES
from missionled.organisations.models import Grade, Profession

EMAIL_HINT = "For example, name@department.gov.uk"


class GradeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class EnrolmentForm(GovukFormMixin, forms.Form):
    """One participant. Provider admins also see the eligibility override."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the participant's full name"},
    )
    email = forms.EmailField(
        label="Work email address",
        help_text=EMAIL_HINT,
        error_messages={
            "required": "Enter the participant's work email address",
            "invalid": f"Enter an email address in the correct format. {EMAIL_HINT}",
        },
    )
    grade = GradeChoiceField(
        queryset=Grade.objects.order_by("order"),
        to_field_name="code",
        help_text="The programme is for Grade 7 to Director (G7, G6, SCS1, SCS2).",
        error_messages={"required": "Select the participant's grade"},
    )
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(),
        required=False,
        label="Profession (optional)",
        empty_label="Not given",
    )
    team = forms.CharField(label="Team (optional)", max_length=200, required=False)
    override_reason = forms.CharField(
        label="Reason to admit someone outside the eligible grades (optional)",
        help_text="Only the provider can admit other grades. The reason is recorded.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, may_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_reason"]


class EnrolmentAddForm(EnrolmentForm):
    line_manager_email = forms.EmailField(
        label="Line manager's email address (optional)",
        help_text="They are told about the booking.",
        required=False,
        error_messages={"invalid": f"Enter an email address in the correct format. {EMAIL_HINT}"},
    )


class EnrolmentUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "The first line must be name,email,grade,profession (team is optional). Grades may "
            "be codes like G7 or names like Grade 7. At most 1 MB and 5,000 people."
        ),
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def file_bytes(self) -> bytes:
        """The upload, read only as far as one byte past the size limit."""
        upload = self.cleaned_data["file"]
        return bytes(upload.read(MAX_BYTES + 1))


class EnrolmentDetailsForm(GovukFormMixin, forms.Form):
    reasonable_adjustments = forms.CharField(
        label="Reasonable adjustments (optional)",
        help_text=(
            "Anything that helps you take part, such as captions or step-free access. Only the "
            "provider and your facilitators see this."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    line_manager_email = forms.EmailField(
        label="Your line manager's email address (optional)",
        help_text="They are told about your place.",
        required=False,
        error_messages={"invalid": f"Enter an email address in the correct format. {EMAIL_HINT}"},
    )


class WithdrawForm(GovukFormMixin, forms.Form):
    """A confirmation: nothing to fill in."""


class CatchUpForm(GovukFormMixin, forms.Form):
    """A choice among the sessions this participant may catch up on. The field is made after
    the mixin has styled the declared ones, as its choices depend on the participant.

    Sessions in `full` are offered labelled as full: a submitted form offers them so that a
    session which filled after the page was shown is refused by the service, whose message
    names it, rather than by the field as "not one of the available choices"."""

    def __init__(
        self, *args: Any, sessions: list[Session], full: Collection[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"] = forms.TypedChoiceField(
            label="Which session will they catch up on?",
            coerce=int,
            choices=[
                (session.pk, _session_label(session, full=session.pk in full))
                for session in sessions
            ],
            widget=forms.RadioSelect,
            help_text="Sessions of the same course in other cohorts that have places left.",
            error_messages={"required": "Select the session they will catch up on"},
        )
        self._style("session", self.fields["session"])


def _session_label(session: Session, *, full: bool = False) -> str:
    starts = session.starts_at.astimezone(LONDON)
    ends = session.ends_at.astimezone(LONDON)
    where = session.get_delivery_mode_display().lower()
    label = (
        f"{session.title}: {starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M} to "
        f"{ends:%H:%M}, {where}, with the cohort for {session.cohort.department.name}"
    )
    return f"{label} (no places left)" if full else label
