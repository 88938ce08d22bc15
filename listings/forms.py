"""The related-terms form of department officers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.models import RelatedTerms


class RelatedTermsForm(forms.ModelForm):
    class Meta:
        model = RelatedTerms
        fields = ["words", "targets", "active", "note"]
        widgets = {"words": forms.TextInput(), "targets": forms.TextInput()}
        labels = {"targets": _("Also finds (one way)")}


class TermsFilterForm(forms.Form):
    q = forms.CharField(label=_("Find a word"), required=False, max_length=40)
