"""Beat's side of the outbox: re-send what is due, forget what was done long ago."""

from celery import shared_task
from celery.signals import worker_ready

from outbox import core


@worker_ready.connect
def _resend_held_by_a_dead_worker(sender=None, **kwargs) -> None:
    core.resend_held_by_a_dead_worker()


@shared_task
def sweep() -> int:
    """Every OUTBOX_SWEEP_SECONDS: send the messages that are due and not done."""
    return core.sweep()


@shared_task
def prune() -> int:
    """Nightly: delete messages done more than OUTBOX_KEEP_DAYS ago."""
    return core.prune()
