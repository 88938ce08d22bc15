"""Template helpers of the positions pages: safe Markdown and salary display."""

from django import template
from django.utils.translation import gettext as _

from jobs.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """Render a user's Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def salary(position) -> str:
    """The monthly salary range in CNY, or 面议 (negotiable)."""
    low, high = position.salary_min, position.salary_max
    if low is None and high is None:
        return _("Negotiable")
    if low is not None and high is not None:
        return _("%(low)s–%(high)s CNY/month") % {"low": low, "high": high}
    if low is not None:
        return _("From %(low)s CNY/month") % {"low": low}
    return _("Up to %(high)s CNY/month") % {"high": high}


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, 0)
