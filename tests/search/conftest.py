"""Fixtures of the search tests: positions made directly, and each available backend."""

import os
import uuid

import pytest

from search import service
from tests.factories import PositionFactory, RegionFactory
from tests.services import requires_elasticsearch

BACKENDS = [
    "embedded",
    pytest.param("elasticsearch", marks=requires_elasticsearch),
]


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    """The configured backend, empty; Elasticsearch gets an index prefix of its own."""
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX_PREFIX = f"jinpin-test-{uuid.uuid4().hex[:8]}"
    engine = service.get_backend()
    yield engine
    if request.param == "elasticsearch":
        engine.client.indices.delete(index=f"{engine.index_prefix}*", ignore_unavailable=True)


@pytest.fixture
def taiyuan(db):
    return RegionFactory()


@pytest.fixture
def datong(db):
    return RegionFactory(code="140200", name="大同市", name_en="Datong")


@pytest.fixture
def make_position(db):
    """A published position with plain text (no majors, requirements or job category words that
    match by accident)."""

    def make(title, **fields):
        fields.setdefault("category", "other")
        fields.setdefault("description", "负责日常工作，服务企业客户。")
        fields.setdefault("requirements", "")
        fields.setdefault("majors", [])
        return PositionFactory(title=title, **fields)

    return make


def index_all(*positions):
    for position in positions:
        service.index_position_now(position.pk)
