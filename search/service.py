"""What other apps call: search, suggest, index one position, rebuild, reconcile.

No other app imports a backend; `get_backend()` picks one by settings.SEARCH_BACKEND. When the
backend raises, searches fall back to a database query (same filters, facets by the database) and
the result says `degraded`.
"""

from __future__ import annotations

import logging
import time
import weakref

from django.conf import settings
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from search.analyzer import highlight
from search.backends.base import BackendUnavailable, SearchBackend
from search.documents import (
    NEGOTIABLE_BAND,
    SALARY_BAND_LABELS,
    SALARY_BANDS,
    documents_for_positions,
)
from search.query import SearchQuery
from search.results import FacetValue, Hit, SearchResult

logger = logging.getLogger(__name__)

_backends: dict[tuple, SearchBackend] = {}
DESCRIPTION_FRAGMENT = 120


def get_backend() -> SearchBackend:
    """The configured backend (one instance per process and configuration)."""
    name = settings.SEARCH_BACKEND
    if name == "elasticsearch":
        options = {
            "shards": settings.ELASTICSEARCH_SHARDS,
            "replicas": settings.ELASTICSEARCH_REPLICAS,
            "timeout": settings.ELASTICSEARCH_TIMEOUT,
            "retries": settings.ELASTICSEARCH_MAX_RETRIES,
        }
        key = (
            name,
            settings.ELASTICSEARCH_URL,
            settings.ELASTICSEARCH_INDEX_PREFIX,
            *options.values(),
        )
        if key not in _backends:
            from search.backends.elasticsearch import ElasticsearchBackend

            _backends.clear()  # one configuration at a time (tests switch directories)
            _backends[key] = ElasticsearchBackend(url=key[1], prefix=key[2], **options)
        return _backends[key]
    if name == "embedded":
        key = (name, str(settings.SEARCH_INDEX_DIR))
        if key not in _backends:
            from search.backends.embedded import EmbeddedBackend

            _backends.clear()
            _backends[key] = EmbeddedBackend(settings.SEARCH_INDEX_DIR)
        return _backends[key]
    raise ValueError(f"Unknown SEARCH_BACKEND {name!r}: use 'embedded' or 'elasticsearch'.")


# --- which rows belong in the index ----------------------------------------------------------


def searchable_positions() -> QuerySet:
    """Positions that belong in the index (the same rule as Position.is_searchable)."""
    from jobs.models import Position

    today = timezone.localdate()
    return Position.objects.filter(
        Q(deadline__isnull=True) | Q(deadline__gte=today),
        status=Position.Status.PUBLISHED,
        suspended_at__isnull=True,
    )


def _with_related(positions: QuerySet) -> QuerySet:
    return positions.select_related("enterprise", "city", "district")


# --- writing ---------------------------------------------------------------------------------


def index_position_now(position_id: int) -> str:
    """Upsert or delete one position's document now; returns "indexed" or "deleted".

    Idempotent. Raises BackendUnavailable when the backend cannot be reached.
    """
    return "indexed" if index_positions_now([position_id])["indexed"] else "deleted"


def index_positions_now(position_ids: list[int]) -> dict:
    """Upsert or delete many positions' documents in one write per kind; idempotent.

    Raises BackendUnavailable when the backend cannot be reached.
    """
    from jobs.models import Position

    wanted = set(position_ids)
    searchable = [
        p for p in _with_related(Position.objects.filter(pk__in=wanted)) if p.is_searchable
    ]
    documents = list(documents_for_positions(searchable)) if searchable else []
    gone = wanted - {p.pk for p in searchable}
    backend = get_backend()
    if gone:
        backend.delete(sorted(gone))
    if documents:
        backend.upsert(documents)
    return {"indexed": len(documents), "deleted": len(gone)}


