"""What other apps call: search, suggest, index one position, rebuild, reconcile.

No other app imports a backend; `get_backend()` picks one by settings.SEARCH_BACKEND. Positions
come from the registered source (search/source.py), so this package imports no app. A query is
understood first (search/understanding.py) and the same plan goes to whichever engine answers;
when the engine fails, the source's database search answers and the result says `degraded`.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections import Counter as Tally
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from prometheus_client import Counter

from search.analyzer import highlight
from search.backends.base import BackendUnavailable, IndexDamaged, IndexOutdated, SearchBackend
from search.documents import NEGOTIABLE_BAND, SALARY_BAND_LABELS, SALARY_BANDS, PositionDocument
from search.plan import QueryPlan, Understanding
from search.query import SearchQuery
from search.results import Hit, SearchResult
from search.source import source
from search.understanding import understand
from search.vocabulary import (
    complete_pinyin,
    count_words,
    replace_vocabulary,
    sound_alike,
    spelled_alike,
)

logger = logging.getLogger(__name__)

_backends: dict[tuple, SearchBackend] = {}
DESCRIPTION_FRAGMENT = 120
# Fewer main hits than this, for a query of several required words: also search for any of them.
FEW_HITS = 20
RELATED_SIZE = 20
# A word used by fewer positions than this may be a typo: a better-known look-alike is offered.
RARE_WORD = 3


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
            # Each engine's client is loaded only where that backend is configured.
            from search.backends.elasticsearch import ElasticsearchBackend

            _backends.clear()  # one configuration at a time (tests switch directories)
            _backends[key] = ElasticsearchBackend(url=key[1], prefix=key[2], **options)
        return _backends[key]
    if name == "embedded":
        key = (name, str(settings.SEARCH_INDEX_DIR))
        if key not in _backends:
            # Each engine's client is loaded only where that backend is configured.
            from search.backends.embedded import EmbeddedBackend

            _backends.clear()
            _backends[key] = EmbeddedBackend(settings.SEARCH_INDEX_DIR)
        return _backends[key]
    raise ValueError(f"Unknown SEARCH_BACKEND {name!r}: use 'embedded' or 'elasticsearch'.")


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
    wanted = set(position_ids)
    documents = source().documents(wanted)
    gone = wanted - {doc.id for doc in documents}
    backend = get_backend()
    _forget_doc_freq()
    if gone:
        backend.delete(sorted(gone))
    if documents:
        backend.upsert(documents)
    return {"indexed": len(documents), "deleted": len(gone)}


def _counting(documents: Iterable[PositionDocument], counts: list) -> Iterator[PositionDocument]:
    """Pass documents through while counting their words for the vocabulary."""
    batch: list[PositionDocument] = []
    anywhere, titles = Tally(), Tally()
    for document in documents:
        batch.append(document)
        yield document
        if len(batch) >= 1000:
            more = count_words(batch)
            anywhere.update(more[0])
            titles.update(more[1])
            batch = []
    more = count_words(batch)
    anywhere.update(more[0])
    titles.update(more[1])
    counts.extend([anywhere, titles])


def rebuild_index() -> dict:
    """Build a new index of every searchable position and swap it in; renew the vocabulary.

    Positions changed while it was building are indexed again after the swap.
    """
    started = timezone.now()
    clock = time.perf_counter()
    counts: list = []
    _forget_doc_freq()
    count = get_backend().rebuild(_counting(source().all_documents(), counts))
    _forget_doc_freq()
    words = replace_vocabulary(*counts)
    for pk in source().changed_since(started):
        index_position_now(pk)
    return {"indexed": count, "words": words, "seconds": round(time.perf_counter() - clock, 2)}


def schedule_rebuild() -> bool:
    """Queue one rebuild of the index (at most one per ten minutes across processes).

    Without a broker (the embedded defaults) nothing is queued: a rebuild in the request that
    noticed would keep it waiting; `make run` rebuilds at start and the log says what to run.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        logger.warning("The search index needs a rebuild: run manage.py search_reindex")
        return False
    if not cache.add("search:rebuild-scheduled", True, timeout=600):
        return False
    from search.tasks import rebuild_index_task  # tasks import this module

    rebuild_index_task.delay()
    return True


def reconcile() -> dict:
    """Repair drift both ways (index missing or stale positions, remove ones that should not be
    there) and renew the vocabulary. An index that cannot be read is rebuilt instead."""
    backend = get_backend()
    try:
        indexed = backend.versions()
    except IndexDamaged as exc:
        logger.warning("%s: rebuilding it instead", exc)
        return {"rebuilt": rebuild_index()["indexed"]}
    counts: list = []
    fresh = {document.id: document for document in _counting(source().all_documents(), counts)}
    replace_vocabulary(*counts)
    stale = [doc for pk, doc in fresh.items() if indexed.get(pk) != doc.version]
    extra = [pk for pk in indexed if pk not in fresh]
    added = sum(1 for doc in stale if doc.id not in indexed)
    _forget_doc_freq()
    backend.upsert(stale)
    backend.delete(extra)
    return {"added": added, "updated": len(stale) - added, "removed": len(extra)}


