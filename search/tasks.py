"""Search index tasks: upsert or delete one position's document; reconcile the whole index."""

import logging

from celery import shared_task

from search.service import (
    BackendUnavailable,
    index_position_now,
    index_positions_now,
    rebuild_index,
    reconcile,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def index_position(self, position_id: int) -> str:
    """Load the position and upsert its document when searchable, delete it otherwise.

    Idempotent (it reads the row as it is now). When the backend is down it retries with an
    exponential backoff (2 s, 4 s, … up to 10 minutes); run eagerly (no broker) it logs and gives
    up instead, and the nightly reconcile repairs the index.
    """
    try:
        return index_position_now(position_id)
    except BackendUnavailable as exc:
        return _retry_later(self, exc, f"position {position_id}", skipped="skipped")


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def index_positions(self, position_ids: list[int]) -> dict:
    """index_position for many positions at once (bulk import): one write, same guarantees."""
    try:
        return index_positions_now(position_ids)
    except BackendUnavailable as exc:
        what = f"{len(position_ids)} positions"
        return _retry_later(self, exc, what, skipped={"skipped": len(position_ids)})


def _retry_later(task, exc: BackendUnavailable, what: str, *, skipped):
    """Via a broker, retry with backoff (2 s, 4 s, … 10 minutes); run eagerly, log and give up."""
    if task.request.is_eager:
        logger.warning("Search index not updated for %s: %s", what, exc)
        return skipped
    countdown = min(2 ** (task.request.retries + 1), 600)
    raise task.retry(exc=exc, countdown=countdown) from exc


@shared_task(acks_late=True)
def reconcile_index() -> dict:
    """Nightly: index missing or stale positions and remove those that should not be there."""
    counts = reconcile()
    logger.info("Search index reconciled: %s", counts)
    return counts


@shared_task(acks_late=True)
def rebuild_index_task() -> dict:
    """Build a new index and swap it in (after a schema change, or when the index is damaged)."""
    counts = rebuild_index()
    logger.info("Search index rebuilt: %s", counts)
    return counts
