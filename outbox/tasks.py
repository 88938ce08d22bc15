"""Beat's side of the outbox: re-send what is due, forget what was done long ago."""

from celery import shared_task

from outbox import core


@shared_task
def sweep() -> int:
    """Every OUTBOX_SWEEP_SECONDS: send the messages that are due and not done."""
    return core.sweep()


@shared_task
def prune() -> int:
    """Nightly: delete messages done more than OUTBOX_KEEP_DAYS ago."""
    return core.prune()
