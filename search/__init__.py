"""Position search: document schema, query object, backends and index sync.

Other apps use only these: `search_positions(query) -> SearchResult`, `suggest(prefix)`,
`index_position_now(position_id)`, `rebuild_index()`, `get_backend()`, and
`search.sync.schedule_position_index(position_id)` after changing a position.
"""

from search.query import SearchQuery  # noqa: F401
from search.service import (  # noqa: F401
    BackendUnavailable,
    get_backend,
    index_position_now,
    rebuild_index,
    reconcile,
    search_positions,
    suggest,
    understand_query,
)
