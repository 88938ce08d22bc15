"""Redis, the broker, is killed under a loaded worker and started again: every e-mail and index
update asked for before, during and after the outage is carried out, each exactly once.

The test runs its own throwaway redis-server (never the shared one), an in-process worker on it,
and plays beat's part by sweeping the outbox, as the production worker's embedded beat does.
"""

import contextlib
import shutil
import socket
import subprocess
import time
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from config.celery import app as celery_app
from core.tasks import send_email
from outbox import core
from outbox.models import OutboxMessage
from search.sync import schedule_position_index
from search.tasks import index_position
from tests.services import EMBEDDED_ONLY, STRICT, set_celery

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which("redis-server") and not STRICT, reason="redis-server is not installed"
    ),
    pytest.mark.skipif(EMBEDDED_ONLY, reason="the run with services covered it"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of this test's own, without persistence (as the project runs Redis): when
    it is killed, whatever was queued in it is gone."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis(tmp_path):
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@contextlib.contextmanager
def broker(url: str):
    """Point the Celery app at `url`, with fresh connection pools, and stop running tasks
    in-process."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager

    def fresh_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    fresh_pools()
    set_celery(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        fresh_pools()
        set_celery(broker_url=previous[0], task_always_eager=previous[1])


def write(kind: str, n: int, position_ids: list[int]) -> None:
    """One change and its side effects in one transaction: an e-mail and an index update."""
    with transaction.atomic():
        send_email.delay(to=[f"{kind}{n}@example.cn"], subject=f"{kind}-{n}", body="正文")
        schedule_position_index(position_ids[n % len(position_ids)])


def drained(timeout: float) -> bool:
    """Sweep as beat would until no message is left undone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        core.sweep()
        if not OutboxMessage.objects.exclude(status="done").exists():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.django_db(transaction=True)  # the worker's thread reads committed rows
def test_every_side_effect_is_done_once_across_a_broker_outage(
    redis, settings, monkeypatch, make_positions
):
    settings.OUTBOX_SEND_LEASE_SECONDS = 3  # messages lost with Redis are sent again soon
    for task in (send_email, index_position):  # and runs cut short by it too
        monkeypatch.setattr(task, "lease", 5)
    positions = make_positions(5)
    with (
        broker(redis.url),
        start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ) as worker,
    ):
        for n in range(60):  # a queue the worker is busy with when Redis dies
            write("before", n, positions)
        redis.kill()
        for n in range(30):  # written while the broker is down: the requests still succeed
            write("during", n, positions)
        assert OutboxMessage.objects.filter(task=send_email.name, status="pending").exists()
        redis.start()
        core._broker_paused_until = 0.0  # this process's pause after the refusal has passed
        for n in range(30):
            write("after", n, positions)
        assert drained(timeout=90), Counter(OutboxMessage.objects.values_list("status", flat=True))
        consumer_alive = worker.blueprint.state == 1  # RUN: it reconnected, it did not die
    subjects = Counter(message.subject for message in mail.outbox)
    expected = {
        f"{kind}-{n}"
        for kind, count in [("before", 60), ("during", 30), ("after", 30)]
        for n in range(count)
    }
    assert set(subjects) == expected  # none lost
    assert max(subjects.values()) == 1  # none twice
    updates = OutboxMessage.objects.filter(task="search.tasks.index_position")
    assert updates.count() == 120
    assert set(updates.values_list("status", flat=True)) == {"done"}
    assert consumer_alive


@pytest.fixture
def make_positions(db):
    from tests.factories import PositionFactory

    def make(count: int) -> list[int]:
        return [PositionFactory().pk for _ in range(count)]

    return make
