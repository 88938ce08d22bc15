"""Template tags of the candidates app: the unread-notification count in the header, masked
names, and, for the pages of the layers below (jobs, associations), the visitor's own application
on a position's page and an enterprise's responsiveness."""

from django import template

from candidates.selectors import application_to_position, responsiveness_of, unread_count
from candidates.talent import masked_name

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return unread_count(user)


@register.simple_tag(takes_context=True)
def own_application(context, position):
    """`{% own_application position as application %}`: the visitor's application to the position,
    so the page links to it instead of offering to apply twice; one query, none for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return application_to_position(user_id=user.pk, position_id=position.pk)


@register.simple_tag
def enterprise_responsiveness(enterprise_id):
    """`{% enterprise_responsiveness enterprise.pk as r %}`: how the enterprise answers its
    applicants (candidates.selectors.Responsiveness), None when it has too few applications to
    judge; render it with `candidates/_responsiveness.html`. One query."""
    return responsiveness_of([enterprise_id]).get(enterprise_id)


@register.filter
def masked_graduate(full_name: str) -> str:
    """A graduate's name as a recruiter sees it before an application: 李同学."""
    return masked_name(full_name)
