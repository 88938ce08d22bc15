"""Forms of the accounts app: sign-up's own fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS, the base
of allauth's sign-up forms: so this module imports none of them, see accounts.auth_forms), the
guard on every form that sends a code, notification settings."""

from allauth.core import context
from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import services, sms
from accounts.models import SignupRole, User


class CodeRequestGuard:
    """What every form that sends an SMS code checks first (accounts.sms): the cool-down and
    the hourly limits (a clear message with the wait; nothing is sent), and an image captcha
    once this session or address has asked often.

    `phone_field` names the field holding the number (cleaned to +86…).
    """

    phone_field = "phone"

    def _guard_init(self) -> None:
        self.request: HttpRequest | None = context.request
        if sms.captcha_required(self.request):
            self.fields["captcha"] = CaptchaField(
                label=_("Type the characters in the picture"),
                help_text=_("Asked after several codes, to keep robots from sending SMS."),
                error_messages={"invalid": _("The characters do not match the picture.")},
            )

    def _guard_clean(self, phone: str | None) -> None:
        if not phone or self.errors:
            return
        refusal = sms.code_refusal(phone=phone, request=self.request)
        if refusal:
            self.retry_after = refusal.retry_after
            raise ValidationError(refusal.message, code=refusal.code)

    @property
    def cooldown_seconds(self) -> int:
        return getattr(self, "retry_after", 0)


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): name and who one is; and the
    rule that a mobile number or an e-mail address is given (a password too without a number:
    a number signs in by code)."""

    full_name = forms.CharField(label=_("Your name"), max_length=100)
    role = forms.ChoiceField(
        label=_("I am"),
        choices=SignupRole.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Association staff join through the invitation link their association sends them."
        ),
    )
    field_order = ["phone", "email", "full_name", "role", "password1", "password2"]

    def clean(self):
        cleaned_data = super().clean()
        phone, email = cleaned_data.get("phone"), cleaned_data.get("email")
        # Signing up through WeChat (a social sign-up form) needs neither.
        social = hasattr(self, "sociallogin")
        typed_wrong = self.has_error("phone") or self.has_error("email")
        if not social and "phone" in self.fields and not (phone or email or typed_wrong):
            raise ValidationError(
                _("Give your mobile number (a code is sent to it) or your e-mail address."),
                code="phone_or_email",
            )
        needs_password = not phone and email and "password1" in self.fields
        if needs_password and not cleaned_data.get("password1") and not self.has_error("password1"):
            self.add_error(
                "password1", _("Choose a password: without a mobile number, you sign in with it.")
            )
        return cleaned_data

    def signup(self, request: HttpRequest, user: User) -> None:
        services.complete_signup(
            user=user,
            full_name=self.cleaned_data["full_name"],
            role=SignupRole(self.cleaned_data["role"]),
            language=translation.get_language(),  # the one the sign-up page was read in
        )


class ProfileNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]


class SmsNotificationsForm(forms.Form):
    sms_notifications = forms.BooleanField(
        label=_(
            "Also send me by SMS: interview invitations, offers, fair reminders the day before, "
            "and interview slots moved or cancelled"
        ),
        required=False,
    )
