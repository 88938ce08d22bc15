"""Template tags of the candidates app: the unread-notification count in the header."""

from django import template

from candidates.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return unread_count(user)
