"""Keeping the index true: services call `schedule_position_index` after changing a position."""

from django.db import transaction


def schedule_position_index(position_id: int) -> None:
    """Upsert or delete the position's document once the current transaction commits."""
    from search.tasks import index_position

    transaction.on_commit(lambda: index_position.delay(position_id))
