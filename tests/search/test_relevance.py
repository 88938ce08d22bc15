"""Relevance regression (embedded backend): the queries of relevance.json against its corpus."""

import json
from pathlib import Path

import pytest

from search import SearchQuery, rebuild_index, search_positions
from tests.factories import EnterpriseFactory, PositionFactory

CASES = json.loads((Path(__file__).parent / "relevance.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings):
    settings.SEARCH_BACKEND = "embedded"
    enterprises = {}
    for row in CASES["positions"]:
        name = row["enterprise"]
        if name not in enterprises:
            enterprises[name] = EnterpriseFactory(name=name)
        PositionFactory(
            title=row["title"],
            description=row["description"],
            requirements="",
            majors=[],
            enterprise=enterprises[name],
        )
    rebuild_index()


def test_every_expected_position_ranks_at_the_top(corpus):
    failures = []
    for case in CASES["queries"]:
        result = search_positions(SearchQuery.from_params({"q": case["q"], "page_size": "50"}))
        ranked = [hit.position.title for hit in result.hits]
        top = ranked[: case.get("top", 3)]
        failures += [
            f"{case['q']}: {title} not in the top {len(top)} of {ranked}"
            for title in case["expected"]
            if title not in top
        ]
        failures += [
            f"{case['q']}: {title} should not match"
            for title in case.get("absent", [])
            if title in ranked
        ]
    assert failures == []
