"""The Redis cache, degrading open: when Redis cannot be reached the site keeps answering.

Everything Jinpin keeps in the cache can be lost: rate-limit counters (allauth's login limits, the
API's throttles) and cached fragments. So when Redis is down, a read is a miss, a write is
dropped, `add` succeeds (allauth's rate-limit lock is taken, the request is allowed), and the
outage is logged once per pause. After a failure the cache is not asked again for
PAUSE_SECONDS, so a dead Redis costs one short connect timeout now and then, not one per call.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_fail_total,
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0
METRICS_LABEL = "redis"  # django-prometheus's cache counters (/metrics): gets, hits, misses, fails
_MISS = object()
# Refused, timed out, or not answering as Redis does (a full or read-only server included).
UNREACHABLE = (RedisError, OSError)


def _degrading(fallback):
    """Run the cache operation unless paused; on a connection failure pause and return
    `fallback(*args, **kwargs)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._paused_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                django_cache_get_fail_total.labels(backend=METRICS_LABEL).inc()
                self._paused_until = time.monotonic() + PAUSE_SECONDS
                logger.warning(
                    "Cache unreachable (%s): answering without it for %.0f s (rate limits "
                    "allow, cached pages are rebuilt)",
                    error,
                    PAUSE_SECONDS,
                )
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return None


def _no(*args, **kwargs):
    return False


def _yes(*args, **kwargs):
    return True


def _missing(key, delta=1, version=None):
    raise ValueError(f"Key {key!r} not found (cache unreachable)")


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that answers as an empty cache while Redis is unreachable."""

    _paused_until = 0.0

    _get = _degrading(_default)(RedisCache.get)
    get_many = _degrading(lambda keys, version=None: {})(RedisCache.get_many)
    set = _degrading(_nothing)(RedisCache.set)
    set_many = _degrading(lambda data, timeout=None, version=None: [])(RedisCache.set_many)
    add = _degrading(_yes)(RedisCache.add)
    touch = _degrading(_no)(RedisCache.touch)
    delete = _degrading(_no)(RedisCache.delete)
    delete_many = _degrading(_nothing)(RedisCache.delete_many)
    has_key = _degrading(_no)(RedisCache.has_key)
    incr = _degrading(_missing)(RedisCache.incr)
    clear = _degrading(_no)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend=METRICS_LABEL).inc()
        value = self._get(key, _MISS, version)
        if value is _MISS:
            django_cache_misses_total.labels(backend=METRICS_LABEL).inc()
            return default
        django_cache_hits_total.labels(backend=METRICS_LABEL).inc()
        return value

    def ping(self) -> None:
        """Raise unless Redis answers now (the readiness check: it ignores the pause)."""
        self._cache.get_client(write=True).ping()
