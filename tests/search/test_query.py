"""The one query object: built from GET or API parameters, validated with clear messages."""

import pytest
from django.core.exceptions import ValidationError

from search.query import SearchQuery


def test_parameters_become_a_typed_query():
    query = SearchQuery.from_params(
        {
            "q": " 会计 ",
            "city": "3",
            "industry": "C",
            "education": "bachelor",
            "job_type": "internship",
            "salary_min": "5000",
            "salary": "5-8k",
            "fair": "2",
            "association": "9",
            "sort": "salary",
            "page": "2",
        }
    )
    assert query.text == "会计"
    assert query.filters == {
        "city": 3,
        "industry": "C",
        "education": "bachelor",
        "job_type": "internship",
        "salary": "5-8k",
        "fair": 2,
        "association": 9,
        "salary_min": 5000,
    }
    assert (query.sort, query.page, query.offset) == ("salary", 2, 20)


def test_the_query_round_trips_through_its_url():
    params = {"q": "Java开发", "city": "3", "sort": "newest", "page": "2"}
    query = SearchQuery.from_params(params)
    assert query.to_params() == params
    assert SearchQuery.from_params(query.to_params()) == query
    assert query.to_params(page=1, city=None) == {"q": "Java开发", "sort": "newest"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"city": "abc"}, "city"),
        ({"city": "-1"}, "city"),
        ({"education": "phd"}, "education"),
        ({"industry": "Z"}, "industry"),
        ({"job_type": "x"}, "job_type"),
        ({"salary": "huge"}, "salary"),
        ({"salary_min": "lots"}, "salary_min"),
        ({"salary_min": "99999999"}, "salary_min"),
        ({"sort": "random"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "100000"}, "page"),
        ({"page_size": "500"}, "page_size"),
        ({"q": "字" * 101}, "q"),
    ],
)
def test_bad_values_give_a_message_for_that_parameter(params, field):
    with pytest.raises(ValidationError) as caught:
        SearchQuery.from_params(params)
    assert list(caught.value.message_dict) == [field]
    lenient = SearchQuery.from_params({"q": "会计", **params}, strict=False)
    assert field in lenient.errors
    assert field not in lenient.filters
