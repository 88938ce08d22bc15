"""Embedded search backend: tantivy (a Lucene-like engine in Rust) on local disk, no service.

Layout under settings.SEARCH_INDEX_DIR: each index is a directory `positions-v<schema>-<stamp>`; the
file `positions-v<schema>.current` names the one in use. A reindex builds a new directory and
replaces the pointer file atomically; every process checks the pointer before each operation and
reopens when it changed. A schema change (SCHEMA_VERSION) therefore starts from a new directory.

tantivy allows one writer per index across processes (a second one fails at once with LockBusy):
writers here are short-lived and retried with a small random backoff, so web and worker processes
can all write. Custom tokenizers are not saved with an index: `_open` registers the whitespace
analyzer every time. Readers are reloaded after each commit made in this process; commits of other
processes become visible by tantivy's own reload policy (about half a second).
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import shutil
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils import timezone

from search.analyzer import segment_for_index
from search.backends.base import (
    FACET_SIZE,
    BackendUnavailable,
    IndexDamaged,
    SearchBackend,
    prefix_variants,
)
from search.documents import (
    FIELD_TIE_BREAKER,
    FILTER_FIELDS,
    SCHEMA_VERSION,
    TEXT_FIELDS,
    PositionDocument,
)
from search.plan import Alternative, Group, QueryPlan
from search.query import SearchQuery
from search.results import FacetValue, Hit, SearchResult

logger = logging.getLogger(__name__)

TOKENIZER = "jinpin_whitespace"
INT_FIELDS = {"city", "fair", "association"}
LOCK_TIMEOUT_S = 10.0
WRITER_HEAP = 50_000_000
BULK_HEAP = 200_000_000


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_integer_field("version", fast=True)
    for name, _boost in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="freq")
    # Whole titles and enterprise names, for autocompletion (term dictionary prefixes).
    builder.add_text_field("title_raw", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("enterprise_raw", tokenizer_name="raw", index_option="basic")
    for name in ("industry", "education", "job_type", "salary_bands", "category"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in ("city", "district", "fair", "association", "enterprise_id", "salary_top"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("published", "sort_newest", "sort_salary"):
        builder.add_integer_field(name, indexed=True, fast=True)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def to_tantivy(doc: PositionDocument) -> tantivy.Document:
    fields = {
        "id": doc.id,
        "version": doc.version,
        "title": segment_for_index(doc.title),
        "enterprise": segment_for_index(doc.enterprise_name),
        "body": segment_for_index(doc.body),
        "category_words": segment_for_index(doc.category_words),
        "title_raw": doc.title,
        "enterprise_raw": doc.enterprise_name,
        "industry": doc.industry,
        "education": doc.education,
        "job_type": doc.job_type,
        "salary_bands": doc.salary_bands,
        "category": doc.category,
        "city": doc.city_id,
        "enterprise_id": doc.enterprise_id,
        "salary_top": doc.salary_top,
        "published": doc.published_ts,
        "sort_newest": doc.sort_newest,
        "sort_salary": doc.sort_salary,
    }
    if doc.district_id:
        fields["district"] = doc.district_id
    if doc.fair_ids:
        fields["fair"] = list(doc.fair_ids)
    if doc.association_ids:
        fields["association"] = list(doc.association_ids)
    return tantivy.Document(**fields)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, directory: Path | None = None):
        self.root = Path(directory or settings.SEARCH_INDEX_DIR)
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._current: tuple[str, tantivy.Index] | None = None

    # --- index directories ------------------------------------------------------------------

    @property
    def pointer(self) -> Path:
        return self.root / f"positions-v{SCHEMA_VERSION}.current"

    @contextmanager
    def _dir_lock(self):
        """Serialise creating and swapping index directories across processes."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _new_dir(self) -> Path:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        path = self.root / f"positions-v{SCHEMA_VERSION}-{stamp}"
        path.mkdir(parents=True)
        return path

    def _point_to(self, path: Path) -> None:
        tmp = self.pointer.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(path.name)
        os.replace(tmp, self.pointer)

    def _current_name(self) -> str:
        try:
            return self.pointer.read_text().strip()
        except FileNotFoundError:
            with self._dir_lock():
                if not self.pointer.exists():
                    path = self._new_dir()
                    self._open(path)
                    self._point_to(path)
                return self.pointer.read_text().strip()

    def _open(self, path: Path) -> tantivy.Index:
        index = tantivy.Index(self.schema, path=str(path))
        index.register_tokenizer(TOKENIZER, _analyzer())
        return index

    def index(self) -> tantivy.Index:
        """The index in use, reopened when another process swapped in a new one."""
        try:
            name = self._current_name()
        except (OSError, ValueError) as exc:
            raise BackendUnavailable(f"search index unavailable: {exc}") from exc
        try:
            with self._lock:
                if self._current is None or self._current[0] != name:
                    self._current = (name, self._open_in_use(self.root / name))
                return self._current[1]
        except (OSError, ValueError) as exc:
            raise IndexDamaged(f"search index {name} cannot be read: {exc}") from exc

    def _open_in_use(self, path: Path) -> tantivy.Index:
        """Open the index the pointer names, checking it first: tantivy refuses a missing
        directory or an unreadable meta.json, but over a deleted meta.json it would silently
        start an empty index. Refused, searches degrade and a rebuild repairs it (service)."""
        if path.is_dir() and not (path / "meta.json").is_file():
            raise ValueError(f"{path.name} has lost its meta.json")
        return self._open(path)

    # --- writing ----------------------------------------------------------------------------

    @staticmethod
    def _writer(index: tantivy.Index, heap: int = WRITER_HEAP, threads: int = 1):
        """A writer, retrying while another process holds the index lock."""
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=threads)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise BackendUnavailable(f"search index locked: {exc}") from exc
                time.sleep(delay + random.uniform(0, delay))  # noqa: S311 (jitter)
                delay = min(delay * 2, 0.2)

    @contextmanager
    def _writing(self, index: tantivy.Index | None = None, **kwargs):
        index = index or self.index()
        writer = self._writer(index, **kwargs)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # releases the lock
        index.reload()

    def upsert(self, documents: Iterable[PositionDocument]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        converted = [to_tantivy(doc) for doc in documents]
        with self._writing() as writer:
            for doc, tdoc in zip(documents, converted, strict=True):
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(tdoc)
        return len(documents)

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if not ids:
            return
        with self._writing() as writer:
            for pk in ids:
                writer.delete_documents_by_term("id", pk)

    def rebuild(self, documents: Iterable[PositionDocument], batch: int = 5000) -> int:
        path = self._new_dir()
        index = self._open(path)
        count = 0
        with self._writing(index, heap=BULK_HEAP, threads=min(4, os.cpu_count() or 1)) as writer:
            for doc in documents:
                writer.add_document(to_tantivy(doc))
                count += 1
        with self._dir_lock():
            previous = self.pointer.read_text().strip() if self.pointer.exists() else ""
            self._point_to(path)
        with self._lock:
            self._current = (path.name, index)
        if previous and previous != path.name:
            # Processes that still have it open keep reading their files (POSIX unlink).
            shutil.rmtree(self.root / previous, ignore_errors=True)
        return count

    def clear(self) -> None:
        with self._writing() as writer:
            writer.delete_all_documents()

    # --- reading ----------------------------------------------------------------------------

    def _term(self, field: str, value) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _term_anywhere(self, term: str) -> tantivy.Query:
        """A term in any text field, counting by its best field (search/plan.py)."""
        return tantivy.Query.disjunction_max_query(
            [
                tantivy.Query.boost_query(self._term(field, term), boost)
                for field, boost in TEXT_FIELDS
            ],
            tie_breaker=FIELD_TIE_BREAKER,
        )

    def _alternative(self, alternative: Alternative) -> tantivy.Query:
        """Every term required; the weight shared among them (as the Elasticsearch backend)."""
        clauses = [(tantivy.Occur.Must, self._term_anywhere(t)) for t in alternative.terms]
        weight = alternative.weight / len(alternative.terms)
        return tantivy.Query.boost_query(tantivy.Query.boolean_query(clauses), weight)

    def _group(self, group: Group) -> tantivy.Query:
        alternatives = [self._alternative(a) for a in group.alternatives]
        if len(alternatives) == 1:
            return alternatives[0]
        return tantivy.Query.disjunction_max_query(alternatives)

    def build_query(
        self, query: SearchQuery, plan: QueryPlan, exclude: Iterable[int] = ()
    ) -> tantivy.Query:
        """The tantivy query: the plan's groups (as search/plan.py says), filters without score."""
        Occur = tantivy.Occur
        clauses = [(Occur.Must, self._group(g)) for g in plan.required_groups]
        optional = [(Occur.Should, self._group(g)) for g in plan.optional_groups]
        if plan.needs_one_optional:
            clauses.append((Occur.Must, tantivy.Query.boolean_query(optional)))
        else:
            clauses += optional
        for name, value in query.filters.items():
            if name == "salary_min":
                clause = tantivy.Query.range_query(
                    self.schema, "salary_top", tantivy.FieldType.Integer, lower_bound=max(value, 1)
                )
            else:
                clause = self._term(FILTER_FIELDS[name], value)
            clauses.append((Occur.Must, tantivy.Query.const_score_query(clause, 0.0)))
        for name, values in query.any_of.items():
            clause = tantivy.Query.boolean_query(
                [(Occur.Should, self._term(FILTER_FIELDS[name], value)) for value in values]
            )
            clauses.append((Occur.Must, tantivy.Query.const_score_query(clause, 0.0)))
        excluded = sorted(set(exclude))
        if excluded:
            if not any(occur == Occur.Must for occur, _q in clauses):
                clauses.append((Occur.Must, tantivy.Query.all_query()))
            clauses.append(
                (Occur.MustNot, tantivy.Query.term_set_query(self.schema, "id", excluded))
            )
        if not clauses:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def aggregations() -> dict:
        return {
            name: {"terms": {"field": field, "size": FACET_SIZE}}
            for name, field in FILTER_FIELDS.items()
        }

    def search(
        self,
        query: SearchQuery,
        plan: QueryPlan,
        *,
        facets: bool = True,
        exclude: Iterable[int] = (),
        size: int | None = None,
    ) -> SearchResult:
        index = self.index()
        size = query.page_size if size is None else size
        try:
            searcher = index.searcher()
            tquery = self.build_query(query, plan, exclude)
            kwargs: dict = {"limit": max(size, 1), "offset": query.offset if size else 0}
            sort = query.sort
            if sort == "relevance" and plan.is_empty:
                sort = "newest"
            if sort == "newest":
                kwargs["order_by_field"] = "sort_newest"
            elif sort == "salary":
                kwargs["order_by_field"] = "sort_salary"
            found = searcher.search(tquery, count=True, **kwargs)
            hits = found.hits if size else []
            addresses = [address for _key, address in hits]
            ids = searcher.fast_field_values("id", addresses) if addresses else []
            scores = [float(key) if sort == "relevance" else 0.0 for key, _a in hits]
            aggregated = searcher.aggregate(tquery, self.aggregations()) if facets else {}
        except ValueError as exc:
            raise BackendUnavailable(f"search failed: {exc}") from exc
        result_facets = {
            name: [
                FacetValue(value=str(bucket["key"]), count=int(bucket["doc_count"]))
                for bucket in aggregated.get(name, {}).get("buckets", [])
                if bucket["doc_count"]
            ]
            for name in FILTER_FIELDS
            if facets
        }
        return SearchResult(
            hits=[Hit(id=int(pk), score=score) for pk, score in zip(ids, scores, strict=True)],
            total=found.count,
            facets=result_facets,
            page=query.page,
            page_size=query.page_size,
        )

    def doc_freq(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        index = self.index()
        try:
            searcher = index.searcher()
            return {
                term: searcher.search(self._term_anywhere(term), limit=1, count=True).count
                for term in terms
            }
        except ValueError as exc:
            raise BackendUnavailable(f"search failed: {exc}") from exc

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = prefix.strip()
        if not prefix:
            return []
        searcher = self.index().searcher()
        alive = tantivy.Query.all_query()
        variants = prefix_variants(prefix)
        counts: dict[str, int] = {}
        try:
            for field in ("title_raw", "enterprise_raw"):
                for variant in variants:
                    for term, count in searcher.terms_with_prefix(
                        field, variant, filter_query=alive, limit=limit
                    ):
                        if count:
                            counts[term] = counts.get(term, 0) + count
        except ValueError as exc:
            raise BackendUnavailable(f"suggest failed: {exc}") from exc
        ranked = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
        return [term for term, _count in ranked[:limit]]

    def versions(self) -> dict[int, int]:
        searcher = self.index().searcher()
        total = searcher.num_docs
        if not total:
            return {}
        found = searcher.search(tantivy.Query.all_query(), limit=total, count=False)
        addresses = [address for _score, address in found.hits]
        ids = searcher.fast_field_values("id", addresses)
        versions = searcher.fast_field_values("version", addresses)
        return {int(pk): int(v or 0) for pk, v in zip(ids, versions, strict=True)}
