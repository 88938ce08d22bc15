"""The position source the search app reads (search/source.py's interface).

What a position's document holds (its text as readers see it, its enterprise's industry, the
associations the enterprise belongs to, the public fairs listing it), which positions belong in the
index, the rows the pages render, facet labels, and the database's answer to a query plan when the
search engine is down. `search` imports none of this; this module imports the apps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from associations.models import Association, Industry, Membership, Region
from candidates.selectors import responsiveness_of
from fairs.models import Fair
from fairs.selectors import fair_ids_by_position, positions_listed_at
from jobs.limits import MAX_MONTHLY_SALARY
from jobs.markdown import markdown_to_text
from jobs.models import Category, Education, JobType, Position
from search.documents import NEGOTIABLE_BAND, SALARY_BANDS, PositionDocument
from search.lexicon import CATEGORY_TERMS
from search.plan import Alternative, Group, QueryPlan
from search.query import SearchQuery
from search.results import FacetValue, Hit, SearchResult
from search.source import PositionSource

BATCH = 2000
CHOICES = {
    "industry": Industry,
    "education": Education,
    "job_type": JobType,
    "category": Category,
}


def searchable_positions() -> QuerySet:
    """Positions that belong in the index: the open ones."""
    return Position.objects.open()


def _with_related(positions: QuerySet) -> QuerySet:
    return positions.select_related("enterprise", "city", "district")


def plain_description(position: Position) -> str:
    """Description and requirements as a reader sees them (no Markdown marks)."""
    parts = [markdown_to_text(position.description), markdown_to_text(position.requirements)]
    return "\n".join(part for part in parts if part)


def build_documents(positions: Iterable[Position]) -> list[PositionDocument]:
    """Documents of many positions in a few queries: association and fair ids in one each."""
    positions = list(positions)
    if not positions:
        return []
    associations: dict[int, list[int]] = {}
    for enterprise_id, association_id in (
        Membership.objects.approved()
        .filter(enterprise_id__in={p.enterprise_id for p in positions})
        .values_list("enterprise_id", "association_id")
    ):
        associations.setdefault(enterprise_id, []).append(association_id)
    fairs = fair_ids_by_position([p.pk for p in positions])
    return [
        PositionDocument(
            id=position.pk,
            title=position.title,
            description=plain_description(position),
            enterprise_id=position.enterprise_id,
            enterprise_name=position.enterprise.name,
            industry=position.enterprise.industry,
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
            fair_ids=fairs.get(position.pk, []),
            association_ids=sorted(associations.get(position.enterprise_id, [])),
        )
        for position in positions
    ]


class PositionListings(PositionSource):
    max_salary = MAX_MONTHLY_SALARY

    def documents(self, ids: Iterable[int]) -> list[PositionDocument]:
        return build_documents(_with_related(searchable_positions().filter(pk__in=list(ids))))

    def all_documents(self) -> Iterator[PositionDocument]:
        ids = list(searchable_positions().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            chunk = Position.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")
            yield from build_documents(_with_related(chunk))

    def searchable_count(self) -> int:
        return searchable_positions().count()

    def changed_since(self, moment: datetime) -> list[int]:
        return list(Position.objects.filter(updated_at__gte=moment).values_list("pk", flat=True))

    def rows(self, ids: Iterable[int]) -> dict[int, object]:
        """The positions, each carrying its enterprise's `responsiveness` for the search card
        (None when too few applications to judge): one query for the page's enterprises."""
        rows = _with_related(Position.objects.filter(pk__in=list(ids))).in_bulk()
        figures = responsiveness_of({row.enterprise_id for row in rows.values()})
        for row in rows.values():
            row.responsiveness = figures.get(row.enterprise_id)
        return rows

    def texts(self, row) -> dict[str, str]:
        return {
            "title": row.title,
            "enterprise_name": row.enterprise.name,
            "description": plain_description(row),
        }

    def choices(self, name: str) -> list[str]:
        choices = CHOICES.get(name)
        return list(choices.values) if choices else []

    def labels(self, name: str, values: list[str]) -> dict[str, str]:
        if name in CHOICES:
            return {key: str(label) for key, label in CHOICES[name].choices}
        ids = [int(v) for v in values if v.isdigit()]
        if name == "city":
            return {
                str(pk): n for pk, n in Region.objects.filter(pk__in=ids).values_list("pk", "name")
            }
        if name == "association":
            return {
                str(a.pk): a.short_name or a.name
                for a in Association.objects.filter(pk__in=ids).only("name", "short_name")
            }
        if name == "fair":
            return {
                str(pk): t for pk, t in Fair.objects.filter(pk__in=ids).values_list("pk", "title")
            }
        return {}

    def database_suggest(self, prefix: str, limit: int) -> list[str]:
        positions = searchable_positions()
        titles = positions.filter(title__istartswith=prefix).values_list("title", flat=True)
        names = positions.filter(enterprise__name__istartswith=prefix).values_list(
            "enterprise__name", flat=True
        )
        found = [*titles.distinct()[:limit], *names.distinct()[:limit]]
        return list(dict.fromkeys(found))[:limit]

    def database_search(
        self, query: SearchQuery, plan: QueryPlan, *, exclude: Iterable[int] = ()
    ) -> SearchResult:
        positions = filtered_positions(query, plan).exclude(pk__in=list(exclude))
        order = {"salary": ["-_high", "-published_at", "-pk"]}.get(
            query.sort, ["-published_at", "-pk"]
        )
        total = positions.count()
        page = positions.order_by(*order).values_list("pk", flat=True)[
            query.offset : query.offset + query.page_size
        ]
        return SearchResult(
            hits=[Hit(id=pk) for pk in page],
            total=total,
            facets=_database_facets(positions),
            page=query.page,
            page_size=query.page_size,
        )


