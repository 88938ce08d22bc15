"""Forms of the associations app."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db import models
from django.utils.translation import gettext_lazy as _

from associations.credit_code import credit_code_errors, normalise
from associations.models import (
    ASSOCIATION_PROFILE_FIELDS,
    ENTERPRISE_PROFILE_FIELDS,
    Association,
    AssociationStaff,
    Enterprise,
    Industry,
    Region,
)
from core.widgets import DistrictSelect, searchable


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


def _formfield(field, **kwargs):
    """Model fields to form fields; web addresses typed without a scheme get https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IndustriesField(forms.MultipleChoiceField):
    """GB/T 4754 sections as check boxes; stored as a string of letters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Industry.choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Industries served"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return list(value)
        return value

    def clean(self, value):
        return "".join(sorted(set(super().clean(value))))


class AssociationForm(forms.ModelForm):
    industries = IndustriesField()

    class Meta:
        model = Association
        formfield_callback = _formfield
        fields = list(ASSOCIATION_PROFILE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class NewAssociationForm(AssociationForm):
    """What an officer fills in: the association and the address of its first administrator."""

    admin_email = forms.EmailField(
        label=_("First administrator's e-mail address"),
        help_text=_("An existing account becomes administrator at once; others get an invitation."),
    )

    class Meta(AssociationForm.Meta):
        fields = [*AssociationForm.Meta.fields, "admin_email"]


class EnterpriseForm(forms.ModelForm):
    """The enterprise profile; the credit code is asked only when registering."""

    field_order = ["name", "credit_code"]

    class Meta:
        model = Enterprise
        formfield_callback = _formfield
        fields = ["credit_code", *ENTERPRISE_PROFILE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "district": DistrictSelect()}
        help_texts = {
            "credit_code": _("18 characters, as printed on the business licence (营业执照)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["credit_code"]
        self.fields["city"].queryset = Region.objects.filter(level=Region.Level.CITY)
        self.fields["district"].queryset = Region.objects.filter(
            level=Region.Level.DISTRICT
        ).select_related("parent")
        self.fields["district"].label_from_instance = lambda r: f"{r.parent} · {r.name}"
        self.fields["city"].required = True

    def clean_credit_code(self):
        return normalise(self.cleaned_data["credit_code"])

    def profile_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "credit_code"}


class CreditCodeForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        help_text=_("18 characters, as printed on the business licence (营业执照)."),
    )

    def clean_credit_code(self):
        code = normalise(self.cleaned_data["credit_code"])
        errors = credit_code_errors(code)
        if errors:
            raise forms.ValidationError(errors)
        return code


class MembershipRequestForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects, widget=searchable(forms.Select())
    )
    reason = forms.CharField(
        label=_("Message to the association"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["association"].queryset = associations


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=AssociationStaff.Role.choices, initial="member"
    )


class RecruiterInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
