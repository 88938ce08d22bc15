"""Fixtures shared by the whole suite."""

import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test is about the broker (see tests/config/test_celery.py).

    Django's `settings` fixture does not reach the configured Celery app, so set it directly.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"


@pytest.fixture(autouse=True)
def _no_kept_desks():
    """Each process keeps check-in desks for a few seconds (fairs.services.checkin): a test
    starts and ends without any, so no desk of an earlier test's rows is believed."""
    from fairs.services.checkin import forget_desks

    forget_desks()
    yield
    forget_desks()
