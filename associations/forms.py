"""Forms of the associations app."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _


class InvitationSignupForm(forms.Form):
    """Create the invited person's account: the address is the invitation's, so not asked."""

    full_name = forms.CharField(label=_("Your name"), max_length=100)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords do not match."))
            else:
                try:
                    validate_password(password1)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned
