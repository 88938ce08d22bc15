"""The one router every app registers its viewsets on (from `api/registry.py`)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# Each app registers its viewsets here, so the API's shape is readable in one place.
from api import registry  # noqa: E402, F401
