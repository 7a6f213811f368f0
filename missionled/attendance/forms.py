"""The roster (one set of radios per person, one submit) and the check-in code form."""

from typing import Any

from django import forms

from missionled.attendance.models import Attendance
from missionled.attendance.selectors import RosterLine
from missionled.core.clock import LONDON
from missionled.core.forms import GovukFormMixin


class RosterForm(GovukFormMixin, forms.Form):
    """A radio group per enrolled participant, named `enrolment-<id>`."""

    def __init__(self, *args: Any, roster: list[RosterLine], **kwargs: Any) -> None:
        self.roster_fields: dict[str, forms.Field] = {}
        initial = {
            f"enrolment-{line.enrolment.pk}": line.attendance.status
            for line in roster
            if line.attendance is not None
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for line in roster:
            self.fields[f"enrolment-{line.enrolment.pk}"] = forms.ChoiceField(
                label=line.enrolment.name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=_hint(line),
            )
        for name, field in self.fields.items():
            self._style(name, field)

    def marks(self) -> list[tuple[int, str]]:
        """(enrolment id, status) for everyone given a mark."""
        return [
            (int(name.removeprefix("enrolment-")), value)
            for name, value in self.cleaned_data.items()
            if value
        ]


def _hint(line: RosterLine) -> str:
    """Their adjustments, and who last marked them when (a correction keeps the history)."""
    parts = []
    if line.enrolment.reasonable_adjustments:
        parts.append(f"Adjustments: {line.enrolment.reasonable_adjustments}.")
    mark = line.attendance
    if mark is not None:
        who = "themselves" if mark.self_checked_in else (mark.marked_by or "the service")
        when = mark.marked_at.astimezone(LONDON)
        parts.append(f"Marked {mark.get_status_display().lower()} by {who} at {when:%H:%M}.")
    return " ".join(parts)


class CheckInForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Check-in code",
        max_length=12,
        help_text="The 6 letters and numbers your facilitator shows at the session.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
