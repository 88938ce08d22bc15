"""The request bodies the Elasticsearch backend sends, built without a server."""

from unittest import mock

import pytest

from search.backends.base import BackendUnavailable
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    PositionIndexDocument,
    build_search,
    build_suggest,
    to_source,
)
from search.documents import document_for_position
from search.query import SearchQuery

AGGS = {
    "city": {"terms": {"field": "city", "size": 50}},
    "industry": {"terms": {"field": "industry", "size": 50}},
    "education": {"terms": {"field": "education", "size": 50}},
    "job_type": {"terms": {"field": "job_type", "size": 50}},
    "salary": {"terms": {"field": "salary_band", "size": 50}},
    "fair": {"terms": {"field": "fair", "size": 50}},
    "association": {"terms": {"field": "association", "size": 50}},
}


def word(token):
    return {
        "bool": {
            "should": [
                {"term": {"title": {"value": token, "boost": 3.0}}},
                {"term": {"enterprise": {"value": token, "boost": 2.0}}},
                {"term": {"body": {"value": token, "boost": 1.0}}},
            ],
            "minimum_should_match": 1,
        }
    }


def body(params):
    return build_search(SearchQuery.from_params(params), "jinpin-positions").to_dict()


def test_a_mixed_query_requires_each_segmented_word_in_some_field():
    request = body({"q": "Java开发"})
    assert request["query"] == {"bool": {"must": [word("java"), word("开发")]}}
    assert request["aggs"] == AGGS
    assert request["track_total_hits"] is True
    assert request["_source"] == ["id"]
    assert (request["from"], request["size"]) == (0, 20)
    assert "highlight" not in request  # marked in Python on the original text
    assert "sort" not in request  # relevance: by score


def test_a_phrase_is_segmented_not_split_into_characters():
    assert body({"q": "社会计划生育"})["query"] == {
        "bool": {"must": [word("社会"), word("计划生育")]}
    }


def test_filters_do_not_score_and_salary_is_a_range():
    request = body(
        {"q": "会计", "city": "7", "education": "bachelor", "salary_min": "5000", "fair": "3"}
    )
    assert request["query"]["bool"]["must"] == [word("会计")]
    assert request["query"]["bool"]["filter"] == [
        {"term": {"city": 7}},
        {"term": {"education": "bachelor"}},
        {"term": {"fair": 3}},
        {"range": {"salary_top": {"gte": 5000}}},
    ]


def test_no_words_lists_the_newest_first_with_facets():
    request = body({"job_type": "internship", "page": "3", "page_size": "10"})
    assert request["query"] == {"bool": {"filter": [{"term": {"job_type": "internship"}}]}}
    assert request["sort"] == [{"published": {"order": "desc"}}, {"id": {"order": "desc"}}]
    assert (request["from"], request["size"]) == (20, 10)
    assert "highlight" not in request


def test_sort_by_salary():
    assert body({"q": "销售", "sort": "salary"})["sort"] == [
        {"salary_top": {"order": "desc"}},
        {"published": {"order": "desc"}},
    ]


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
    source = to_source(document_for_position(position))
    assert source["title"].split() == ["java", "开发", "工程", "工程师"]
    assert source["salary_band"] == "negotiable"
    assert source["salary_top"] == 0
    assert source["title_raw"] == "Java开发工程师"
    assert source["association"]  # the factory's enterprise is an approved member


def test_an_unreachable_server_is_reported_as_unavailable():
    backend = ElasticsearchBackend(url="http://127.0.0.1:9", prefix="nothing")
    with pytest.raises(BackendUnavailable):
        backend.search(SearchQuery())


def test_reindex_builds_a_new_index_and_swaps_the_alias():
    client = mock.MagicMock()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {"jinpin-positions-v1-old": {}}
    backend = ElasticsearchBackend(url="http://es", prefix="jinpin", client=client)
    with mock.patch("search.backends.elasticsearch.helpers.bulk", return_value=(0, [])):
        assert backend.rebuild([]) == 0
    new_index = client.indices.refresh.call_args.kwargs["index"]
    assert new_index.startswith("jinpin-positions-v1-")
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": "jinpin-positions-v1-old", "alias": "jinpin-positions"}},
            {"add": {"index": new_index, "alias": "jinpin-positions"}},
        ]
    )
    client.indices.delete.assert_called_once_with(
        index="jinpin-positions-v1-old", ignore_unavailable=True
    )
