"""Tasks run eagerly without a broker, and through the real broker with a worker in CI."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app as celery_app
from core.tasks import send_email
from tests.services import requires_broker, set_celery


@pytest.mark.django_db
def test_task_runs_in_process_after_commit_without_a_broker(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email.delay(to=["a@example.cn"], subject="测试", body="你好")
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["测试"]


@pytest.mark.broker
@requires_broker
@pytest.mark.django_db(transaction=True)  # the worker's thread reads the committed outbox row
def test_task_runs_through_the_real_broker_with_a_worker():
    set_celery(task_always_eager=False)
    celery_app.control.purge()  # messages left by earlier runs would keep the worker busy
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        message = send_email.delay(to=["b@example.cn"], subject="经由代理", body="broker")
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)
        message.refresh_from_db()
    assert [m.subject for m in mail.outbox] == ["经由代理"]
    assert (message.status, message.attempts) == ("done", 1)
