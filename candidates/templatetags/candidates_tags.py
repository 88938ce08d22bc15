"""Template tags of the candidates app: the header's unread-notification count, masked names."""

from django import template

from candidates.selectors import unread_count
from candidates.talent import masked_name

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return unread_count(user)


@register.filter
def masked_graduate(full_name: str) -> str:
    """A graduate's name as a recruiter sees it before an application: 李同学."""
    return masked_name(full_name)
