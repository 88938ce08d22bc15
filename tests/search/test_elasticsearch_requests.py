"""The request bodies the Elasticsearch backend sends, built without a server."""

from unittest import mock

import pytest

from listings.source import build_documents
from search.backends.base import BackendUnavailable
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    PositionIndexDocument,
    build_doc_freq,
    build_search,
    build_suggest,
    to_source,
)
from search.documents import SCHEMA_VERSION
from search.plan import Alternative, Group, QueryPlan
from search.query import SearchQuery

AGGS = {
    "city": {"terms": {"field": "city", "size": 50}},
    "industry": {"terms": {"field": "industry", "size": 50}},
    "education": {"terms": {"field": "education", "size": 50}},
    "job_type": {"terms": {"field": "job_type", "size": 50}},
    "salary": {"terms": {"field": "salary_bands", "size": 50}},
    "category": {"terms": {"field": "category", "size": 50}},
    "fair": {"terms": {"field": "fair", "size": 50}},
    "association": {"terms": {"field": "association", "size": 50}},
}


def anywhere(token):
    return {
        "bool": {
            "should": [
                {"term": {"title": {"value": token, "boost": 3.0}}},
                {"term": {"enterprise": {"value": token, "boost": 2.0}}},
                {"term": {"body": {"value": token, "boost": 1.0}}},
                {"term": {"category_words": {"value": token, "boost": 3.0}}},
            ],
            "minimum_should_match": 1,
        }
    }


def alternative(*tokens, weight=1.0):
    return {"bool": {"must": [anywhere(t) for t in tokens], "boost": weight}}


def group(*alternatives):
    return (
        alternatives[0] if len(alternatives) == 1 else {"dis_max": {"queries": list(alternatives)}}
    )


def plan(*groups):
    return QueryPlan(groups=tuple(groups))


def body(params, query_plan=None):
    query = SearchQuery.from_params(params)
    return build_search(query, query_plan or QueryPlan(), "jinpin-positions").to_dict()


JAVA = Group(word="java", alternatives=(Alternative(terms=("java",)),))
DEVELOPMENT = Group(word="开发", alternatives=(Alternative(terms=("开发",)),), required=False)
ELECTRICAL = Group(
    word="电气工程师",
    alternatives=(
        Alternative(terms=("电气工程师",)),
        Alternative(terms=("电气", "工程师"), weight=0.9),
    ),
)


def test_required_groups_must_match_and_generic_words_only_rank():
    request = body({"q": "Java开发"}, plan(JAVA, DEVELOPMENT))
    assert request["query"] == {
        "bool": {"must": [alternative("java")], "should": [alternative("开发")]}
    }
    assert request["aggs"] == AGGS
    assert request["track_total_hits"] is True
    assert request["_source"] == ["id"]
    assert (request["from"], request["size"]) == (0, 20)
    assert "highlight" not in request  # marked in Python on the original text
    assert request["sort"] == ["_score", {"sort_newest": {"order": "desc"}}]


def test_a_group_matches_by_its_best_alternative():
    request = body({"q": "电气工程师"}, plan(ELECTRICAL))
    assert request["query"]["bool"]["must"] == [
        group(alternative("电气工程师"), alternative("电气", "工程师", weight=0.9))
    ]


def test_with_only_generic_words_one_of_them_must_match():
    request = body({"q": "开发"}, plan(DEVELOPMENT))
    assert request["query"] == {
        "bool": {"must": [{"bool": {"should": [alternative("开发")], "minimum_should_match": 1}}]}
    }


