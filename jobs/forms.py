"""Forms of the positions pages: they parse input; the services hold the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from associations.models import Region
from core.widgets import DistrictSelect
from jobs.models import Position, PositionReport
from jobs.services import EDITABLE_FIELDS, clean_majors, validate_position


class PositionForm(forms.ModelForm):
    majors = forms.CharField(
        label=_("Majors"),
        required=False,
        help_text=_("Separate majors with 、 or commas, e.g. 计算机科学与技术、软件工程."),
    )

    class Meta:
        model = Position
        fields = EDITABLE_FIELDS
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "district": DistrictSelect(),
        }
        help_texts = {
            "description": _("Markdown works: **bold**, lists, links. HTML is removed."),
            "salary_min": _("CNY per month; leave both salaries empty for 面议 (negotiable)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Region.objects.filter(level=Region.Level.CITY)
        self.fields["district"].queryset = Region.objects.filter(
            level=Region.Level.DISTRICT
        ).select_related("parent")
        self.fields["district"].label_from_instance = lambda r: f"{r.parent.name} · {r.name}"
        if self.instance.pk and isinstance(self.instance.majors, list):
            self.initial["majors"] = "、".join(self.instance.majors)

    def clean_majors(self):
        return clean_majors(self.cleaned_data.get("majors", ""))

    def _post_clean(self):
        # The services validate the position (salary range, district, deadline) once, for
        # pages and API alike; the form only parses. But when parsing found problems, the
        # service's rules run over the fields that did parse too, so that one submission shows
        # every problem rather than the next ones only after the first are fixed.
        if not self.errors:
            return
        parsed = {name: value for name, value in self.cleaned_data.items() if name in self.fields}
        try:
            validate_position(Position(**parsed), check_fk=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why do you report this position?"),
        choices=PositionReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("What is wrong?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the recruiter will see"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("An .xlsx or .csv file of at most 5,000 positions.")
    )
    publish = forms.TypedChoiceField(
        label=_("Import as"),
        choices=[("0", _("Drafts")), ("1", _("Published positions"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
