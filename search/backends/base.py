"""The interface every search backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from search.documents import PositionDocument
from search.plan import QueryPlan
from search.query import SearchQuery
from search.results import SearchResult

# Facets every backend counts, by SearchQuery filter name.
FACETS = ("city", "industry", "category", "education", "job_type", "salary", "fair", "association")
FACET_SIZE = 50


def prefix_variants(prefix: str) -> list[str]:
    """The spellings a prefix is looked up in: as typed and, for Latin text, in three cases.

    Every backend looks up the same variants, so all complete the same names.
    """
    variants = {prefix}
    if prefix.isascii():
        variants |= {prefix.lower(), prefix.upper(), prefix.capitalize()}
    return sorted(variants)


class BackendUnavailable(Exception):
    """The search engine cannot be reached or refused the request (writes retry, reads degrade)."""


class IndexOutdated(BackendUnavailable):
    """The index in use was built for another schema version: searches degrade until a rebuild."""


class IndexDamaged(BackendUnavailable):
    """The index cannot be read (its files gone or corrupt) or misses many positions: searches
    degrade until a rebuild."""


class SearchBackend(ABC):
    name: str = ""

    @abstractmethod
    def search(
        self,
        query: SearchQuery,
        plan: QueryPlan,
        *,
        facets: bool = True,
        exclude: Iterable[int] = (),
        size: int | None = None,
    ) -> SearchResult:
        """Hits (ids and scores, no highlights), total and facet counts.

        The plan's groups (search/plan.py) and the query's filters, sort and page; `exclude`
        leaves out ids (the "also found" block leaves out the main hits); `size` overrides the
        page size (0: count and facets only).
        """

    @abstractmethod
    def doc_freq(self, terms: list[str]) -> dict[str, int]:
        """How many documents hold each term in some text field."""

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Titles and enterprise names beginning with `prefix`, most common first."""

    @abstractmethod
    def upsert(self, documents: Iterable[PositionDocument]) -> int:
        """Add or replace documents by id; returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None:
        """Remove documents by id (missing ids are fine)."""

    @abstractmethod
    def rebuild(self, documents: Iterable[PositionDocument]) -> int:
        """Build a new index from `documents` and swap it in; returns the count indexed."""

    @abstractmethod
    def versions(self) -> dict[int, int]:
        """Every indexed id with its document version (for reconciling with the database)."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index (tests)."""
