"""`{% fair_plan fair as plan %}`: the visitor's plan of a fair (candidates.fair_plan), for the
ticket page and the printable plan of fairs, which sits below candidates and asks here."""

from django import template

from candidates.fair_plan import fair_plan as build_plan

register = template.Library()


@register.simple_tag(takes_context=True)
def fair_plan(context, fair) -> list:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return build_plan(getattr(user, "graduate_profile", None), fair)
