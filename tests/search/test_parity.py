"""Parity: the embedded engine and Elasticsearch give the same answers to the same queries.

One seeded corpus (bench/corpus.py, the search benchmark's) indexed by both backends, then the
benchmark's 50 query shapes and the query understanding's (typos, pinyin, related words, English,
the "also found" block, salary overlap, categories) through both. Compared: totals, facet counts,
the "also found" block, the negotiable count, corrections, "did you mean", suggestions; the hits
in order wherever the order is defined by a field (newest, salary, no words), and as a set where
it is by relevance.

The one difference named: relevance scores. Both engines rank by BM25 over the same words with
the same boosts, but their scoring details differ (norm encoding, idf over segments or shards),
and positions that tie are ordered by Elasticsearch newest first and by tantivy by its document
order. So for relevance the set of hits is compared, not the order.
"""

import pytest
from django.utils import timezone

from bench.corpus import QUERIES, concrete, seed
from search import SearchQuery, rebuild_index, search_positions, suggest
from search.service import get_backend
from tests.services import requires_elasticsearch

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch, requires_elasticsearch]

UNDERSTANDING = [
    {"q": "出纳"},
    {"q": "会记"},
    {"q": "软建工程师"},
    {"q": "数椐分析"},
    {"q": "kuaiji"},
    {"q": "kj"},
    {"q": "accountant"},
    {"q": "nurse", "city": "CITY0"},
    {"q": "电气工程师"},
    {"q": "仓库管理员"},
    {"q": "Python开发"},
    {"q": "焊工 幼儿园"},
    {"q": "变电站 小程序 厨师"},
    {"q": "会记", "verbatim": "1"},
    {"category": "finance"},
    {"category": "logistics", "sort": "salary"},
    {"q": "财务"},
    {"salary": "5-8k"},
    {"salary": "8-12k", "q": "工程师"},
    {"salary_min": "9000", "q": "销售"},
    {"q": "不存在的职位名称"},
]
PREFIXES = ["会", "数据", "软件", "java", "kuaiji", "kj", "山西", "Java开发", "不存在"]
PAGE = 50


def answer(params: dict) -> dict:
    """What a backend answers, in a form two backends can be compared by."""
    query = SearchQuery.from_params(params | {"page_size": str(PAGE)})
    first = search_positions(query)
    ids = list(first.ids)
    by_field = query.sort in ("newest", "salary") or not query.text
    if not by_field:  # relevance: every hit from the first page on, as a set
        ids, page = [], 0
        while len(ids) < first.total and page < 20:
            page += 1
            ids += search_positions(query.with_(page=page)).ids
    return {
        "total": first.total,
        "hits": ids if by_field else sorted(ids),
        "facets": {name: first.facet_counts(name) for name in first.facets},
        # The block holds the best few by relevance: compared as a set when it holds them all.
        "related": (
            sorted(hit.id for hit in first.related)
            if first.related_total <= len(first.related)
            else len(first.related)
        ),
        "related_total": first.related_total,
        "negotiable_total": first.negotiable_total,
        "corrected": first.corrected_text,
        "did_you_mean": first.did_you_mean,
    }


@pytest.fixture
def both(settings, tmp_path):
    """The corpus indexed by both backends; a function switching the backend in use."""
    import os

    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    settings.ELASTICSEARCH_INDEX_PREFIX = f"jinpin-parity-{timezone.now():%H%M%S%f}"
    info = seed(600, rng_seed=7)

    def use(name: str) -> None:
        settings.SEARCH_BACKEND = name

    for name in ("embedded", "elasticsearch"):
        use(name)
        rebuild_index()
    yield use, info
    use("elasticsearch")
    engine = get_backend()
    engine.client.indices.delete(index=f"{engine.index_prefix}*", ignore_unavailable=True)


def test_both_backends_give_the_same_answers(both):
    use, info = both
    shapes = [concrete(q, info["cities"]) for q in [*QUERIES, *UNDERSTANDING]]
    differences = []
    for params in shapes:
        answers = {}
        for name in ("embedded", "elasticsearch"):
            use(name)
            answers[name] = answer(params)
        for key, value in answers["embedded"].items():
            if value != answers["elasticsearch"][key]:
                differences.append((params, key, value, answers["elasticsearch"][key]))
    assert differences == []
    # The corpus is not trivial: most shapes find something, and the understanding shapes work.
    use("embedded")
    assert sum(1 for p in shapes if search_positions(SearchQuery.from_params(p)).total) > 50


def test_both_backends_suggest_the_same(both):
    use, _info = both
    found = {}
    for name in ("embedded", "elasticsearch"):
        use(name)
        found[name] = [suggest(prefix) for prefix in PREFIXES]
    assert found["embedded"] == found["elasticsearch"]
    assert all(found["embedded"][:4])
