"""Forms of the fairs pages: they parse input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Industry, Region
from core.widgets import searchable
from fairs.models import Campaign, Fair
from fairs.services import CAMPAIGN_FIELDS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class FairFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Fair.Kind.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *Fair.Format.choices]
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        required=False,
        queryset=Region.objects.filter(level=Region.Level.CITY),
        empty_label=_("All cities"),
    )
    university = forms.CharField(label=_("University"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    past = forms.BooleanField(label=_("Include past fairs"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "kind": data["kind"],
            "format": data["format"],
            "city": data["city"].pk if data["city"] else None,
            "university": data["university"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "include_past": data["past"],
        }


class FairForm(forms.ModelForm):
    industries = forms.MultipleChoiceField(
        label=_("Industries"), required=False, choices=Industry.choices
    )
    eligible_graduation_years = forms.CharField(
        label=_("Eligible graduation years"),
        required=False,
        help_text=_("Comma-separated, e.g. 2025, 2026. Empty: any year."),
    )
    eligible_majors = forms.CharField(
        label=_("Eligible majors"),
        required=False,
        help_text=_("Comma-separated keywords, e.g. 计算机, 软件. Empty: any major."),
    )
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"),
        required=False,
        queryset=Association.objects.all(),
        widget=searchable(forms.SelectMultiple()),
    )

    class Meta:
        model = Fair
        fields = [
            "title",
            "kind",
            "format",
            "host_university",
            "venue",
            "room",
            "city",
            "starts_at",
            "ends_at",
            "enterprise_registration_opens",
            "enterprise_registration_closes",
            "graduate_registration_opens",
            "graduate_registration_closes",
            "booth_capacity",
            "venue_capacity",
            "industries",
            "description",
            "poster",
            "presenting_enterprise",
            "campaign",
        ]
        widgets = {
            "presenting_enterprise": searchable(forms.Select()),
        } | {
            name: DateTimeInput()
            for name in (
                "starts_at",
                "ends_at",
                "enterprise_registration_opens",
                "enterprise_registration_closes",
                "graduate_registration_opens",
                "graduate_registration_closes",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["eligible_graduation_years"] = ", ".join(
                str(y) for y in self.instance.eligible_graduation_years
            )
            self.initial["eligible_majors"] = ", ".join(self.instance.eligible_majors)
            self.initial["co_organisers"] = list(self.instance.co_organisers.all())

    def _post_clean(self):
        # The instance is not built here: services.create_fair/update_fair validate and save,
        # with field-specific messages, instead of the model's generic constraint errors.
        pass

    def clean_eligible_graduation_years(self) -> list[int]:
        raw = self.cleaned_data["eligible_graduation_years"].replace("，", ",")
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise ValidationError(_("Enter years as numbers, e.g. 2025, 2026.")) from None

    def clean_eligible_majors(self) -> list[str]:
        raw = self.cleaned_data["eligible_majors"].replace("，", ",").replace("、", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("co_organisers", None)
        if not data.get("poster"):
            data.pop("poster", None)
        return data


class CampaignForm(forms.ModelForm):
    """Name, dates, hire window and targets of a campaign; services.*_campaign decide."""

    class Meta:
        model = Campaign
        fields = list(CAMPAIGN_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def _post_clean(self):
        # As FairForm: the services validate and save, with field-specific messages.
        pass


class CancelFairForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("booth", _("Assign booth")),
        ("present", _("Mark present")),
        ("absent", _("Undo present")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    booth_number = forms.CharField(label=_("Booth"), required=False, max_length=20)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
    )


class ParticipationForm(forms.Form):
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions you bring"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    booth_preferences = forms.CharField(
        label=_("Booth preferences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Campus fairs: location, power, extra tables…"),
    )
    live_room_url = forms.URLField(
        label=_("Live-room link"),
        required=False,
        assume_scheme="https",
        help_text=_("Cloud fairs: your live stream."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = positions


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    minutes = forms.IntegerField(label=_("Length (minutes)"), initial=20, min_value=1)
    link = forms.URLField(label=_("Video link"), assume_scheme="https")


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Ticket code"), max_length=200)


class LeadForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, "★" * i) for i in range(1, 6)],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = forms.ModelChoiceField(
        label=_("Propose a position (the graduate confirms)"), required=False, queryset=None
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions


class KioskForm(forms.Form):
    name = forms.CharField(
        label=_("Door"),
        max_length=40,
        help_text=_("Where the tablet stands, e.g. 东门 or North entrance."),
    )


class ArrivalSlotForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Arrive from"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Arrive until"), widget=DateTimeInput())
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1_000_000)


class SlotPlacesForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1_000_000)


class RegisterForm(forms.Form):
    """A graduate's registration: the arrival slot (at a fair that has them) and whether to join
    that slot's waiting list when it is full."""

    entry_window = forms.IntegerField(required=False, min_value=1)
    waitlist = forms.BooleanField(required=False)
