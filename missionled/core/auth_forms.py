from django import forms
from django.contrib.auth.forms import AuthenticationForm

from missionled.core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Email and password, with GOV.UK error messages."""

    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off. Ask your provider admin.",
    }
