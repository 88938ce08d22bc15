"""Writing, relaying and delivering outbox messages: the one way side effects are dispatched.

    @shared_task(base=OutboxTask)
    def send_email(*, to, subject, body): ...

    send_email.delay(to=[...], subject=..., body=...)   # a row now, sent after commit

Life of a message: `enqueue` writes it (in the caller's transaction) with a lease, so nothing
else sends it meanwhile; after commit `relay` publishes it to the broker (or, without one, runs
it here). The worker's `deliver` claims it (pending → running, under a run lease), runs the
task and marks it done; a failure puts it back to pending with a back-off, or leaves it failed
after `max_attempts`. While the task runs in a worker, a heartbeat renews the run lease
(OUTBOX_RUN_LEASE_SECONDS): a worker that dies mid-task (killed, out of memory, its machine
lost) stops renewing it, and the message is sent again soon after. `sweep` (beat, every
OUTBOX_SWEEP_SECONDS) re-sends every message whose `not_before` has passed: eta reached,
back-off elapsed, sends the broker refused, runs whose worker died; and, when a Redis broker
lost its data (a mark the sweep leaves there is gone), the messages it held. A worker waits out
a database restart (DATABASE_WAITS) rather than drop the message. A message sent twice is
run once: only one claim wins, and a done message is never claimed again. A message carries the
id of the request that wrote it (`outbox.correlation`), and its task runs, and logs, under it.
"""

import contextlib
import contextvars
import logging
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from celery import Task, current_app
from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from outbox import correlation
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# After the broker refused a message, this process leaves new messages to the sweep for this
# long instead of making every request pay for a failing connection.
BROKER_PAUSE_SECONDS = 5.0
# A worker waits out a database that is away for a moment (a restart, a failover) before giving
# up on a message: these pauses, about 16 s in all. Given up, the message waits for its lease.
DATABASE_WAITS = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
# A key each sweep leaves in a Redis broker: gone, the broker lost what it held (restarted without
# persistence, flushed), and the messages handed to it meanwhile are sent again at once.
BROKER_MARK = "jinpin:outbox:broker-mark"

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "outbox_suppressed", default=False
)
_broker_paused_until = 0.0
_last_local_sweep = 0.0


class OutboxTask(Task):
    """Base of every side-effect task: calling it records an outbox message (see the module).

    `delay(...)` and `apply_async(args, kwargs, countdown=..., eta=...)` return the
    `OutboxMessage` (or None inside `suppressed()`); other `apply_async` options do not apply.
    Tasks must be idempotent where they can (a worker killed between the side effect and
    marking it done runs it again) and let errors raise: the outbox retries them.
    """

    #: tries before the message is left failed (shown in the admin, retried from there)
    max_attempts = 10
    #: the first retry waits this many seconds, each next one twice as long, up to the maximum
    retry_backoff = 30
    retry_backoff_max = 3600
    #: seconds a run may go without a heartbeat before its message counts as lost and is sent
    #: again (None: OUTBOX_RUN_LEASE_SECONDS); the heartbeat renews it every third of that
    lease: float | None = None
    acks_late = True

    def apply_async(self, args=None, kwargs=None, *, countdown=None, eta=None, **_options):
        return enqueue(self, args=args, kwargs=kwargs, countdown=countdown, eta=eta)

    def __call__(self, *args, **kwargs):
        request = self.request
        message_id = None if request.called_directly else request.id
        if not message_id:  # called as a function: just run it
            return super().__call__(*args, **kwargs)
        # The relay sends the writer's request id as a message header.
        request_id = getattr(request, "request_id", None) or ""
        return deliver(message_id, self, args, kwargs, request_id=request_id)

    def run_lease(self) -> float:
        """Seconds a running message stays claimed without a heartbeat."""
        return float(self.lease or settings.OUTBOX_RUN_LEASE_SECONDS)

    def backoff(self, attempts: int) -> timedelta:
        """How long to wait after the `attempts`-th failed try."""
        return timedelta(
            seconds=min(self.retry_backoff * 2 ** (attempts - 1), self.retry_backoff_max)
        )


