"""Marks for tests that need a service: skipped with a reason where it is missing, except in CI.

Under CI=true a missing service is a failure, never a skip: the mark does not skip, and the test
fails for want of what it needs. CI's second run, on the embedded configuration under a shifted
clock (`.ci/run`), sets TESTS_EMBEDDED_ONLY=1: there the services are left out on purpose (the
first run covered them), so the marks skip again.
"""

import os

import pytest
from django.db import connection

EMBEDDED_ONLY = os.environ.get("TESTS_EMBEDDED_ONLY") == "1"
STRICT = os.environ.get("CI") == "true" and not EMBEDDED_ONLY


def requires_env(variable: str, reason: str) -> pytest.MarkDecorator:
    """Skip unless `variable` is set (the service's URL); never skip under CI."""
    return pytest.mark.skipif(not os.environ.get(variable) and not STRICT, reason=reason)


def requires_postgresql(reason: str) -> pytest.MarkDecorator:
    """Skip on SQLite; under CI, where the suite runs on PostgreSQL, never skip."""
    return pytest.mark.skipif(connection.vendor != "postgresql" and not STRICT, reason=reason)


requires_broker = requires_env("CELERY_BROKER_URL", "CELERY_BROKER_URL is not set (no broker)")
requires_elasticsearch = requires_env(
    "ELASTICSEARCH_URL", "ELASTICSEARCH_URL is not set: no Elasticsearch server to run against"
)


def set_celery(**values) -> None:
    """Change the Celery app's settings for a test (`task_always_eager=False`, `broker_url=...`).

    Celery reads a setting under its CELERY_-prefixed name (the Django settings it was configured
    from) before the plain one, so a test sets both.
    """
    from config.celery import app

    for key, value in values.items():
        setattr(app.conf, key, value)
        setattr(app.conf, f"CELERY_{key.upper()}", value)