def test_a_relaxed_plan_needs_any_one_group_and_leaves_out_the_main_hits():
    query = SearchQuery.from_params({"q": "电气工程师 java"})
    request = build_search(
        query, plan(ELECTRICAL, JAVA).relax(), "p", facets=False, exclude=[3, 1], size=20
    ).to_dict()
    assert request["query"]["bool"]["must"] == [
        {
            "bool": {
                "should": [
                    group(*[alternative("电气工程师"), alternative("电气", "工程师", weight=0.9)]),
                    alternative("java"),
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    assert request["query"]["bool"]["must_not"] == [{"ids": {"values": ["1", "3"]}}]
    assert "aggs" not in request


def test_filters_do_not_score_and_salary_is_a_range():
    request = body(
        {"q": "会计", "city": "7", "education": "bachelor", "salary_min": "5000", "fair": "3"},
        plan(Group(word="会计", alternatives=(Alternative(terms=("会计",)),))),
    )
    assert request["query"]["bool"]["must"] == [alternative("会计")]
    assert request["query"]["bool"]["filter"] == [
        {"term": {"city": 7}},
        {"term": {"education": "bachelor"}},
        {"term": {"fair": 3}},
        {"range": {"salary_top": {"gte": 5000}}},
    ]


def test_a_salary_band_filters_on_every_band_a_range_overlaps():
    request = body({"salary": "5-8k"})
    assert request["query"]["bool"]["filter"] == [{"term": {"salary_bands": "5-8k"}}]


def test_no_words_lists_the_newest_first_with_facets():
    request = body({"job_type": "internship", "page": "3", "page_size": "10"})
    assert request["query"] == {"bool": {"filter": [{"term": {"job_type": "internship"}}]}}
    assert request["sort"] == [{"sort_newest": {"order": "desc"}}]
    assert (request["from"], request["size"]) == (20, 10)


def test_sort_by_salary():
    assert body({"q": "销售", "sort": "salary"}, plan(JAVA))["sort"] == [
        {"sort_salary": {"order": "desc"}}
    ]


def test_doc_freq_counts_each_term_in_one_request():
    request = build_doc_freq(["会计", "java"], "p").to_dict()
    assert request["size"] == 0
    assert request["aggs"]["terms"]["filters"]["filters"] == {
        "会计": anywhere("会计"),
        "java": anywhere("java"),
    }


def test_suggestions_count_whole_titles_and_names_beginning_with_the_prefix():
    request = build_suggest("java", 5, "jinpin-positions").to_dict()
    assert request["size"] == 0
    for field in ("title_raw", "enterprise_raw"):
        assert request["aggs"][field] == {
            "terms": {"field": field, "include": "(JAVA|Java|java).*", "size": 5}
        }


def test_suggestion_prefixes_are_escaped_for_the_regular_expression():
    include = build_suggest("C++", 5).to_dict()["aggs"]["title_raw"]["terms"]["include"]
    assert include == "(C\\+\\+|c\\+\\+).*"


def test_the_mapping_is_explicit_with_the_builtin_whitespace_analyzer():
    index = PositionIndexDocument._index.clone("jinpin-positions-v1-x").to_dict()
    assert "analysis" not in index.get("settings", {})  # nothing the minimal server lacks
    properties = index["mappings"]["properties"]
    assert properties["title"] == {"type": "text", "analyzer": "whitespace"}
    assert properties["city"] == {"type": "integer"}
    assert properties["industry"] == {"type": "keyword"}
    assert properties["title_raw"] == {"type": "keyword"}


@pytest.mark.django_db
def test_documents_carry_pre_segmented_text_and_suggestions(make_position):
    position = make_position("Java开发工程师", salary_min=None, salary_max=None)
    source = to_source(build_documents([position])[0])
    assert source["title"].split() == ["java", "开发", "工程", "工程师"]
    assert source["salary_bands"] == ["negotiable"]
    assert source["salary_top"] == 0
    assert source["title_raw"] == "Java开发工程师"
    assert source["association"]  # the factory's enterprise is an approved member


def test_an_unreachable_server_is_reported_as_unavailable():
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", prefix="nothing")
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery(), QueryPlan())


def test_reindex_builds_a_new_index_and_swaps_the_alias():
    client = mock.MagicMock()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {f"jinpin-positions-v{SCHEMA_VERSION}-old": {}}
    backend = ElasticsearchBackend(url="http://es", prefix="jinpin", client=client)
    with mock.patch("search.backends.elasticsearch.helpers.bulk", return_value=(0, [])):
        assert backend.rebuild([]) == 0
    new_index = client.indices.refresh.call_args.kwargs["index"]
    assert new_index.startswith(f"jinpin-positions-v{SCHEMA_VERSION}-")
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {
                "remove": {
                    "index": f"jinpin-positions-v{SCHEMA_VERSION}-old",
                    "alias": "jinpin-positions",
                }
            },
            {"add": {"index": new_index, "alias": "jinpin-positions"}},
        ]
    )
    client.indices.delete.assert_called_once_with(
        index=f"jinpin-positions-v{SCHEMA_VERSION}-old", ignore_unavailable=True
    )
