"""Forms of the outcomes pages: the period picker, reasons, the contract upload, freezing, and
the recruiter's hire form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Industry, Region
from fairs.models import Campaign
from jobs.limits import MAX_MONTHLY_SALARY
from outcomes.models import ContractType


class PeriodForm(forms.Form):
    """The dashboard's period picker and filters (the names of `Scope.from_params`)."""

    campaign_id = forms.ModelChoiceField(
        Campaign.objects.all(), required=False, label=_("Campaign"), empty_label=_("All")
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    association_id = forms.ModelChoiceField(
        Association.objects.all(), required=False, label=_("Association"), empty_label=_("All")
    )
    city_id = forms.ModelChoiceField(
        Region.objects.filter(level=Region.Level.CITY),
        required=False,
        label=_("City"),
        empty_label=_("All"),
    )
    industry = forms.ChoiceField(
        choices=[("", _("All")), *Industry.choices], required=False, label=_("Industry")
    )
    university = forms.CharField(required=False, label=_("University"), max_length=100)

    def __init__(self, *args, officer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not officer:
            del self.fields["association_id"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractForm(forms.Form):
    contract = forms.FileField(label=_("Signed contract or agreement (PDF)"))


class FreezeForm(forms.Form):
    campaign = forms.ModelChoiceField(Campaign.objects.all(), label=_("Campaign"))
    cut_off = forms.DateField(
        label=_("Cut-off date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class HireForm(forms.Form):
    """The recruiter records a hire (`outcomes.services.record_hire`)."""

    hire_date = forms.DateField(
        label=_("Hire date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=[("", "—"), *ContractType.choices]
    )
    monthly_salary = forms.IntegerField(
        label=_("Monthly salary"), required=False, min_value=0, max_value=MAX_MONTHLY_SALARY
    )
    note = forms.CharField(
        label=_("Message to the graduate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
