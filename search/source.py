"""Where the positions come from: the one interface between search and the apps.

`search` imports no app. The app that knows what a position is, where it is listed and how the
database answers a search (`listings`) implements `PositionSource` and registers it when Django
starts (`register_source`); search calls it to build documents, attach rows to hits, label facets
and answer when the engine is down.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import datetime

from search.documents import PositionDocument
from search.plan import QueryPlan
from search.query import SearchQuery
from search.results import SearchResult


class PositionSource(ABC):
    # The highest monthly salary a position may state (the search form's bound too).
    max_salary: int = 1_000_000

    @abstractmethod
    def documents(self, ids: Iterable[int]) -> list[PositionDocument]:
        """Documents of those positions that belong in the index (the others are left out)."""

    @abstractmethod
    def all_documents(self) -> Iterator[PositionDocument]:
        """Every position that belongs in the index, as documents, in batches."""

    @abstractmethod
    def searchable_count(self) -> int:
        """How many positions belong in the index (an index holding far fewer is damaged)."""

    @abstractmethod
    def changed_since(self, moment: datetime) -> list[int]:
        """Ids of positions changed since `moment` (indexed again after a rebuild)."""

    @abstractmethod
    def rows(self, ids: Iterable[int]) -> dict[int, object]:
        """The position objects the pages render, by id (missing ids are left out)."""

    @abstractmethod
    def texts(self, row) -> dict[str, str]:
        """Plain text of a row to highlight: title, enterprise_name, description."""

    @abstractmethod
    def choices(self, name: str) -> list[str]:
        """The valid values of a coded filter (industry, education, job_type, category)."""

    @abstractmethod
    def labels(self, name: str, values: list[str]) -> dict[str, str]:
        """Display labels of facet values (ids of cities, fairs, associations; codes)."""

    @abstractmethod
    def database_suggest(self, prefix: str, limit: int) -> list[str]:
        """Titles and enterprise names beginning with `prefix`, by the database."""

    @abstractmethod
    def database_search(
        self, query: SearchQuery, plan: QueryPlan, *, exclude: Iterable[int] = ()
    ) -> SearchResult:
        """The degraded answer: the plan and filters applied by the database (`icontains`)."""


_source: PositionSource | None = None


def register_source(source: PositionSource) -> None:
    global _source
    _source = source


def source() -> PositionSource:
    if _source is None:
        raise RuntimeError(
            "No position source is registered: add 'listings' to INSTALLED_APPS (it registers "
            "one in its AppConfig.ready)."
        )
    return _source
