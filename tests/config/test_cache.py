"""With the Redis cache down, logins and the token endpoint keep answering (limits degrade open)."""

import json
import logging
import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from config import settings as project_settings
from tests.config.test_settings import run_python
from tests.factories import PASSWORD, GraduateFactory

pytestmark = pytest.mark.django_db


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_cache_down(settings):
    settings.ACCOUNT_RATE_LIMITS = dict(project_settings.ACCOUNT_RATE_LIMITS)
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_the_login_page_and_the_token_endpoint_answer_while_the_cache_is_down(
    client, redis_cache_down, caplog
):
    user = GraduateFactory()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        wrong = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
        right = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        token = client.post(
            reverse("api-token"),
            {"email": user.email, "password": PASSWORD},
            content_type="application/json",
        )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert right.status_code == 302
    assert token.status_code == 200
    # Asked once, then left alone for a while: one warning for all those requests.
    outages = [r for r in caplog.records if r.name == "config.cache"]
    assert len(outages) == 1
    assert "Cache unreachable" in outages[0].getMessage()


def test_a_cache_that_is_down_reads_as_empty_and_takes_writes_without_error(redis_cache_down):
    cache.set("figure", 1)
    assert cache.get("figure") is None
    assert cache.get("figure", "default") == "default"
    assert cache.add("lock", True) is True  # allauth's rate-limit lock: the request goes on
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("figure") is False
    assert cache.get_or_set("computed", 42) == 42
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")


def test_a_redis_cache_url_gives_the_degrading_cache_with_short_timeouts(tmp_path):
    probe = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.CACHES['default']))"
    )
    env = {"CACHE_URL": "redis://127.0.0.1:6379/13", "REDIS_TIMEOUT": "0.25"}
    result = run_python(tmp_path, env, "-c", probe)
    assert result.returncode == 0, result.stderr
    cache_settings = json.loads(result.stdout)
    assert cache_settings["BACKEND"] == "config.cache.ResilientRedisCache"
    assert cache_settings["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
