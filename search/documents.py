"""The one document schema of a position in the search index, shared by every backend.

Text fields are kept in their original form (for highlighting in Python) and each backend indexes
the pre-segmented form from `search.analyzer.segment_for_index`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

# Bump when the schema (fields, analysis) changes: backends then build a new index.
SCHEMA_VERSION = 1

# Field boosts: a word in the title counts most, then the enterprise name, then the text.
TEXT_FIELDS = (("title", 3.0), ("enterprise", 2.0), ("body", 1.0))
# SearchQuery filter → the index field it filters on (the facets share the names).
FILTER_FIELDS = {
    "city": "city",
    "industry": "industry",
    "education": "education",
    "job_type": "job_type",
    "salary": "salary_band",
    "fair": "fair",
    "association": "association",
}

# Salary bands (monthly CNY) by the position's upper salary: key, lower bound, upper bound, label.
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


def salary_top(salary_min: int | None, salary_max: int | None) -> int:
    """The most the position pays a month (0 when negotiable): what `salary_min` filters on."""
    return salary_max if salary_max is not None else (salary_min or 0)


def salary_band(salary_min: int | None, salary_max: int | None) -> str:
    """The band key of a salary range, by its upper end."""
    if salary_min is None and salary_max is None:
        return NEGOTIABLE_BAND
    top = salary_top(salary_min, salary_max)
    for key, lower, upper, _label in SALARY_BANDS:
        if top >= lower and (upper is None or top < upper):
            return key
    return SALARY_BANDS[-1][0]


@dataclass
class PositionDocument:
    """What is indexed for one position."""

    id: int
    title: str
    description: str  # description and requirements
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
    def salary_band(self) -> str:
        return salary_band(self.salary_min, self.salary_max)

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


def _build(position, *, fair_ids: list[int], association_ids: list[int]) -> PositionDocument:
    enterprise = position.enterprise
    description = position.description
    if position.requirements:
        description = f"{description}\n{position.requirements}"
    return PositionDocument(
        id=position.pk,
        title=position.title,
        description=description,
        enterprise_id=enterprise.pk,
        enterprise_name=enterprise.name,
        industry=enterprise.industry,
        category=position.category,
        city_id=position.city_id,
        city_name=position.city.name,
        district_id=position.district_id,
        district_name=position.district.name if position.district_id else "",
        salary_min=position.salary_min,
        salary_max=position.salary_max,
        education=position.education,
        majors=[str(m) for m in (position.majors or [])],
        job_type=position.job_type,
        status=position.status,
        published_at=position.published_at,
        deadline=position.deadline,
        updated_at=position.updated_at,
        fair_ids=fair_ids,
        association_ids=association_ids,
    )


def document_for_position(position) -> PositionDocument:
    """Build the document of a position row (with its enterprise, city and district)."""
    return documents_for_positions([position])[0]


def documents_for_positions(positions) -> list[PositionDocument]:
    """Documents of many positions in a few queries: association and fair ids in one each."""
    from associations.models import Membership
    from fairs.selectors import fair_ids_by_position

    positions = list(positions)
    if not positions:
        return []
    enterprise_ids = {p.enterprise_id for p in positions}
    associations: dict[int, list[int]] = {}
    for enterprise_id, association_id in Membership.objects.filter(
        enterprise_id__in=enterprise_ids, status=Membership.Status.APPROVED
    ).values_list("enterprise_id", "association_id"):
        associations.setdefault(enterprise_id, []).append(association_id)
    fairs = fair_ids_by_position([p.pk for p in positions])
    return [
        _build(
            position,
            fair_ids=fairs.get(position.pk, []),
            association_ids=sorted(associations.get(position.enterprise_id, [])),
        )
        for position in positions
    ]
