"""Tasks run eagerly without a broker, and through the real broker with a worker in CI."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app as celery_app
from core.tasks import send_email
from tests.services import requires_broker


def test_task_runs_eagerly_without_a_broker():
    send_email.delay(to=["a@example.cn"], subject="测试", body="你好")
    assert [m.subject for m in mail.outbox] == ["测试"]


@pytest.mark.broker
@requires_broker
def test_task_runs_through_the_real_broker_with_a_worker():
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = send_email.apply_async(
            kwargs={"to": ["b@example.cn"], "subject": "经由代理", "body": "broker"},
            ignore_result=True,
        )
        import time

        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
    assert result.id
    assert [m.subject for m in mail.outbox] == ["经由代理"]