def _iter_documents(positions: QuerySet, batch: int = 2000):
    ids = list(positions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = _with_related(positions.model.objects.filter(pk__in=ids[start : start + batch]))
        yield from documents_for_positions(chunk.order_by("pk"))


def rebuild_index() -> dict:
    """Build a new index of every searchable position and swap it in.

    Positions changed while it was building are indexed again after the swap.
    """
    started = timezone.now()
    clock = time.perf_counter()
    count = get_backend().rebuild(_iter_documents(searchable_positions()))
    from jobs.models import Position

    changed = list(Position.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    for pk in changed:
        index_position_now(pk)
    return {"indexed": count, "seconds": round(time.perf_counter() - clock, 2)}


def reconcile() -> dict:
    """Repair drift both ways: index missing or stale positions, remove ones that should not be.

    An index that cannot be read (damaged, or its files gone) is rebuilt instead.
    """
    backend = get_backend()
    try:
        indexed = backend.versions()
    except BackendUnavailable as exc:
        logger.warning("Search index unreadable (%s): rebuilding it instead", exc)
        return {"rebuilt": rebuild_index()["indexed"]}
    wanted = searchable_positions()
    fresh = {}
    for document in _iter_documents(wanted):
        fresh[document.id] = document
    stale = [doc for pk, doc in fresh.items() if indexed.get(pk) != doc.version]
    extra = [pk for pk in indexed if pk not in fresh]
    added = sum(1 for doc in stale if doc.id not in indexed)
    backend.upsert(stale)
    backend.delete(extra)
    return {"added": added, "updated": len(stale) - added, "removed": len(extra)}


# --- reading ---------------------------------------------------------------------------------


def search_positions(query: SearchQuery) -> SearchResult:
    """Search, with rows, highlights and facet labels; the database answers if the engine fails
    or its index cannot be trusted."""
    try:
        result = _checked_backend().search(query)
    except Exception:  # any engine failure degrades to the database, never an error page
        logger.exception("Search backend failed; answering from the database")
        result = database_search(query)
    _attach_positions(result, query)
    _label_facets(result, query)
    return result


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Titles and enterprise names beginning with `prefix` (the database answers if needed)."""
    prefix = (prefix or "").strip()[:50]
    if not prefix:
        return []
    try:
        return _checked_backend().suggest(prefix, limit)
    except Exception:
        logger.exception("Search backend failed; suggesting from the database")
        positions = searchable_positions()
        titles = positions.filter(title__istartswith=prefix).values_list("title", flat=True)
        names = positions.filter(enterprise__name__istartswith=prefix).values_list(
            "enterprise__name", flat=True
        )
        seen: dict[str, None] = {}
        for value in [*titles.distinct()[:limit], *names.distinct()[:limit]]:
            seen.setdefault(value, None)
        return list(seen)[:limit]


# --- is the index to be trusted? --------------------------------------------------------------

# An index can be wrong without failing: deleted and started empty again, or its metadata lost.
# Each process checks the backend's document count against the database's searchable positions
# (at its first search, then every INDEX_CHECK_SECONDS); one missing more than INDEX_SLACK
# positions and a tenth of them is not used: searches answer from the database (degraded, with
# the page's notice) and a rebuild is scheduled. Updates still on their way never count as that.
INDEX_CHECK_SECONDS = 60.0
INDEX_RECHECK_SECONDS = 10.0  # after a failed check
INDEX_SLACK = 50
_index_checks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def index_problem(backend: SearchBackend) -> str | None:
    """Why the backend's index is not to be trusted, or None. Raises BackendUnavailable when it
    cannot be read at all."""
    wanted = searchable_positions().count()
    indexed = backend.search(SearchQuery(page_size=1)).total
    if wanted - indexed > max(INDEX_SLACK, wanted // 10):
        return f"the index holds {indexed} of {wanted} searchable positions"
    return None


def _checked_backend() -> SearchBackend:
    """The backend when its index passed the check lately; else BackendUnavailable, and a
    rebuild is scheduled."""
    backend = get_backend()
    checked_at, problem = _index_checks.get(backend, (None, None))
    now = time.monotonic()
    wait = INDEX_RECHECK_SECONDS if problem else INDEX_CHECK_SECONDS
    if checked_at is None or now - checked_at >= wait:
        try:
            problem = index_problem(backend)
        except BackendUnavailable as exc:
            problem = str(exc)
        _index_checks[backend] = (now, problem)
        if problem:
            from search.tasks import schedule_repair  # the tasks module imports this one

            logger.warning("Search index not used (%s): rebuild scheduled", problem)
            schedule_repair()
    if problem:
        raise BackendUnavailable(problem)
    return backend


def repair_index() -> dict:
    """Rebuild the index if it still cannot be read or misses many positions (a search found it
    so); with the engine itself unreachable this raises, and the task retries later."""
    backend = get_backend()
    try:
        problem = index_problem(backend)
    except BackendUnavailable as exc:
        problem = str(exc)
    if problem is None:
        return {"repaired": False}
    logger.warning("Search index rebuilt: %s", problem)
    counts = rebuild_index()
    _index_checks.clear()
    return {"repaired": True, **counts}


def _attach_positions(result: SearchResult, query: SearchQuery) -> None:
    from jobs.models import Position

    rows = _with_related(Position.objects.filter(pk__in=result.ids)).in_bulk()
    tokens = query.tokens
    hits = []
    for hit in result.hits:
        position = rows.get(hit.id)
        if position is None:  # deleted since it was indexed
            continue
        hit.position = position
        hit.highlights = {
            "title": highlight(position.title, tokens),
            "enterprise_name": highlight(position.enterprise.name, tokens),
            "description": highlight(position.description, tokens, fragment=DESCRIPTION_FRAGMENT),
        }
        hits.append(hit)
    result.hits = hits


def _label_facets(result: SearchResult, query: SearchQuery) -> None:
    from associations.models import Association, Industry, Region
    from jobs.models import Education, JobType

    labels: dict[str, dict[str, str]] = {
        "industry": {k: str(v) for k, v in Industry.choices},
        "education": {k: str(v) for k, v in Education.choices},
        "job_type": {k: str(v) for k, v in JobType.choices},
        "salary": {k: str(v) for k, v in SALARY_BAND_LABELS.items()},
    }

    def ids(name: str) -> list[int]:
        return [int(v.value) for v in result.facets.get(name, []) if v.value.isdigit()]

    cities = Region.objects.filter(pk__in=ids("city")).values_list("pk", "name")
    labels["city"] = {str(pk): name for pk, name in cities}
    labels["association"] = {
        str(a.pk): a.short_name or a.name
        for a in Association.objects.filter(pk__in=ids("association")).only("name", "short_name")
    }
    try:
        from fairs.models import Fair

        labels["fair"] = {
            str(pk): title
            for pk, title in Fair.objects.filter(pk__in=ids("fair")).values_list("pk", "title")
        }
    except (ImportError, LookupError):
        labels["fair"] = {}
    selected = {name: str(value) for name, value in query.filters.items()}
    order = {key: i for i, (key, *_rest) in enumerate(SALARY_BANDS)} | {NEGOTIABLE_BAND: 99}
    for name, values in result.facets.items():
        for value in values:
            value.label = labels.get(name, {}).get(value.value, value.value)
            value.selected = selected.get(name) == value.value
        if name == "salary":
            values.sort(key=lambda v: order.get(v.value, 100))
        else:
            values.sort(key=lambda v: (-v.count, v.label))


# --- the database fallback -------------------------------------------------------------------


def _salary_band_expression():
    top = Coalesce("salary_max", "salary_min")
    whens = [When(salary_max__isnull=True, salary_min__isnull=True, then=Value(NEGOTIABLE_BAND))]
    for key, _lower, upper, _label in SALARY_BANDS:
        if upper is not None:
            whens.append(When(Q(_top__lt=upper), then=Value(key)))
    return top, Case(*whens, default=Value(SALARY_BANDS[-1][0]), output_field=CharField())


def _listed_at(fair_id: int):
    """Ids of positions an approved participant lists at a public fair (as the documents say)."""
    try:
        from fairs.models import Participation
        from fairs.selectors import LISTED_STATUSES
    except ImportError:
        return []
    return Participation.positions.through.objects.filter(
        participation__fair_id=fair_id,
        participation__status=Participation.Status.APPROVED,
        participation__fair__status__in=LISTED_STATUSES,
    ).values("position_id")


def filtered_positions(query: SearchQuery) -> QuerySet:
    """Searchable positions matching the query's words (icontains) and filters, by the database."""
    top, band = _salary_band_expression()
    positions = searchable_positions().annotate(_top=top).annotate(_band=band)
    for token in query.tokens:
        positions = positions.filter(
            Q(title__icontains=token)
            | Q(description__icontains=token)
            | Q(requirements__icontains=token)
            | Q(enterprise__name__icontains=token)
        )
    f = query.filters
    if "city" in f:
        positions = positions.filter(city_id=f["city"])
    if "industry" in f:
        positions = positions.filter(enterprise__industry=f["industry"])
    if "education" in f:
        positions = positions.filter(education=f["education"])
    if "job_type" in f:
        positions = positions.filter(job_type=f["job_type"])
    if "salary" in f:
        positions = positions.filter(_band=f["salary"])
    if "salary_min" in f:
        positions = positions.filter(_top__gte=max(f["salary_min"], 1))
    if "association" in f:
        from associations.models import Membership

        members = Membership.objects.filter(
            association_id=f["association"], status=Membership.Status.APPROVED
        ).values("enterprise_id")
        positions = positions.filter(enterprise_id__in=members)
    if "fair" in f:
        positions = positions.filter(pk__in=_listed_at(f["fair"]))
    any_of = query.any_of
    if "city" in any_of:
        positions = positions.filter(city_id__in=any_of["city"])
    if "education" in any_of:
        positions = positions.filter(education__in=any_of["education"])
    return positions


def database_search(query: SearchQuery) -> SearchResult:
    """The degraded answer: the same query by the database, facets counted by the database."""
    positions = filtered_positions(query)
    order = {"salary": ["-_top", "-published_at", "-pk"]}.get(query.sort, ["-published_at", "-pk"])
    total = positions.count()
    page = positions.order_by(*order).values_list("pk", flat=True)[
        query.offset : query.offset + query.page_size
    ]
    facets = {}
    for name, column in (
        ("city", "city_id"),
        ("industry", "enterprise__industry"),
        ("education", "education"),
        ("job_type", "job_type"),
        ("salary", "_band"),
    ):
        counts = positions.order_by().values(column).annotate(n=Count("pk", distinct=True))
        facets[name] = [
            FacetValue(value=str(row[column]), count=row["n"])
            for row in counts
            if row[column] is not None
        ]
    return SearchResult(
        hits=[Hit(id=pk) for pk in page],
        total=total,
        facets=facets,
        degraded=True,
        page=query.page,
        page_size=query.page_size,
    )


__all__ = [
    "BackendUnavailable",
    "database_search",
    "get_backend",
    "index_position_now",
    "rebuild_index",
    "reconcile",
    "repair_index",
    "search_positions",
    "searchable_positions",
    "suggest",
]
