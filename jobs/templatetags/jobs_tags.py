"""Template helpers of the positions pages: safe Markdown and salary display."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jobs.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render a user's Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def salary(position) -> str:
    """The monthly salary range in CNY, the one way every page and PDF shows it.

    5000–8000 元/月 / CNY 5,000–8,000 a month; 5000 元/月起 / from CNY 5,000 a month;
    最高 8000 元/月 / up to CNY 8,000 a month; 面议 / Negotiable. Numbers are grouped as the
    language groups them.
    """
    low, high = position.salary_min, position.salary_max
    if low is None and high is None:
        return _("Negotiable")
    amounts = {"low": _amount(low), "high": _amount(high)}
    if low is not None and high is not None:
        return _("CNY %(low)s–%(high)s a month") % amounts
    if low is not None:
        return _("from CNY %(low)s a month") % amounts
    return _("up to CNY %(high)s a month") % amounts


def _amount(value: int | None) -> str:
    return "" if value is None else number_format(value, force_grouping=True)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, 0)
