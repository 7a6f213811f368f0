"""GOV.UK Design System markup for Django forms: the form declares the layout, views stay thin."""

from typing import Any

from django import forms

from missionled.core.errors import DomainError

_WIDGET_CLASSES = {
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-4",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.DateTimeInput: "govuk-input govuk-input--width-20",
    forms.PasswordInput: "govuk-input govuk-input--width-20",
    forms.URLInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Adds GOV.UK classes and aria-describedby to every widget, and turns service errors
    into form errors so the error summary lists them."""

    fields: dict[str, forms.Field]
    template_name = "core/includes/form_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self._style(name, field)

    def _style(self, name: str, field: forms.Field) -> None:
        widget = field.widget
        for widget_class, css in _WIDGET_CLASSES.items():
            if type(widget) is widget_class:
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
        bound = self[name]  # type: ignore[index]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-hint")
        if self.errors.get(name):  # type: ignore[attr-defined]
            described.append(f"{bound.auto_id}-error")
            base = widget.attrs.get("class", "govuk-input").split()[0]
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {base}--error".strip()
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)

    def add_domain_error(self, error: DomainError) -> None:
        """Attach a service error to the fields it names, or to the form as a whole."""
        placed = False
        for name, messages in error.fields.items():
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)  # type: ignore[attr-defined]
                placed = True
        if not placed:
            self.add_error(None, error.message)  # type: ignore[attr-defined]
