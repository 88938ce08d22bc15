"""Forms of the accounts app."""

from django import forms
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import SignupRole, User


class SignupForm(forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): name and who one is."""

    full_name = forms.CharField(label=_("Your name"), max_length=100)
    role = forms.ChoiceField(
        label=_("I am"),
        choices=SignupRole.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Association staff join through the invitation link their association sends them."
        ),
    )
    field_order = ["email", "full_name", "role", "password1", "password2"]

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
