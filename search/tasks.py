"""Search index tasks: upsert or delete one position's document; reconcile the whole index."""

from celery import shared_task


@shared_task(acks_late=True)
def index_position(position_id: int) -> None:
    """Load the position and upsert or delete its document (the search backend fills this in)."""
