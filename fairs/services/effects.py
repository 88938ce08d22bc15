"""Side effects the fairs' use cases schedule after commit: the brochure, and re-indexing the
positions whose search documents list a fair."""

from __future__ import annotations

from fairs.models import Fair, Participation
from search.sync import schedule_position_index


def schedule_brochure(fair_id: int) -> None:
    from fairs.tasks import generate_brochure  # fairs.tasks imports the services

    generate_brochure.delay(fair_id)


def schedule_position_reindex(fair: Fair) -> None:
    ids = list(
        fair.participations.filter(status__in=Participation.LIVE_STATUSES).values_list(
            "positions__pk", flat=True
        )
    )
    schedule_position_reindex_ids([pk for pk in ids if pk])


def schedule_position_reindex_ids(ids) -> None:
    """Fair ids live in the positions' search documents: re-index the positions concerned."""
    for pk in set(ids):
        schedule_position_index(pk)
