"""With the real Redis broker: queue lengths in /metrics, and the request id that travels with a
side effect through the broker into the worker that runs it."""

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings

from config.celery import app as celery_app
from core import tasks as core_tasks
from outbox import correlation
from tests.ops.test_metrics import samples, value
from tests.services import requires_broker, set_celery

pytestmark = [pytest.mark.broker, requires_broker]


@pytest.mark.django_db
def test_metrics_give_each_celery_queues_length(client):
    set_celery(task_always_eager=False)
    broker = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    before = value(samples(client.get("/metrics")), "jinpin_celery_queue_length", queue="documents")
    broker.lpush("documents", "waiting-1", "waiting-2", "waiting-3")
    try:
        found = samples(client.get("/metrics"))
    finally:
        broker.lrem("documents", 0, "waiting-1")
        broker.lrem("documents", 0, "waiting-2")
        broker.lrem("documents", 0, "waiting-3")
    assert value(found, "jinpin_celery_queue_length", queue="documents") == before + 3
    assert {"search", "messages", "documents", "reminders", "default"} <= {
        dict(labels)["queue"] for name, *labels in found if name == "jinpin_celery_queue_length"
    }


@pytest.mark.django_db(transaction=True)  # the worker's thread reads the committed outbox row
def test_the_worker_runs_a_side_effect_under_the_id_of_the_request_that_asked_for_it(
    monkeypatch,
):
    seen = []
    monkeypatch.setattr(
        core_tasks.EmailMultiAlternatives, "send", lambda self: seen.append(correlation.current())
    )
    set_celery(task_always_eager=False)
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with correlation.bound("req-travels-0001"):
            core_tasks.send_email.delay(to=["c@example.cn"], subject="s", body="b")
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
    assert seen == ["req-travels-0001"]
