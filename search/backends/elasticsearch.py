"""Elasticsearch backend (elasticsearch-dsl 8.18, client 8).

The mapping is explicit. Text fields hold the words `search.analyzer` produced (already lowercased)
and are analysed with Elasticsearch's built-in `whitespace` analyzer, so no Chinese plugin is needed
on the server and this backend matches exactly what the embedded one matches. Only what the
server's core provides is used (no `analysis-common` tokenizers, no `delete_by_query`), so the
same code runs on the full distribution and on the minimal test distribution CI starts.

The application reads and writes through an alias (`<prefix>-positions`); `rebuild` fills a new
index `<prefix>-positions-v<schema>-<stamp>` with bulk requests and swaps the alias in one atomic
call, then drops the old index.

`build_search` and `build_suggest` are pure functions (no server): tests assert the request bodies.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils import timezone
from elasticsearch import ApiError, BadRequestError, Elasticsearch, TransportError, helpers
from elasticsearch_dsl import A, Document, Integer, Keyword, Long, Q, Search, Text

from search.analyzer import segment_for_index
from search.backends.base import (
    FACET_SIZE,
    BackendUnavailable,
    IndexOutdated,
    SearchBackend,
    prefix_variants,
)
from search.documents import (
    FILTER_FIELDS,
    SCHEMA_VERSION,
    TEXT_FIELDS,
    PositionDocument,
)
from search.plan import Alternative, Group, QueryPlan
from search.query import SearchQuery
from search.results import FacetValue, Hit, SearchResult

logger = logging.getLogger(__name__)

SUGGEST_FIELDS = ("title_raw", "enterprise_raw")


class PositionIndexDocument(Document):
    """The Elasticsearch mapping of search.documents.PositionDocument."""

    id = Integer()
    version = Long(index=False)
    title = Text(analyzer="whitespace")
    enterprise = Text(analyzer="whitespace")
    body = Text(analyzer="whitespace")
    category_words = Text(analyzer="whitespace")
    # Whole titles and enterprise names, for autocompletion (prefixes of the original text).
    title_raw = Keyword()
    enterprise_raw = Keyword()
    industry = Keyword()
    education = Keyword()
    job_type = Keyword()
    salary_bands = Keyword(multi=True)
    category = Keyword()
    city = Integer()
    district = Integer()
    fair = Integer(multi=True)
    association = Integer(multi=True)
    enterprise_id = Integer()
    salary_top = Integer()
    published = Long()  # seconds since the epoch, as in the embedded index
    sort_newest = Long()
    sort_salary = Long()

    class Index:
        name = "positions"  # replaced by the alias of the configured prefix


def to_source(doc: PositionDocument) -> dict:
    return {
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
        "district": doc.district_id,
        "fair": list(doc.fair_ids),
        "association": list(doc.association_ids),
        "enterprise_id": doc.enterprise_id,
        "salary_top": doc.salary_top,
        "published": doc.published_ts,
        "sort_newest": doc.sort_newest,
        "sort_salary": doc.sort_salary,
    }


def _term_anywhere(term: str) -> Q:
    """A term in any text field, each field counting with its boost."""
    return Q(
        "bool",
        should=[
            Q("term", **{field: {"value": term, "boost": boost}}) for field, boost in TEXT_FIELDS
        ],
        minimum_should_match=1,
    )


def _alternative(alternative: Alternative) -> Q:
    return Q("bool", must=[_term_anywhere(t) for t in alternative.terms], boost=alternative.weight)


def _group(group: Group) -> Q:
    alternatives = [_alternative(a) for a in group.alternatives]
    return alternatives[0] if len(alternatives) == 1 else Q("dis_max", queries=alternatives)


def plan_clauses(plan: QueryPlan) -> tuple[list[Q], list[Q]]:
    """(must, should) clauses of a plan: required groups must match; with none, one other must."""
    must = [_group(g) for g in plan.required_groups]
    optional = [_group(g) for g in plan.optional_groups]
    if plan.needs_one_optional:
        must.append(Q("bool", should=optional, minimum_should_match=1))
        return must, []
    return must, optional


def filter_clauses(query: SearchQuery) -> list[Q]:
    filters = []
    for name, value in query.filters.items():
        if name == "salary_min":
            filters.append(Q("range", salary_top={"gte": max(value, 1)}))
        else:
            filters.append(Q("term", **{FILTER_FIELDS[name]: value}))
    for name, values in query.any_of.items():
        filters.append(Q("terms", **{FILTER_FIELDS[name]: list(values)}))
    return filters


def build_search(
    query: SearchQuery,
    plan: QueryPlan,
    index: str = "positions",
    *,
    facets: bool = True,
    exclude: Iterable[int] = (),
    size: int | None = None,
) -> Search:
    """The request for a plan: its groups, the filters (no score), facets, sort, page."""
    search = Search(index=index).extra(track_total_hits=True)
    must, should = plan_clauses(plan)
    filters = filter_clauses(query)
    excluded = sorted(set(exclude))
    if must or should or filters or excluded:
        search = search.query(
            Q(
                "bool",
                must=must,
                should=should,
                filter=filters,
                must_not=[Q("ids", values=[str(pk) for pk in excluded])] if excluded else [],
            )
        )
    sort = query.sort
    if sort == "relevance" and plan.is_empty:
        sort = "newest"
    if sort == "newest":
        search = search.sort({"sort_newest": {"order": "desc"}})
    elif sort == "salary":
        search = search.sort({"sort_salary": {"order": "desc"}})
    else:
        search = search.sort("_score", {"sort_newest": {"order": "desc"}})
    if facets:
        for name, field in FILTER_FIELDS.items():
            search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    search = search.source(["id"])  # highlighting is done in Python, on the original text
    size = query.page_size if size is None else size
    start = query.offset if size else 0
    return search[start : start + size]


def build_doc_freq(terms: list[str], index: str = "positions") -> Search:
    """How many documents hold each term in some text field: one filter bucket per term."""
    search = Search(index=index).extra(size=0)
    search.aggs.bucket(
        "terms", "filters", filters={term: _term_anywhere(term).to_dict() for term in terms}
    )
    return search


def _prefix_regexp(prefix: str) -> str:
    """A Lucene regular expression matching the values that begin with any of the variants."""
    special = set('.?+*|{}[]()"\\#@&<>~')
    escaped = ["".join(f"\\{c}" if c in special else c for c in v) for v in prefix_variants(prefix)]
    return "(" + "|".join(escaped) + ").*"


def build_suggest(prefix: str, limit: int = 8, index: str = "positions") -> Search:
    """Whole titles and enterprise names beginning with `prefix`, counted by position."""
    search = Search(index=index).extra(size=0)
    for field in SUGGEST_FIELDS:
        search.aggs.bucket(
            field, A("terms", field=field, include=_prefix_regexp(prefix), size=limit)
        )
    return search


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        prefix: str = "jinpin",
        client: Elasticsearch | None = None,
        *,
        shards: int = 1,
        replicas: int = 0,
        timeout: float = 5.0,
        retries: int = 2,
    ):
        self.url = url
        self.alias = f"{prefix}-positions"
        self.index_prefix = f"{prefix}-positions-v{SCHEMA_VERSION}-"
        self.shards = shards
        self.replicas = replicas
        self.timeout = timeout
        self.retries = retries
        self._client = client
        self._ready = False

    @property
    def hosts(self) -> list[str]:
        """Every node the client may talk to (ELASTICSEARCH_URL lists them, comma-separated)."""
        return [host.strip() for host in self.url.split(",") if host.strip()]

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.hosts:
                raise BackendUnavailable("ELASTICSEARCH_URL is not set")
            # A request that fails on one node (connection refused, timeout) is retried on the
            # next: with several nodes listed, losing one costs a retry, not a failed search.
            self._client = Elasticsearch(
                self.hosts,
                request_timeout=self.timeout,
                max_retries=self.retries,
                retry_on_timeout=True,
            )
        return self._client

    def index_settings(self) -> dict:
        return {"number_of_shards": self.shards, "number_of_replicas": self.replicas}

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (TransportError, ApiError, helpers.BulkIndexError) as exc:
            raise BackendUnavailable(f"Elasticsearch: {exc}") from exc

    def _create_index(self, name: str, **settings) -> None:
        index = PositionIndexDocument._index.clone(name)
        index.settings(**(self.index_settings() | settings))
        try:
            index.create(using=self.client)
        except BadRequestError as exc:
            # A create retried after a timeout finds the index its first attempt made.
            if exc.error != "resource_already_exists_exception":
                raise

    def _ensure(self) -> None:
        """Create the first index and its alias when there is none.

        An alias pointing at an index of an older schema version (SCHEMA_VERSION was bumped by a
        release) raises IndexOutdated: the new fields are not in its mapping, so searches answer
        from the database until `rebuild` builds the new version and swaps it in.
        """
        if self._ready:
            return
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            name = self.index_prefix + timezone.now().strftime("%Y%m%d%H%M%S%f")
            self._call(self._create_index, name)
            self._call(self.client.indices.put_alias, index=name, name=self.alias)
        else:
            names = list(self._call(self.client.indices.get_alias, name=self.alias))
            if not any(name.startswith(self.index_prefix) for name in names):
                raise IndexOutdated(
                    f"Elasticsearch: {self.alias} points at {', '.join(names)}, built for another "
                    f"schema than v{SCHEMA_VERSION}: run manage.py search_reindex"
                )
        self._ready = True

    def _bulk(self, actions, refresh=True) -> int:
        success, _errors = self._call(
            helpers.bulk, self.client, actions, chunk_size=1000, refresh=refresh
        )
        return success

    def upsert(self, documents: Iterable[PositionDocument]) -> int:
        self._ensure()
        actions = (
            {"_op_type": "index", "_index": self.alias, "_id": doc.id, "_source": to_source(doc)}
            for doc in documents
        )
        return self._bulk(actions)

    def delete(self, ids: Iterable[int]) -> None:
        self._ensure()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in ids]
        if actions:
            self._call(
                helpers.bulk,
                self.client,
                actions,
                refresh=True,
                raise_on_error=False,  # deleting a missing document is fine
            )

    def rebuild(self, documents: Iterable[PositionDocument]) -> int:
        name = self.index_prefix + timezone.now().strftime("%Y%m%d%H%M%S%f")
        # Bulk loading without refreshes or replicas; both are set back before the swap.
        self._call(self._create_index, name, number_of_replicas=0, refresh_interval="-1")
        actions = (
            {"_op_type": "index", "_index": name, "_id": doc.id, "_source": to_source(doc)}
            for doc in documents
        )
        count = self._bulk(actions, refresh=False)
        self._call(
            self.client.indices.put_settings,
            index=name,
            settings={"number_of_replicas": self.replicas, "refresh_interval": None},
        )
        self._call(self.client.indices.refresh, index=name)
        self._swap_alias(name)
        self._ready = True
        return count

    def _swap_alias(self, name: str) -> None:
        """Point the alias at `name` in one atomic call, then drop the indices it left."""
        old = []
        if self._call(self.client.indices.exists_alias, name=self.alias):
            old = list(self._call(self.client.indices.get_alias, name=self.alias).keys())
        swap = [{"remove": {"index": o, "alias": self.alias}} for o in old if o != name]
        swap.append({"add": {"index": name, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, actions=swap)
        for index in old:
            if index != name:
                self._call(self.client.indices.delete, index=index, ignore_unavailable=True)

    def clear(self) -> None:
        """Swap in a new empty index (delete-by-query is a module the minimal server lacks)."""
        name = self.index_prefix + timezone.now().strftime("%Y%m%d%H%M%S%f")
        self._call(self._create_index, name)
        self._swap_alias(name)
        self._ready = True

    def search(
        self,
        query: SearchQuery,
        plan: QueryPlan,
        *,
        facets: bool = True,
        exclude: Iterable[int] = (),
        size: int | None = None,
    ) -> SearchResult:
        self._ensure()
        request = build_search(
            query, plan, self.alias, facets=facets, exclude=exclude, size=size
        ).to_dict()
        response = self._call(self.client.search, index=self.alias, body=request)
        hits = [
            Hit(id=int(hit["_source"]["id"]), score=float(hit.get("_score") or 0.0))
            for hit in response["hits"]["hits"]
        ]
        aggregations = response.get("aggregations", {})
        result_facets = {
            name: [
                FacetValue(value=str(bucket["key"]), count=int(bucket["doc_count"]))
                for bucket in aggregations.get(name, {}).get("buckets", [])
            ]
            for name in FILTER_FIELDS
            if facets
        }
        return SearchResult(
            hits=hits,
            total=int(response["hits"]["total"]["value"]),
            facets=result_facets,
            page=query.page,
            page_size=query.page_size,
        )

    def doc_freq(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        self._ensure()
        request = build_doc_freq(terms, self.alias).to_dict()
        response = self._call(self.client.search, index=self.alias, body=request)
        buckets = response.get("aggregations", {}).get("terms", {}).get("buckets", {})
        return {term: int(buckets.get(term, {}).get("doc_count", 0)) for term in terms}

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        prefix = prefix.strip()
        if not prefix:
            return []
        self._ensure()
        body = build_suggest(prefix, limit, self.alias).to_dict()
        response = self._call(self.client.search, index=self.alias, body=body)
        counts: dict[str, int] = {}
        for field in SUGGEST_FIELDS:
            for bucket in response.get("aggregations", {}).get(field, {}).get("buckets", []):
                counts[bucket["key"]] = counts.get(bucket["key"], 0) + int(bucket["doc_count"])
        ranked = sorted(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
        return [term for term, _count in ranked[:limit]]

    def versions(self) -> dict[int, int]:
        self._ensure()
        scan = helpers.scan(
            self.client, index=self.alias, query={"query": {"match_all": {}}}, _source=["version"]
        )
        try:
            return {int(hit["_id"]): int(hit["_source"].get("version") or 0) for hit in scan}
        except (TransportError, ApiError) as exc:
            raise BackendUnavailable(f"Elasticsearch: {exc}") from exc
