"""`{% if row|allows:"action" %}`: show a button only when the row's transition table allows it."""

from django import template

register = template.Library()


@register.filter
def allows(row, action: str) -> bool:
    return type(row).TRANSITIONS.allows(action, row.status)
