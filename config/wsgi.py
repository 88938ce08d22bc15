"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Import the URLconf, and with it every view module, now: otherwise each worker pays for it on
# its first request (about a second here). Under `gunicorn --preload` the workers share it.
get_resolver().url_patterns  # noqa: B018