def enqueue(
    task: OutboxTask,
    *,
    args: Iterable = (),
    kwargs: dict | None = None,
    countdown: float | None = None,
    eta: datetime | None = None,
) -> OutboxMessage | None:
    """Record a call of `task` in the current transaction; it is sent once that commits."""
    if _suppressed.get():
        return None
    now = timezone.now()
    due = eta or (now + timedelta(seconds=countdown) if countdown else now)
    immediate = due <= now
    message = OutboxMessage.objects.create(
        task=task.name,
        args=list(args or ()),
        kwargs=dict(kwargs or {}),
        # Leased while the relay sends it; a later due time is left to the sweep.
        not_before=now + _send_lease() if immediate else due,
        created_at=now,
        request_id=correlation.current(),
    )
    if immediate:
        # Run after commit, or at once outside a transaction; dropped with a rolled-back
        # savepoint together with the row. Robust: a failure is logged, the change stands.
        transaction.on_commit(lambda: relay([message]), robust=True)
    return message


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """Side effects asked for inside are dropped, not recorded: for bulk loads (the demo data)
    that must e-mail nobody and rebuild the search index once at the end."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    """Inside `suppressed()` (callers can skip preparing a side effect, e.g. rendering mail)."""
    return _suppressed.get()


def relay(messages: list[OutboxMessage]) -> None:
    """Hand committed messages over: to the broker, or without one run them here."""
    if _eager():
        for message in messages:
            deliver(
                message.pk,
                _task(message.task),
                message.args,
                message.kwargs,
                fresh=True,
                request_id=message.request_id,
            )
        _maybe_sweep_locally()
    else:
        publish(messages)


def publish(messages: list[OutboxMessage]) -> int:
    """Send messages to the broker; those it refuses stay due for the sweep. Returns how many
    were sent. Never raises: the broker's absence only delays the work."""
    global _broker_paused_until
    sent = 0
    if time.monotonic() >= _broker_paused_until:
        for message in messages:
            try:
                task = _task(message.task)
            except KeyError:
                _fail_unknown(message)
                sent += 1
                continue
            try:
                # Celery's own apply_async: a message, not another outbox row. No retry loop:
                # the sweep is the retry.
                Task.apply_async(
                    task,
                    message.args,
                    message.kwargs,
                    task_id=str(message.pk),
                    retry=False,
                    headers={"request_id": message.request_id},
                )
            except Exception as error:
                _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
                logger.warning(
                    "Broker unavailable (%s): %d side effect(s) wait for the next sweep",
                    error,
                    len(messages) - sent,
                )
                break
            sent += 1
    rest = [m.pk for m in messages[sent:]]
    if rest:
        OutboxMessage.objects.filter(pk__in=rest, status=Status.PENDING).update(
            not_before=timezone.now()
        )
    return sent


def deliver(
    message_id,
    task: OutboxTask,
    args,
    kwargs,
    *,
    fresh: bool = False,
    request_id: str = "",
):
    """Run the message's task once: claim it, run it, mark it done (or schedule its retry).

    `fresh`: the relay of the process that wrote it, right after commit, while its send lease
    keeps everyone else off it; no claim needed. `request_id`: the writer's, for the logs.
    """
    lease = task.run_lease()
    if not fresh:
        claimed = _with_database(lambda: _claim(message_id, lease))
        if not claimed:  # done, failed, running elsewhere, or not ours
            logger.debug("Outbox message %s: already done or running, skipped", message_id)
            return None
    # Without a broker the run happens in the caller's process, inside its request: no other
    # process can take the message over, so no heartbeat is needed.
    heartbeat = None if _eager() else _Heartbeat(message_id, lease)
    with correlation.bound(request_id or correlation.current() or correlation.new_id()):
        try:
            if heartbeat is not None:
                heartbeat.start()
            result = _run(task, args, kwargs, wait=not fresh)
        except Exception as error:
            _record_failure(message_id, task, error, counted=not fresh)
            return None
        finally:
            if heartbeat is not None:
                heartbeat.stop()
    _persist(
        message_id,
        status=Status.DONE,
        done_at=timezone.now(),
        last_error="",
        **({"attempts": F("attempts") + 1} if fresh else {}),
    )
    return result


