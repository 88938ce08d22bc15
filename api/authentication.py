"""Token authentication for the API: DRF's, with the user read by one plain query."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.db import RowQuery

# Every request made with a token runs this; building DRF's select_related query with the ORM
# cost more CPU than the database took to answer it. bench/sql.py (PostgreSQL 15, 2026-12-06):
# 4.1 times the CPU in Django with the ORM (832 against 201 µs a call on a loaded machine).
_USER_OF_KEY = RowQuery(
    settings.AUTH_USER_MODEL,
    """
    SELECT {fields} FROM {User} u JOIN {Token} t ON t.{Token.user} = u.{User.pk}
    WHERE t.{Token.key} = %s
    """,
    alias="u",
    tables={"User": settings.AUTH_USER_MODEL, "Token": Token},
)


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, answering unknown keys and inactive users as DRF does."""

    def authenticate_credentials(self, key):
        user = _USER_OF_KEY.get([key])
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user)
