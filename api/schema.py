"""The OpenAPI schema describes the errors too: every operation lists the answers a client can get.

drf-spectacular documents the success of an operation; the error statuses come from a few places
every operation shares (authentication, permissions, lookups, validation, throttles), so they are
added here, once: 400 where the operation takes input, 401 and 403 always (a bad or missing token,
a caller without the right), 404 always (a missing object, or one not yours, and list endpoints
of a role the caller does not have), 429 where a throttle applies. Their bodies are JSON:
`{"detail": "..."}`, or for 400 an object of messages by field.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error: what went wrong, in the caller's language."""

    detail = serializers.CharField()


ERRORS = {
    # Messages by field ("non_field_errors" or "detail" for the request as a whole).
    "400": ("Invalid input: messages by field.", OpenApiTypes.OBJECT),
    "401": ("Not authenticated, or an invalid token.", ErrorSerializer),
    "403": ("Authenticated, but not allowed to do this.", ErrorSerializer),
    "404": ("Not found (or not yours to see).", ErrorSerializer),
    "429": ("Too many requests: wait and try again.", ErrorSerializer),
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                description, serializer = ERRORS[code]
                response = OpenApiResponse(response=serializer, description=description)
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["401", "403", "404"]
        if self.method in {"POST", "PUT", "PATCH", "DELETE"} or self._params():
            codes.append("400")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _params(self) -> bool:
        """Whether the operation reads query parameters (they can be malformed)."""
        return any(parameter["in"] == "query" for parameter in self._get_parameters())

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema.get("format") in {"uri", "email"} and _may_be_blank(field):
            # An optional link or address is answered as "" when not given, which no
            # "uri" or "email" is: say so, instead of promising a format it can't keep.
            schema = {key: value for key, value in schema.items() if key != "format"}
            schema["description"] = (
                f"{schema.get('description', '')} A {field.__class__.__name__[:-5].lower()}, "
                "or empty when not given."
            ).strip()
        return schema

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if schema.get("format") in {"uri", "email"} and _may_be_blank(field):
            del schema["format"]  # the validators put it back: "" is no uri either


def _may_be_blank(field) -> bool:
    """Whether a serializer field can read or write "" (its model field allows blank)."""
    if getattr(field, "allow_blank", False):
        return True
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:  # a method or a property
        return False
