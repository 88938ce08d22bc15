"""/healthz and /readyz: alive, and which services this node reaches, each with its state."""

import json
import logging

import pytest
from django.db import DatabaseError

from ops import checks

pytestmark = pytest.mark.django_db


def test_healthz_answers_while_the_process_serves(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readyz_lists_every_service_with_its_state(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert body["checks"]["database"]["state"] == "up"
    # The embedded configuration: a local cache and no broker are not failures.
    assert body["checks"]["cache"]["state"] == "not used"
    assert body["checks"]["broker"]["state"] == "not used"
    assert body["checks"]["search"]["state"] == "up"
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


def test_readyz_is_degraded_not_unready_when_search_is_down(client, monkeypatch):
    def engine_down():
        raise ConnectionError("Connection refused: 127.0.0.1:9200")

    monkeypatch.setattr(checks.search_service, "ping", engine_down)
    response = client.get("/readyz")
    # Searches fall back to the database: the node still serves, so it stays in the pool.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["state"] == "down"
    assert "Connection refused" in body["checks"]["search"]["detail"]
    assert body["checks"]["database"]["state"] == "up"


def test_readyz_is_unavailable_when_the_database_is_unreachable(client, monkeypatch):
    def database_down():
        return checks._timed(lambda: (_ for _ in ()).throw(DatabaseError("server closed")))

    monkeypatch.setitem(checks.CHECKS, "database", database_down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"]["state"] == "down"


def test_readyz_reports_an_unreachable_redis_cache_and_broker(client, settings):
    # Nothing listens on port 9: both answer "down" within the Redis timeout.
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    from tests.services import set_celery

    set_celery(task_always_eager=False)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["state"] == "down"
    assert body["checks"]["broker"]["state"] == "down"


def test_every_response_carries_a_request_id_and_a_good_one_from_the_proxy_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="4f6c1d0e9a8b7c6d5e4f3a2b1c0d9e8f")
    assert kept["X-Request-ID"] == "4f6c1d0e9a8b7c6d5e4f3a2b1c0d9e8f"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level": "CRITICAL')
    assert forged["X-Request-ID"] != 'x"}\n{"level": "CRITICAL'
    assert len(forged["X-Request-ID"]) == 32


def test_json_logs_carry_the_request_id_into_the_side_effects_it_caused(
    client, caplog, django_capture_on_commit_callbacks
):
    from core.tasks import send_email
    from ops.logs import JsonFormatter, RequestIdFilter
    from outbox import correlation
    from outbox.models import OutboxMessage

    with correlation.bound("req-0123456789"), django_capture_on_commit_callbacks(execute=True):
        message = send_email.delay(to=["a@example.cn"], subject="s", body="b")
        logging.getLogger("jinpin.test").warning("applied", extra={"position": 7})
        record = next(r for r in caplog.records if r.getMessage() == "applied")
        RequestIdFilter().filter(record)  # as the console handler does when it emits
    assert OutboxMessage.objects.get(pk=message.pk).request_id == "req-0123456789"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "applied"
    assert line["level"] == "WARNING"
    assert line["position"] == 7
