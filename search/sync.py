"""Keeping the index true: services call `schedule_position_index` after changing a position."""

from django.db import transaction


def schedule_position_index(position_id: int) -> None:
    """Upsert or delete the position's document once the current transaction commits.

    `robust=True`: if queueing or (eagerly) running the task fails, the error is logged and the
    change that was just committed still succeeds; the nightly reconcile repairs the index.
    """
    from search.tasks import index_position

    transaction.on_commit(lambda: index_position.delay(position_id), robust=True)


def schedule_positions_index(position_ids: list[int]) -> None:
    """Like schedule_position_index for many positions (bulk import): one task per 500."""
    from search.tasks import index_positions

    ids = list(position_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        transaction.on_commit(lambda chunk=chunk: index_positions.delay(chunk), robust=True)