# --- is the index to be trusted? --------------------------------------------------------------

# An index can be wrong without failing: deleted and started empty again, or its metadata lost.
# Each process compares the backend's document count with the database's searchable positions
# (at its first search, then every INDEX_CHECK_SECONDS); an index missing more than INDEX_SLACK
# positions and a tenth of them is not used (IndexDamaged): searches answer from the database,
# with the page's notice, and a rebuild is scheduled. Updates on their way never count as that.
INDEX_CHECK_SECONDS = 60.0
INDEX_SLACK = 50
_index_checks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def checked_backend() -> SearchBackend:
    """The backend, once its index passed the check (see above) within INDEX_CHECK_SECONDS."""
    backend = get_backend()
    checked_at = _index_checks.get(backend)
    if checked_at is not None and time.monotonic() - checked_at < INDEX_CHECK_SECONDS:
        return backend
    wanted = source().searchable_count()
    indexed = backend.search(SearchQuery(page_size=1), QueryPlan(), facets=False, size=1).total
    if wanted - indexed > max(INDEX_SLACK, wanted // 10):
        raise IndexDamaged(f"the search index holds {indexed} of {wanted} searchable positions")
    _index_checks[backend] = time.monotonic()
    return backend


# --- reading ---------------------------------------------------------------------------------

# Searches the engine could not answer (the database did, with the degraded notice): /metrics.
DEGRADED_SEARCHES = Counter(
    "jinpin_search_degraded_answers_total",
    "Searches answered from the database because the search engine failed",
)


def ping() -> None:
    """Raise unless the engine answers a query (the readiness check)."""
    get_backend().search(SearchQuery(page_size=1), QueryPlan(), facets=False, size=0)


# How many positions use a word changes slowly: each process remembers it for a minute (and
# forgets at once when it writes to the index itself), saving an engine round trip per search.
DOC_FREQ_TTL = 60.0
_doc_freq_cache: dict[tuple[SearchBackend, str], tuple[float, int]] = {}


def _forget_doc_freq() -> None:
    _doc_freq_cache.clear()


def _doc_freq(terms: list[str]) -> dict[str, int]:
    """Positions using each term, by the engine (the vocabulary's counts when it is down)."""
    try:
        backend = get_backend()
        now = time.monotonic()
        counts: dict[str, int] = {}
        missing = []
        for term in terms:
            cached = _doc_freq_cache.get((backend, term))
            if cached and now - cached[0] < DOC_FREQ_TTL:
                counts[term] = cached[1]
            else:
                missing.append(term)
        if missing:
            if len(_doc_freq_cache) > 20_000:
                _forget_doc_freq()
            for term, count in backend.doc_freq(missing).items():
                _doc_freq_cache[(backend, term)] = (now, count)
                counts[term] = count
        return counts
    except Exception:  # any engine failure: the vocabulary is the next best witness
        from search.models import Term  # search/__init__ imports this before models load

        known = dict(Term.objects.filter(word__in=terms).values_list("word", "documents"))
        return {term: known.get(term, 0) for term in terms}


def understand_query(text: str, *, correct: bool = True) -> Understanding:
    """The plan for what was typed (empty for no words); `correct=False` keeps typos as typed."""
    if not text.strip():
        return Understanding(text=text)
    return understand(text, doc_freq=_doc_freq, correct=correct)


def search_positions(query: SearchQuery) -> SearchResult:
    """Search, with rows, highlights and facet labels; the database answers if the engine fails.

    A query of several required words that finds few positions also brings, in `related`, the
    positions with any of its words; with a salary filter, `negotiable_total` says how many
    negotiable positions (面议) the other filters would add.
    """
    understanding = understand_query(query.text, correct=not query.verbatim)
    plan = understanding.plan
    try:
        result = _engine_search(query, plan)
    except (IndexOutdated, IndexDamaged) as exc:
        logger.warning("%s; answering from the database meanwhile", exc)
        schedule_rebuild()
        result = _database_search(query, plan)
    except Exception:  # any engine failure degrades to the database, never an error page
        logger.exception("Search backend failed; answering from the database")
        result = _database_search(query, plan)
    result.understanding = understanding
    if result.total < RARE_WORD and not understanding.corrections:
        result.did_you_mean = _did_you_mean(understanding)
    _attach_positions(result, plan)
    _label_facets(result, query)
    return result


def _engine_search(query: SearchQuery, plan: QueryPlan) -> SearchResult:
    backend = checked_backend()
    result = backend.search(query, plan)
    if plan.can_relax() and result.total < FEW_HITS and query.page >= result.num_pages:
        main = result.ids
        if result.total > len(main):
            main = backend.search(query.with_(page=1), plan, facets=False, size=FEW_HITS).ids
        related = backend.search(
            query.with_(page=1), plan.relax(), facets=False, exclude=main, size=RELATED_SIZE
        )
        result.related, result.related_total = related.hits, related.total
    if _salary_filtered(query):
        negotiable = query.with_(salary=NEGOTIABLE_BAND, salary_min=None, page=1)
        result.negotiable_total = backend.search(negotiable, plan, facets=False, size=0).total
    return result


def _database_search(query: SearchQuery, plan: QueryPlan) -> SearchResult:
    DEGRADED_SEARCHES.inc()
    result = source().database_search(query, plan)
    result.degraded = True
    if plan.can_relax() and result.total < FEW_HITS and query.page >= result.num_pages:
        main = source().database_search(query.with_(page=1, page_size=FEW_HITS), plan).ids
        related = source().database_search(
            query.with_(page=1, page_size=RELATED_SIZE), plan.relax(), exclude=main
        )
        result.related, result.related_total = related.hits, related.total
    if _salary_filtered(query):
        negotiable = query.with_(salary=NEGOTIABLE_BAND, salary_min=None, page=1)
        result.negotiable_total = source().database_search(negotiable, plan).total
    return result


def _salary_filtered(query: SearchQuery) -> bool:
    return (bool(query.salary) and query.salary != NEGOTIABLE_BAND) or bool(query.salary_min)


def _did_you_mean(understanding: Understanding) -> list[str]:
    """Better-known words that sound or look like the rare words of a query that found little."""
    offers: list[str] = []
    for group in understanding.plan.groups:
        word = group.word
        if word.isascii() or len(word) < 2:
            continue
        for candidate, used in [*sound_alike(word), *spelled_alike(word)]:
            if used >= RARE_WORD and candidate not in offers:
                offers.append(understanding.text.replace(word, candidate))
                break
    return offers[:3]


def suggest(prefix: str, limit: int = 8) -> list[str]:
    """Titles and enterprise names beginning with `prefix`, and words spelled by it in pinyin."""
    prefix = (prefix or "").strip()[:50]
    if not prefix:
        return []
    try:
        found = get_backend().suggest(prefix, limit)
    except Exception:
        logger.exception("Search backend failed; suggesting from the database")
        found = source().database_suggest(prefix, limit)
    if prefix.isascii() and prefix.isalpha() and len(found) < limit:
        found += [w for w in complete_pinyin(prefix, limit=limit) if w not in found]
    return found[:limit]


def _attach_positions(result: SearchResult, plan: QueryPlan) -> None:
    ids = [*result.ids, *(hit.id for hit in result.related)]
    rows = source().rows(ids)
    terms = plan.terms
    result.hits = _with_rows(result.hits, rows, terms)
    result.related = _with_rows(result.related, rows, terms)


def _with_rows(hits: list[Hit], rows: dict, terms: set[str]) -> list[Hit]:
    kept = []
    for hit in hits:
        row = rows.get(hit.id)
        if row is None:  # deleted since it was indexed
            continue
        texts = source().texts(row)
        hit.position = row
        hit.highlights = {
            "title": highlight(texts["title"], terms),
            "enterprise_name": highlight(texts["enterprise_name"], terms),
            "description": highlight(texts["description"], terms, fragment=DESCRIPTION_FRAGMENT),
        }
        kept.append(hit)
    return kept


def _label_facets(result: SearchResult, query: SearchQuery) -> None:
    selected = {name: str(value) for name, value in query.filters.items()}
    order = {key: i for i, (key, *_rest) in enumerate(SALARY_BANDS)} | {NEGOTIABLE_BAND: 99}
    for name, values in result.facets.items():
        if name == "salary":
            labels = {key: str(label) for key, label in SALARY_BAND_LABELS.items()}
        else:
            labels = source().labels(name, [v.value for v in values])
        for value in values:
            value.label = labels.get(value.value, value.value)
            value.selected = selected.get(name) == value.value
        if name == "salary":
            values.sort(key=lambda v: order.get(v.value, 100))
        else:
            values.sort(key=lambda v: (-v.count, v.label))


__all__ = [
    "BackendUnavailable",
    "get_backend",
    "index_position_now",
    "rebuild_index",
    "reconcile",
    "search_positions",
    "suggest",
    "understand_query",
]
