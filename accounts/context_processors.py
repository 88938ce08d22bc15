"""Template context: the current user's roles, for role-aware navigation."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.roles import roles_for


def roles(request: HttpRequest) -> dict:
    return {"roles": SimpleLazyObject(lambda: roles_for(getattr(request, "user", None)))}
