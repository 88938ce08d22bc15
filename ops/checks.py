"""Is each service this node depends on reachable right now? One function per service, each
answering a `Check` (its state, how long it took, the error), for /readyz and the metrics.

The node is *ready* when it can serve requests: only the database is indispensable. With the
cache, the broker or search down it still answers (rate limits allow, side effects wait in the
outbox, searches fall back to the database), so those make it *degraded*, never unready: a load
balancer must not take every node out because Elasticsearch is away.
"""

import time
from dataclasses import asdict, dataclass

import redis
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from search import service as search_service

UP, DOWN, NOT_USED = "up", "down", "not used"


@dataclass
class Check:
    state: str
    ms: float
    detail: str = ""

    @property
    def up(self) -> bool:
        return self.state != DOWN

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v != ""}


def _timed(probe) -> Check:
    started = time.perf_counter()
    try:
        state, detail = probe()
    except Exception as error:  # any failure is the answer: the service is not usable
        state, detail = DOWN, f"{type(error).__name__}: {error}"[:300]
    return Check(state, round((time.perf_counter() - started) * 1000, 1), detail)


def database() -> Check:
    def probe():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return UP, connection.vendor

    check = _timed(probe)
    if not check.up:
        # A broken connection must not stay in this thread for the next request.
        connection.close_if_unusable_or_obsolete()
    return check


def cache_service() -> Check:
    def probe():
        ping = getattr(cache, "ping", None)
        if ping is None:  # a local memory cache: nothing to reach
            return NOT_USED, "local memory"
        ping()
        return UP, "redis"

    return _timed(probe)


def broker_client() -> redis.Redis | None:
    """A short-timeout client of the Redis broker (None without a broker)."""
    url = settings.CELERY_BROKER_URL
    if not url or current_app.conf.task_always_eager or not url.startswith("redis"):
        return None
    timeout = settings.REDIS_TIMEOUT
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def broker() -> Check:
    def probe():
        client = broker_client()
        if client is None:
            return NOT_USED, "tasks run in the web process"
        try:
            client.ping()
        finally:
            client.close()
        return UP, "redis"

    return _timed(probe)


def search() -> Check:
    def probe():
        search_service.ping()
        return UP, settings.SEARCH_BACKEND

    return _timed(probe)


CHECKS = {"database": database, "cache": cache_service, "broker": broker, "search": search}


def readiness() -> tuple[str, dict[str, Check]]:
    """('ready' | 'degraded' | 'unavailable', each service's check)."""
    results = {name: check() for name, check in CHECKS.items()}
    if not results["database"].up:
        status = "unavailable"
    elif all(result.up for result in results.values()):
        status = "ready"
    else:
        status = "degraded"
    return status, results