def _claim(message_id, lease: float) -> int:
    """Take the message for this run (1), unless it is done, failed or running elsewhere (0)."""
    now = timezone.now()
    return (
        OutboxMessage.objects.filter(pk=message_id)
        .filter(Q(status=Status.PENDING) | Q(status=Status.RUNNING, not_before__lte=now))
        .update(
            status=Status.RUNNING,
            attempts=F("attempts") + 1,
            not_before=now + timedelta(seconds=lease),
        )
    )


def _run(task: OutboxTask, args, kwargs, *, wait: bool):
    """Run the task; in a worker (`wait`), a task cut off by the database connection being lost
    (a restart) runs once more as soon as the database answers again, instead of waiting for
    its retry's back-off."""
    try:
        return task.run(*args, **kwargs)
    except (OperationalError, InterfaceError) as error:
        if not wait or not _connection_lost():
            raise  # the connection is fine: the task's own error (a statement timeout, ...)
        logger.warning("%s: the database went away mid-task (%s): waiting for it", task.name, error)
        _with_database(lambda: connections[DEFAULT_DB_ALIAS].ensure_connection())
        return task.run(*args, **kwargs)


def _connection_lost() -> bool:
    """Whether the connection broke (rather than a statement failing on it); a broken one is
    closed, so the next query connects afresh."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        return False
    if connection.connection is not None and connection.is_usable():
        return False
    connection.close()
    return True


def _with_database(operation):
    """`operation()`, tried again while the database is unreachable (DATABASE_WAITS)."""
    for wait in (*DATABASE_WAITS, None):
        try:
            return operation()
        except (OperationalError, InterfaceError) as error:
            if wait is None:
                raise
            logger.warning("Database unreachable (%s): trying again in %.1f s", error, wait)
            connection = connections[DEFAULT_DB_ALIAS]
            if not connection.in_atomic_block:
                connection.close()  # the next try connects afresh
            time.sleep(wait)
    return None


def sweep(limit: int = 500) -> int:
    """Send (or, without a broker, run) every message that is due and not done; returns how
    many. Beat runs it every OUTBOX_SWEEP_SECONDS."""
    now = timezone.now()
    if not _eager() and _broker_forgot():
        _resend_lost(now, "The broker lost its queues (restarted?)")
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.filter(
                status__in=[Status.PENDING, Status.RUNNING], not_before__lte=now
            )
            .order_by("not_before")
            .select_for_update(skip_locked=True)[:limit]
        )
        if not due:
            return 0
        if not _eager():
            # Leased while sent, so a second sweep leaves them alone. A run whose lease lapsed
            # (its worker died) is pending again: the worker that receives it must be able to
            # claim it, and a running message is claimed only once its lease has passed, which
            # the send lease just pushed into the future.
            OutboxMessage.objects.filter(pk__in=[m.pk for m in due]).update(
                status=Status.PENDING, not_before=now + _send_lease()
            )
    if _eager():
        for message in due:
            try:
                task = _task(message.task)
            except KeyError:
                _fail_unknown(message)
                continue
            deliver(message.pk, task, message.args, message.kwargs, request_id=message.request_id)
        return len(due)
    return publish(due)


def _broker_forgot() -> bool:
    """Whether a Redis broker lost its data since the last sweep: the mark it left is gone (and
    is put back). Other brokers, or a broker that cannot be reached, never say so."""
    try:
        with current_app.connection_for_write() as connection:
            if connection.transport.driver_type != "redis":
                return False
            return bool(connection.default_channel.client.set(BROKER_MARK, "1", nx=True))
    except Exception as error:  # unreachable: the publish that follows says so
        logger.debug("Broker mark not checked: %s", error)
        return False


def resend_held_by_a_dead_worker() -> int:
    """A worker starts (systemd restarts one that died): make due now the messages handed to
    the broker within the last send lease and not yet run. A worker killed while it held some
    reserved never acknowledged them, and Redis gives them back only after its visibility
    timeout (an hour); without this they would wait for their send lease. A copy of one still
    queued, or held by a live worker, is claimed once: nothing runs twice."""
    if _eager():
        return 0
    return _resend_lost(timezone.now(), "A worker started")


def _resend_lost(now: datetime, why: str) -> int:
    """Make due now the messages handed to the broker within the last send lease and not yet
    run: they may be lost (a later copy of one that did run does nothing)."""
    lease = _send_lease()
    count = OutboxMessage.objects.filter(
        status=Status.PENDING,
        not_before__gt=now,
        not_before__lte=now + lease,
        # Leased when handed over (a message due later is due before that), recently.
        not_before__gte=F("created_at") + lease,
        created_at__gte=now - lease,
        last_error="",  # a retry waiting for its back-off was not handed over
    ).update(not_before=now)
    if count:
        logger.warning("%s: %d task(s) handed over and not yet run sent again", why, count)
    return count


def prune(days: int | None = None) -> int:
    """Delete messages done more than OUTBOX_KEEP_DAYS ago; failed ones stay until handled."""
    days = settings.OUTBOX_KEEP_DAYS if days is None else days
    cut_off = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(status=Status.DONE, done_at__lt=cut_off).delete()
    return deleted


def retry_now(ids: Iterable) -> int:
    """Give failed (or waiting) messages a fresh start and send them now (the admin's action)."""
    now = timezone.now()
    ids = list(ids)
    count = OutboxMessage.objects.filter(
        pk__in=ids, status__in=[Status.FAILED, Status.PENDING]
    ).update(status=Status.PENDING, attempts=0, not_before=now)
    transaction.on_commit(sweep, robust=True)
    return count


def _send_lease() -> timedelta:
    """How long a message handed to the broker may wait in its queue before the sweep sends it
    again (the copy that arrives second finds it claimed or done and does nothing)."""
    return timedelta(seconds=settings.OUTBOX_SEND_LEASE_SECONDS)


class _Heartbeat(threading.Thread):
    """While a worker runs a message's task, renews the message's lease every third of it, so a
    long task (a PDF report) keeps its claim and a dead worker's lapses within one lease."""

    def __init__(self, message_id, lease: float):
        super().__init__(name=f"outbox-heartbeat-{message_id}", daemon=True)
        self.message_id = message_id
        self.lease = lease
        self._stopped = threading.Event()

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        try:
            while not self._stopped.wait(self.lease / 3):
                try:
                    OutboxMessage.objects.filter(pk=self.message_id, status=Status.RUNNING).update(
                        not_before=timezone.now() + timedelta(seconds=self.lease)
                    )
                except DatabaseError as error:  # the next beat tries again
                    logger.warning(
                        "Outbox message %s: heartbeat failed: %s", self.message_id, error
                    )
        finally:
            connections.close_all()  # this thread's own connections


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def _task(name: str) -> OutboxTask:
    return current_app.tasks[name]


def _maybe_sweep_locally() -> None:
    """Without a broker there is no beat: each process sweeps now and then after relaying, so
    retries and messages given an eta still run."""
    global _last_local_sweep
    if time.monotonic() - _last_local_sweep < settings.OUTBOX_SWEEP_SECONDS:
        return
    _last_local_sweep = time.monotonic()
    sweep()


def _record_failure(message_id, task: OutboxTask, error: Exception, *, counted: bool) -> None:
    row = _with_database(
        lambda: OutboxMessage.objects.filter(pk=message_id).values("attempts").first()
    )
    if row is None:
        return
    attempts = row["attempts"] + (0 if counted else 1)
    text = "".join(traceback.format_exception(error, limit=-8))[-4000:]
    if attempts >= task.max_attempts:
        status, not_before = Status.FAILED, timezone.now()
        logger.error(
            "Outbox message %s (%s) failed %d times, left failed: %r",
            message_id,
            task.name,
            attempts,
            error,
            exc_info=error,
        )
    else:
        status, not_before = Status.PENDING, timezone.now() + task.backoff(attempts)
        logger.warning(
            "Outbox message %s (%s) failed (try %d of %d), retried at %s: %r",
            message_id,
            task.name,
            attempts,
            task.max_attempts,
            not_before.isoformat(timespec="seconds"),
            error,
        )
    _persist(message_id, status=status, attempts=attempts, not_before=not_before, last_error=text)


def _persist(message_id, **fields) -> None:
    """Record a run's outcome. The side effect has happened: a database restart now must not
    leave the message to run again when its lease ends, so the write waits for the database."""
    _with_database(lambda: OutboxMessage.objects.filter(pk=message_id).update(**fields))


def _fail_unknown(message: OutboxMessage) -> None:
    logger.error("Outbox message %s names an unknown task %r", message.pk, message.task)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.FAILED, last_error=f"Unknown task {message.task!r}"
    )
