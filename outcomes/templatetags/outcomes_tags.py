"""Template tags of outcomes for pages of the layers below: the pipeline's hire form."""

from django import template

from outcomes.forms import HireForm

register = template.Library()


@register.inclusion_tag("outcomes/_hire_form.html", takes_context=True)
def hire_form(context, application) -> dict:
    """`{% hire_form application %}`: the form that records the application's hire (candidates'
    pipeline page shows it; candidates sits below outcomes and does not import it)."""
    return {"application": application, "form": HireForm(), "csrf_token": context.get("csrf_token")}
