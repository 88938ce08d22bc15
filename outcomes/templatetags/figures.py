"""How the dashboard, the public page and the PDF write a rate: never rounded up to a whole."""

import math

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rate_percent(share: float | None) -> str:
    """0.99864 → "99.8%": one decimal, rounded down, so 2,205 verified of 2,208 declared never
    reads as 100%; a whole number has no decimal (100%, 75%); None (nothing declared) is "—"."""
    if share is None:
        return "—"
    tenths = math.floor(round(share * 1000, 6))
    if tenths % 10 == 0:
        return f"{tenths // 10}%"
    return f"{number_format(tenths / 10, 1)}%"
