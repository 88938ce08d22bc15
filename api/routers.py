"""The one router every app registers its viewsets on (from `api/registry.py`)."""

from rest_framework.routers import DefaultRouter

# A primary key in a URL: ASCII digits, short enough for any id column (a signed 64-bit integer
# holds 19 digits). Anything else ("abc", "null,null", 23 digits) matches no route: a 404, instead
# of reaching a lookup that raises on it.
ID_PATTERN = r"[0-9]{1,18}"


class Router(DefaultRouter):
    """DRF's router, with ids that are numbers unless a viewset says otherwise
    (`lookup_value_regex`)."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = getattr(viewset, "lookup_value_regex", ID_PATTERN)
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"


router = Router()

# Each app registers its viewsets here, so the API's shape is readable in one place.
from api import registry  # noqa: E402, F401
