"""Search index tasks: upsert or delete one position's document; reconcile the whole index."""

import logging

from celery import shared_task

from search.service import (
    BackendUnavailable,
    index_position_now,
    index_positions_now,
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
        if self.request.is_eager:
            logger.warning("Search index not updated for position %s: %s", position_id, exc)
            return "skipped"
        countdown = min(2 ** (self.request.retries + 1), 600)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def index_positions(self, position_ids: list[int]) -> dict:
    """index_position for many positions at once (bulk import): one write, same guarantees."""
    try:
        return index_positions_now(position_ids)
    except BackendUnavailable as exc:
        if self.request.is_eager:
            logger.warning("Search index not updated for %d positions: %s", len(position_ids), exc)
            return {"skipped": len(position_ids)}
        countdown = min(2 ** (self.request.retries + 1), 600)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(acks_late=True)
def reconcile_index() -> dict:
    """Nightly: index missing or stale positions and remove those that should not be there."""
    counts = reconcile()
    logger.info("Search index reconciled: %s", counts)
    return counts
