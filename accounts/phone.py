"""Mainland China mobile numbers: what is accepted, how it is stored (+86…), shown and masked.

People type 13812345678, 138 1234 5678, +86 138-1234-5678 or 0086 13812345678; all are the same
number, stored once in E.164 form (+8613812345678). Numbers of other countries and regions
(Hong Kong's +852, say) are refused: SMS codes are sent through mainland providers only.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = "+86"
# Mainland mobile numbers: 11 digits, 1 then 3 to 9 (MIIT's numbering plan).
_NATIONAL = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-().\u3000]")

NOT_MAINLAND = _("Only mainland China mobile numbers (+86) can be used, e.g. 13812345678.")
MALFORMED = _("Enter a mainland mobile number: 11 digits starting with 13 to 19, e.g. 13812345678.")


def normalize_phone(value: str) -> str:
    """`value` as +86 and 11 digits, or ValidationError saying what is wrong with it."""
    text = _SEPARATORS.sub("", str(value or "")).replace("＋", "+")
    # Full-width digits typed with a Chinese input method count as digits.
    text = text.translate({ord("０") + i: str(i) for i in range(10)})
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+"):
        if not text.startswith(COUNTRY_CODE):
            raise ValidationError(NOT_MAINLAND, code="not_mainland")
        text = text[len(COUNTRY_CODE) :]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _NATIONAL.fullmatch(text):
        raise ValidationError(MALFORMED, code="invalid_phone")
    return COUNTRY_CODE + text


def national(phone: str | None) -> str:
    """The 11 digits people read and dial at home (13812345678); "" for no number."""
    if not phone:
        return ""
    return phone[len(COUNTRY_CODE) :] if phone.startswith(COUNTRY_CODE) else phone


def masked(phone: str | None) -> str:
    """The number as others see it before they may have it: 138****5678."""
    digits = national(phone)
    if len(digits) != 11:
        return digits
    return f"{digits[:3]}****{digits[-4:]}"


class MainlandPhoneField(forms.CharField):
    """A form field for a mainland mobile number; cleans to +86… (allauth's phone field too)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel",
                    "placeholder": "13812345678",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return normalize_phone(value)
