"""Fixtures shared by the whole suite."""

import os

import pytest

from config.celery import app as celery_app
from tests.services import set_celery


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    settings.SECURE_SSL_REDIRECT = False
    # Pages render from the rows each test wrote (tests/fairs/test_fair_page_cache.py turns the
    # kept fragments on and tests them).
    settings.FAIR_PAGE_CACHE_SECONDS = 0


@pytest.fixture(scope="session", autouse=True)
def _own_broker_database(worker_id):
    """Each pytest-xdist worker on a Redis database of its own: a Celery worker one test starts
    must not take (or purge) the tasks of a test running in the other process."""
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    url = urlsplit(settings.CELERY_BROKER_URL)
    if url.scheme not in {"redis", "rediss"} or worker_id == "master":
        return
    base = int(url.path.strip("/") or 0)
    database = (base + 1 + int(worker_id.removeprefix("gw"))) % 16  # Redis has 16 by default
    settings.CELERY_BROKER_URL = urlunsplit(url._replace(path=f"/{database}"))
    os.environ["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL  # Celery reads it first
    set_celery(broker_url=settings.CELERY_BROKER_URL)


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test is about the broker (see tests/config/test_celery.py).

    Django's `settings` fixture does not reach the configured Celery app, so set it directly.
    """
    previous = celery_app.conf.task_always_eager
    set_celery(task_always_eager=True)
    yield
    set_celery(task_always_eager=previous)


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SEARCH_INDEX_DIR = tmp_path / "search"


@pytest.fixture(autouse=True)
def _outbox_sweeps_only_when_asked(monkeypatch):
    """Without a broker each process sweeps the outbox now and then after relaying: in tests
    that would depend on timing, so tests sweep explicitly (tests/outbox tests the habit)."""
    from outbox import core

    monkeypatch.setattr(core, "_maybe_sweep_locally", lambda: None)
    monkeypatch.setattr(core, "_broker_paused_until", 0.0)


class BrokerSwitch:
    """A broker that refuses every message until `restore()`: the outbox keeps its rows."""

    def __init__(self, monkeypatch):
        from celery.app.task import Task

        self._monkeypatch = monkeypatch
        self.refused = 0
        self._publish = Task.apply_async

        def refuse(task, *args, **kwargs):
            self.refused += 1
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(Task, "apply_async", refuse)
        set_celery(task_always_eager=False)  # _eager_celery puts it back after the test

    def restore(self) -> int:
        """The broker is back, and a worker runs what it is sent in this process: sweep."""
        from outbox import core

        self._monkeypatch.setattr(core, "_broker_paused_until", 0.0)
        set_celery(task_always_eager=True)
        return core.sweep()


@pytest.fixture
def broker_down(monkeypatch):
    return BrokerSwitch(monkeypatch)


@pytest.fixture(autouse=True)
def _no_kept_desks():
    """Each process keeps check-in desks for a few seconds (fairs.services.checkin): a test
    starts and ends without any, so no desk of an earlier test's rows is believed."""
    from fairs.services.checkin import forget_desks

    forget_desks()
    yield
    forget_desks()
