"""The one document schema of a position in the search index, shared by every backend.

Text fields are kept in their original form (for highlighting in Python) and each backend indexes
the pre-segmented form from `search.analyzer.segment_for_index`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from search.lexicon import CATEGORY_TERMS

# Bump when the schema (fields, analysis) changes: backends then build a new index.
SCHEMA_VERSION = 3

# Field boosts: a word in the title counts most, as do the words naming the position's job
# category (医疗 finds what is filed under healthcare before a 医疗软件 sales job), then the
# enterprise name, then the text.
TEXT_FIELDS = (("title", 3.0), ("enterprise", 2.0), ("body", 1.0), ("category_words", 3.0))
# A term counts by its best field, plus this share of the others: a title that says it outranks a
# description and an enterprise name that both mention it.
FIELD_TIE_BREAKER = 0.2
# SearchQuery filter → the index field it filters on (the facets share the names).
FILTER_FIELDS = {
    "city": "city",
    "industry": "industry",
    "education": "education",
    "job_type": "job_type",
    "salary": "salary_bands",
    "category": "category",
    "fair": "fair",
    "association": "association",
}

# Salary bands (monthly CNY): key, lower bound, upper bound (excluded), label. A position is in
# every band its range overlaps (5,000–9,000 is in 5,000–8,000 and in 8,000–12,000), as job sites
# filter; a negotiable position (面议) is in none of them but its own.
SALARY_BANDS: list[tuple[str, int, int | None, str]] = [
    ("0-3k", 0, 3000, _("Under ¥3,000")),
    ("3-5k", 3000, 5000, _("¥3,000–5,000")),
    ("5-8k", 5000, 8000, _("¥5,000–8,000")),
    ("8-12k", 8000, 12000, _("¥8,000–12,000")),
    ("12k+", 12000, None, _("¥12,000 and above")),
]
NEGOTIABLE_BAND = "negotiable"
SALARY_BAND_LABELS = {key: label for key, _lo, _hi, label in SALARY_BANDS} | {
    NEGOTIABLE_BAND: _("Negotiable")
}
SALARY_FACET_NOTE = _(
    "A position is listed under every band its salary range overlaps; negotiable ones under "
    "Negotiable."
)


def salary_range(salary_min: int | None, salary_max: int | None) -> tuple[int, int]:
    """(lowest, highest) monthly pay, one figure standing for both when only one is given."""
    if salary_min is None and salary_max is None:
        return (0, 0)
    low = salary_min if salary_min is not None else salary_max
    high = salary_max if salary_max is not None else salary_min
    return (low, high)


def salary_top(salary_min: int | None, salary_max: int | None) -> int:
    """The most the position pays a month (0 when negotiable): what `salary_min` filters on."""
    return salary_range(salary_min, salary_max)[1]


def band_overlaps(low: int, high: int, lower: int, upper: int | None) -> bool:
    """Whether pay from `low` to `high` overlaps the band [lower, upper)."""
    upper = upper if upper is not None else 10**12
    if low == high:
        return lower <= low < upper
    return max(low, lower) < min(high, upper)


def salary_bands(salary_min: int | None, salary_max: int | None) -> list[str]:
    """The band keys a salary range overlaps ([negotiable] when no figure is given)."""
    if salary_min is None and salary_max is None:
        return [NEGOTIABLE_BAND]
    low, high = salary_range(salary_min, salary_max)
    return [key for key, lower, upper, _l in SALARY_BANDS if band_overlaps(low, high, lower, upper)]


@dataclass
class PositionDocument:
    """What is indexed for one position."""

    id: int
    title: str
    description: str  # description and requirements, as plain text (no Markdown)
    enterprise_id: int
    enterprise_name: str
    industry: str  # Industry code of the enterprise (GB/T 4754 section letter)
    category: str
    city_id: int
    city_name: str
    district_id: int | None
    district_name: str
    salary_min: int | None
    salary_max: int | None
    education: str
    majors: list[str]
    job_type: str
    status: str
    published_at: datetime | None
    deadline: date | None
    updated_at: datetime
    fair_ids: list[int] = field(default_factory=list)
    association_ids: list[int] = field(default_factory=list)

    @property
    def salary_top(self) -> int:
        return salary_top(self.salary_min, self.salary_max)

    @property
    def salary_bands(self) -> list[str]:
        return salary_bands(self.salary_min, self.salary_max)

    @property
    def category_words(self) -> str:
        return CATEGORY_TERMS.get(self.category, "")

    @property
    def sort_newest(self) -> int:
        """Newest first, ties by id: one integer both engines sort on identically."""
        return self.published_ts * 10_000_000 + self.id % 10_000_000

    @property
    def sort_salary(self) -> int:
        """Highest pay first, ties newest first (0 for negotiable positions: they come last)."""
        return self.salary_top * 10_000_000_000 + self.published_ts

    @property
    def published_ts(self) -> int:
        """Publication time in seconds since the epoch (0 when never published)."""
        return int(self.published_at.timestamp()) if self.published_at else 0

    @property
    def version(self) -> int:
        """Changes whenever the row changes: the reconcile task compares it."""
        return int(self.updated_at.timestamp() * 1_000_000)

    @property
    def body(self) -> str:
        """The free text searched besides title and enterprise: description, majors, places."""
        return "\n".join(
            [self.description, " ".join(self.majors), self.city_name, self.district_name]
        )
