"""Forms of the graduate's pages and the recruiters' pipeline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import Region
from candidates.models import ApplicationStatus, GraduateProfile, Source
from candidates.services import PROFILE_FIELDS
from core.params import MAX_ID, int_param


class ProfileForm(forms.ModelForm):
    expected_cities = forms.ModelMultipleChoiceField(
        label=_("Expected cities"),
        queryset=Region.objects.filter(level=Region.Level.CITY).order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = GraduateProfile
        # The mobile number is the account's (User.phone): changed with a code sent to it, on
        # the page the profile links to, never typed in here.
        fields = [*PROFILE_FIELDS[:6], "expected_cities", *PROFILE_FIELDS[6:]]
        widgets = {
            # Shanxi's universities are offered as suggestions; any other name can be typed.
            "university": forms.TextInput(attrs={"list": "universities", "autocomplete": "off"}),
            "graduation_year": forms.NumberInput(attrs={"min": 1990, "max": 2100}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "self_introduction": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "skills": _("Separate skills with commas, e.g. Python, 数据分析, CET-6."),
            "expected_salary": _("CNY per month; leave empty if open."),
        }

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class ResumeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Resume (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ApplyForm(forms.Form):
    source = forms.ChoiceField(choices=Source.choices, initial=Source.POSITION_PAGE)
    fair = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Move to"),
        choices=[
            (s.value, s.label)
            for s in (
                ApplicationStatus.INTERVIEW,
                ApplicationStatus.OFFERED,
                ApplicationStatus.REJECTED,
            )
        ],
    )
    note = forms.CharField(
        label=_("Message to the graduate"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    interview_at = forms.DateTimeField(
        label=_("Interview time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    interview_place = forms.CharField(label=_("Interview place"), required=False, max_length=200)
    interview_link = forms.URLField(
        label=_("Online interview link"), required=False, assume_scheme="https"
    )


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Private note"), widget=forms.Textarea(attrs={"rows": 2}))


class BulkRejectForm(forms.Form):
    """The checked applications come as `applications` ids, read by the view."""

    message = forms.CharField(
        label=_("Message to the graduates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def application_ids(self) -> list[int]:
        ids = (int_param(x) for x in self.data.getlist("applications"))
        return [pk for pk in ids if pk is not None]


class MatchingPreferencesForm(forms.ModelForm):
    """The graduate's two switches (推荐职位日报, 人才推荐), each explained where it is set."""

    class Meta:
        model = GraduateProfile
        fields = ["discoverable", "daily_digest"]
        help_texts = {
            "discoverable": _(
                "Recruiters of verified enterprises with a position that fits you see your "
                "surname, university, major, degree, graduation year, skills and expected cities, "
                "and may invite you to apply. They see neither your full name, phone number, "
                "e-mail address nor resume unless you apply or accept an invitation. Turn it off "
                "at any time, for instance once you have found a job."
            ),
            "daily_digest": _(
                "At most one e-mail a day, only when new positions fit your profile."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.instance, "user", None)
        if user is not None and not user.email:
            # Signed up with a mobile number: the digest is an e-mail, so say what it needs.
            self.fields["daily_digest"].help_text = _(
                "At most one e-mail a day, only when new positions fit your profile. Your "
                "account has no e-mail address yet: add one under E-mail addresses in your "
                "account settings to receive it."
            )


class InviteForm(forms.Form):
    graduate = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the graduate"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)
