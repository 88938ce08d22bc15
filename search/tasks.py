"""Search index tasks: upsert or delete one position's document; reconcile the whole index."""

import logging

from celery import shared_task

from outbox.core import OutboxTask
from search.service import (
    index_position_now,
    index_positions_now,
    rebuild_index,
    reconcile,
)

logger = logging.getLogger(__name__)


class IndexTask(OutboxTask):
    """Index updates retry soon and often: the backend is usually back within minutes, and the
    nightly reconcile repairs whatever is left failed."""

    retry_backoff = 2
    retry_backoff_max = 600
    max_attempts = 12


@shared_task(base=IndexTask)
def index_position(position_id: int) -> str:
    """Load the position and upsert its document when searchable, delete it otherwise.

    Idempotent (it reads the row as it is now), so safe to run twice or out of order. When the
    backend is down it raises, and the outbox retries it with a back-off.
    """
    return index_position_now(position_id)


@shared_task(base=IndexTask)
def index_positions(position_ids: list[int]) -> dict:
    """index_position for many positions at once (bulk import): one write, same guarantees."""
    return index_positions_now(position_ids)


@shared_task(acks_late=True)
def reconcile_index() -> dict:
    """Nightly: index missing or stale positions and remove those that should not be there."""
    counts = reconcile()
    logger.info("Search index reconciled: %s", counts)
    return counts


@shared_task(base=IndexTask)
def rebuild_index_task() -> dict:
    """Build a new index and swap it in (after a schema change, or when the index is damaged)."""
    counts = rebuild_index()
    logger.info("Search index rebuilt: %s", counts)
    return counts
