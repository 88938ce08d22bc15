"""The one result object every backend returns (and the database fallback too)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Hit:
    """One matching position.

    `highlights` maps a field (title, enterprise_name, description) to escaped HTML with the
    matching words in <mark>; `position` is the row, attached by the search service.
    """

    id: int
    score: float = 0.0
    highlights: dict[str, str] = field(default_factory=dict)
    position: object | None = None


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class SearchResult:
    """Hits of one page, the total number of matches and facet counts by facet name.

    Facet names are the filter names of SearchQuery (city, industry, category, education,
    job_type, salary, fair, association); values are strings. `degraded` is set when the search
    engine was not reachable and the database answered instead.
    """

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    degraded: bool = False
    page: int = 1
    page_size: int = 20
    # "Also found": positions with only some of the words, when all of them found few.
    related: list[Hit] = field(default_factory=list)
    related_total: int = 0
    # With a salary filter: how many negotiable positions (面议) the other filters match.
    negotiable_total: int | None = None
    # What the query was understood as (search.plan.Understanding) and look-alike queries.
    understanding: object | None = None
    did_you_mean: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self.hits]

    @property
    def corrected_text(self) -> str:
        """The query as corrected (会记 → 会计), "" when it was searched as typed."""
        return getattr(self.understanding, "corrected_text", "")

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def facet_counts(self, name: str) -> dict[str, int]:
        return {value.value: value.count for value in self.facets.get(name, [])}
