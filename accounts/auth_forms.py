"""allauth's forms as Jinpin uses them (ACCOUNT_FORMS): every form that sends an SMS code is
guarded (accounts.forms.CodeRequestGuard), and sign-up explains what is optional."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import CodeRequestGuard


class RequestLoginCodeForm(CodeRequestGuard, allauth_forms.RequestLoginCodeForm):
    """allauth's "send me a code" form, guarded."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._guard_init()

    def clean(self):
        cleaned_data = super().clean()
        self._guard_clean(cleaned_data.get("phone"))
        return cleaned_data


class ChangePhoneForm(CodeRequestGuard, allauth_forms.ChangePhoneForm):
    """allauth's form to add or change a signed-in account's number: a code goes to the new
    number, and only entering it changes anything."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._guard_init()

    def clean(self):
        cleaned_data = super().clean()
        self._guard_clean(cleaned_data.get("phone"))
        return cleaned_data


class AccountSignupForm(CodeRequestGuard, allauth_forms.SignupForm):
    """Sign-up by mobile number (a code follows) or by e-mail address and password."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        if "phone" in fields:
            fields["phone"].label = _("Mobile number")
            fields["phone"].help_text = _(
                "A code is sent to it by SMS. With a number, e-mail and password are optional."
            )
        if "email" in fields and not fields["email"].required:
            fields["email"].label = _("E-mail address (optional with a mobile number)")
        if "password1" in fields and not fields["password1"].required:
            fields["password1"].label = _("Password (optional with a mobile number)")
        self._guard_init()

    def clean(self):
        cleaned_data = super().clean()
        # A number that has an account gets no code but a "you have an account" SMS, limited
        # alike: the answer is the same either way.
        self._guard_clean(cleaned_data.get("phone"))
        return cleaned_data
