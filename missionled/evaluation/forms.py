"""Participant forms. Fields only parse; the services check every rating, so a form with a
missing rating lists all of them and saves nothing."""

from django import forms

from missionled.core.forms import GovukFormMixin
from missionled.evaluation.models import Rating


def _rating(label: str, hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=Rating.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class FeedbackForm(GovukFormMixin, forms.Form):
    relevance = _rating("How relevant was it to your work?", "1 is not at all, 5 is very.")
    quality = _rating("How good was the delivery?", "1 is very poor, 5 is very good.")
    recommend = _rating(
        "How likely are you to recommend it to a colleague?",
        "1 is very unlikely, 5 is very likely.",
    )
    comments = forms.CharField(
        label="Anything else you want to tell us (optional)",
        help_text="Coordinators never see what you write here; the provider reads it.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SelfAssessmentForm(GovukFormMixin, forms.Form):
    collaboration = _rating("Collaboration", "1 is just starting, 5 is very confident.")
    communication = _rating("Communication", "1 is just starting, 5 is very confident.")
    stakeholder_engagement = _rating(
        "Stakeholder engagement", "1 is just starting, 5 is very confident."
    )
    accountability = _rating("Accountability", "1 is just starting, 5 is very confident.")
    experimentation = _rating("Experimentation", "1 is just starting, 5 is very confident.")


class FollowUpForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="What have you changed in practice since the course?",
        help_text="For example, how you now bring partners in, or test an idea before scaling it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