# --- the database fallback: the same plan and filters, matched with icontains ------------------


def _term(term: str) -> Q:
    categories = [code for code, words in CATEGORY_TERMS.items() if term in words.split()]
    return (
        Q(title__icontains=term)
        | Q(description__icontains=term)
        | Q(requirements__icontains=term)
        | Q(enterprise__name__icontains=term)
        | Q(category__in=categories)
    )


def _alternative(alternative: Alternative) -> Q:
    condition = Q()
    for term in alternative.terms:
        condition &= _term(term)
    return condition


def _group(group: Group) -> Q:
    condition = Q(pk__in=[])
    for alternative in group.alternatives:
        condition |= _alternative(alternative)
    return condition


def plan_condition(plan: QueryPlan) -> Q:
    condition = Q()
    for group in plan.required_groups:
        condition &= _group(group)
    if plan.needs_one_optional:
        anyone = Q(pk__in=[])
        for group in plan.optional_groups:
            anyone |= _group(group)
        condition &= anyone
    return condition


def _band(key: str) -> Q:
    """Positions whose pay overlaps a salary band (search.documents.band_overlaps, in SQL)."""
    if key == NEGOTIABLE_BAND:
        return Q(salary_min__isnull=True, salary_max__isnull=True)
    for band, lower, upper, _label in SALARY_BANDS:
        if band == key:
            upper = upper if upper is not None else 10**12
            spread = Q(_low__lt=upper, _high__gt=lower) & ~Q(_low=F("_high"))
            point = Q(_low=F("_high"), _low__gte=lower, _low__lt=upper)
            return spread | point
    return Q(pk__in=[])


def filtered_positions(query: SearchQuery, plan: QueryPlan) -> QuerySet:
    """Searchable positions matching the plan (icontains) and the query's filters."""
    positions = searchable_positions().annotate(
        _low=Coalesce("salary_min", "salary_max"), _high=Coalesce("salary_max", "salary_min")
    )
    positions = positions.filter(plan_condition(plan))
    f = query.filters
    simple = {
        "city": "city_id",
        "industry": "enterprise__industry",
        "category": "category",
        "education": "education",
        "job_type": "job_type",
    }
    for name, column in simple.items():
        if name in f:
            positions = positions.filter(**{column: f[name]})
    if "salary" in f:
        positions = positions.filter(_band(f["salary"]))
    if "salary_min" in f:
        positions = positions.filter(_high__gte=max(f["salary_min"], 1))
    if "association" in f:
        members = (
            Membership.objects.approved()
            .filter(association_id=f["association"])
            .values("enterprise_id")
        )
        positions = positions.filter(enterprise_id__in=members)
    if "fair" in f:
        positions = positions.filter(pk__in=positions_listed_at(f["fair"]))
    any_of = query.any_of
    if "city" in any_of:
        positions = positions.filter(city_id__in=any_of["city"])
    if "education" in any_of:
        positions = positions.filter(education__in=any_of["education"])
    return positions


def _database_facets(positions: QuerySet) -> dict[str, list[FacetValue]]:
    facets = {}
    for name, column in (
        ("city", "city_id"),
        ("industry", "enterprise__industry"),
        ("category", "category"),
        ("education", "education"),
        ("job_type", "job_type"),
    ):
        counts = positions.order_by().values(column).annotate(n=Count("pk", distinct=True))
        facets[name] = [
            FacetValue(value=str(row[column]), count=row["n"])
            for row in counts
            if row[column] is not None
        ]
    bands = [key for key, *_rest in SALARY_BANDS] + [NEGOTIABLE_BAND]
    facets["salary"] = [
        FacetValue(value=key, count=n)
        for key in bands
        if (n := positions.filter(_band(key)).count())
    ]
    return facets
