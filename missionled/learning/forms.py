"""GOV.UK forms for sets, challenges and reflections. Rules stay in the services; these forms
only check the input is well formed."""

import copy
from typing import Any

from django import forms

from missionled.cohorts.models import Session
from missionled.core.forms import GovukFormMixin
from missionled.enrolments.models import Enrolment
from missionled.learning.models import StakeholderEntry
from missionled.missions.models import Milestone, Mission

PAIR_LINE = "Write each pair on its own line as two email addresses separated by a comma: {line}"
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"]


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 2 or not all("@" in p for p in parts):
            raise forms.ValidationError(PAIR_LINE.format(line=line))
        pairs.append((parts[0], parts[1]))
    return pairs


class SetsFormForm(GovukFormMixin, forms.Form):
    keep_apart = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="People to keep apart",
        help_text="One pair per line, for example: a.manager@dfe.gov.uk, their.report@dfe.gov.uk",
    )
    keep_together = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="People to keep together",
        help_text="One pair per line, two email addresses separated by a comma.",
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=2_147_483_647,
        initial=0,
        label="Seed",
        help_text="The same people, requests and seed always give the same sets.",
    )

    def clean_keep_apart(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["keep_apart"])

    def clean_keep_together(self) -> list[tuple[str, str]]:
        return _pairs(self.cleaned_data["keep_together"])


class MilestoneChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.mission.short_name}: {obj.name}"


class ChallengeForm(GovukFormMixin, forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title"})
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), label="Describe the challenge"
    )
    mission = forms.ModelChoiceField(
        queryset=Mission.objects.filter(retired=False),
        to_field_name="slug",
        label="The mission it serves",
        error_messages={"required": "Select the mission your challenge serves"},
    )
    milestone = MilestoneChoiceField(
        queryset=Milestone.objects.filter(retired_at__isnull=True, mission__retired=False)
        .select_related("mission")
        .order_by("mission__order", "order"),
        to_field_name="slug",
        required=False,
        label="The milestone it serves (optional)",
        help_text="Choose a milestone of the mission you chose.",
    )
    stakeholders = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Stakeholders"
    )
    what_i_will_try = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What I will try"
    )
    shared_with_set = forms.BooleanField(
        required=False,
        label="Share my challenge with my set",
        help_text="Your set adviser and set members will see it. Nobody else will.",
    )


class StakeholderForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        max_length=200, label="Name or role", error_messages={"required": "Enter a name or role"}
    )
    power = forms.ChoiceField(
        choices=StakeholderEntry.Level.choices,
        widget=forms.RadioSelect,
        label="Their power over the challenge",
        error_messages={"required": "Select low or high power"},
    )
    interest = forms.ChoiceField(
        choices=StakeholderEntry.Level.choices,
        widget=forms.RadioSelect,
        label="Their interest in the challenge",
        error_messages={"required": "Select low or high interest"},
    )
    engagement = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="How I will engage them"
    )


class ExperimentForm(GovukFormMixin, forms.Form):
    hypothesis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter your hypothesis"},
    )
    what_was_tried = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What I tried"
    )
    measure = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="How I measured it"
    )
    result = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What next"
    )
    tried_on = forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        label="When (optional)",
        help_text="For example, 01/05/2027",
        error_messages={"invalid": "Enter a real date, for example 01/05/2027"},
    )


class SessionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}, {obj.starts_at:%-d %B %Y}"


class ReflectionForm(GovukFormMixin, forms.Form):
    session = SessionChoiceField(
        queryset=Session.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which set meeting",
        error_messages={"required": "Select the set meeting"},
    )
    what_happened = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what happened"},
    )
    what_i_learned = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), label="What I learned"
    )
    what_i_will_do = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What I will do before the next meeting",
    )
    shared_with_set = forms.BooleanField(
        required=False,
        label="Share this reflection with my set",
        help_text="Your set adviser and set members will see it. Nobody else will.",
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        # The choices are set before the mixin styles the fields, which validates the form.
        self.base_fields = copy.deepcopy(type(self).base_fields)  # type: ignore[misc]
        self.base_fields["session"].queryset = sessions  # type: ignore[attr-defined]
        super().__init__(*args, **kwargs)


class MemberChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PresentersForm(GovukFormMixin, forms.Form):
    """One group of checkboxes per set meeting: who presents at it."""

    def __init__(self, *args: Any, sessions: list[Session], members: Any, **kwargs: Any) -> None:
        # The fields are declared before the mixin styles them, which validates the form.
        self.base_fields = {  # type: ignore[misc]
            f"meeting_{session.pk}": MemberChoiceField(
                queryset=members,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=f"{session.title}, {session.starts_at:%-d %B %Y}",
            )
            for session in sessions
        }
        self.sessions = sessions
        super().__init__(*args, **kwargs)

    def rota(self) -> list[list[int]]:
        return [[e.pk for e in self.cleaned_data[f"meeting_{s.pk}"]] for s in self.sessions]


def enrolment_queryset(pks: list[int]) -> Any:
    return Enrolment.objects.filter(pk__in=pks).order_by("name")
