"""Punctuation between a label and its value as each language writes it: 状态：已投递, Status: sent

Chinese uses full-width marks with no space (：（）); English a colon and a space. Templates write
`{% translate "Status" %}{% colon %}{{ value }}` rather than a colon typed after the label.
"""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    """The colon that ends a label: "：" in Chinese, ": " in English."""
    return pgettext("label punctuation", ": ")


@register.simple_tag
def in_brackets(n) -> str:
    """A count or a note after a label: "全部（12）" in Chinese, "All (12)" in English."""
    return pgettext("label punctuation", " (%(n)s)") % {"n": n}
