"""Forms of fair feedback: stars and a short comment; enterprises also rate the candidates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import COMMENT_MAX_LENGTH

STAR_CHOICES = [(str(n), "★" * n) for n in range(5, 0, -1)]


class AnswerForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating"), choices=STAR_CHOICES, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Plain text, at most %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH},
    )


class EnterpriseAnswerForm(AnswerForm):
    candidates_rating = forms.ChoiceField(
        label=_("Quality of the candidates you met"),
        choices=STAR_CHOICES,
        widget=forms.RadioSelect,
    )
    field_order = ["rating", "candidates_rating", "comment"]
