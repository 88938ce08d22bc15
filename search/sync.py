"""Keeping the index true: services call `schedule_position_index` after changing a position."""

from search.tasks import index_position, index_positions


def schedule_position_index(position_id: int) -> None:
    """Upsert or delete the position's document once the current transaction commits.

    An outbox row written with the change (outbox/): when the backend or the broker is down,
    the change still commits and the index catches up once they are back.
    """
    index_position.delay(position_id)


def schedule_positions_index(position_ids: list[int]) -> None:
    """Like schedule_position_index for many positions (bulk import): one task per 500."""
    ids = list(position_ids)
    for start in range(0, len(ids), 500):
        index_positions.delay(ids[start : start + 500])
