"""The index's life: rebuilt while people search, a schema change, an engine outage, a cluster.

Elasticsearch cases run whenever ELASTICSEARCH_URL is set (always in CI); the cluster case starts
a separate two-node cluster of its own on other ports, so the shared node is never disturbed.
"""

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from jobs.models import Position
from search import SearchQuery, rebuild_index, reconcile, search_positions
from search.backends.elasticsearch import ElasticsearchBackend
from search.service import get_backend, understand_query
from tests.search.conftest import index_all
from tests.services import requires_elasticsearch

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def search(params):
    return search_positions(SearchQuery.from_params(params))


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_while_people_search_fails_no_query_and_loses_no_hit(backend, make_position):
    positions = [make_position(f"会计{i}") for i in range(40)]
    index_all(*positions)
    outcomes: list[tuple[int, bool]] = []
    stop = threading.Event()

    def keep_searching():
        try:
            while not stop.is_set():
                result = search({"q": "会计", "page_size": "50"})
                outcomes.append((result.total, result.degraded))
        finally:
            connection.close()

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            rebuild_index()
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert outcomes, "the searching thread ran no query"
    assert {total for total, _degraded in outcomes} == {40}  # never a gap, never a double
    assert not any(degraded for _total, degraded in outcomes)


@requires_elasticsearch
def test_an_index_of_an_older_schema_is_not_searched_but_rebuilt(settings, make_position):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    prefix = f"jinpin-schema-{timezone.now():%H%M%S%f}"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    current = get_backend()
    try:
        # What a release before this schema left behind: an index of version 1 behind the alias.
        old = ElasticsearchBackend(url=settings.ELASTICSEARCH_URL, prefix=prefix)
        old.index_prefix = f"{prefix}-positions-v1-"
        old.clear()
        position = make_position("社区助理")
        result = search({"q": "社区助理"})
        assert result.degraded  # the database answers meanwhile
        assert result.ids == [position.pk]
        rebuild_index()  # what the scheduled rebuild (or manage.py search_reindex) does
        current._ready = False
        result = search({"q": "社区助理"})
        assert not result.degraded
        assert result.ids == [position.pk]
        names = current.client.indices.get_alias(name=current.alias)
        assert all(name.startswith(current.index_prefix) for name in names)
    finally:
        current.client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)


@requires_elasticsearch
def test_an_engine_outage_degrades_searches_and_reconcile_repairs_every_missed_change(
    settings, make_position, django_capture_on_commit_callbacks, client
):
    from search.sync import schedule_position_index

    url = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"jinpin-outage-{timezone.now():%H%M%S%f}"
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    kept = [make_position(f"仓库管理员{i}") for i in range(5)]
    index_all(*kept)
    engine = get_backend()
    try:
        # The engine goes away (a closed port answers like a stopped node).
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
        added = []
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(3):  # writes commit while the engine is away
                added.append(make_position(f"叉车司机{i}"))
                schedule_position_index(added[-1].pk)
            Position.objects.filter(pk=kept[0].pk).update(status="closed")
            schedule_position_index(kept[0].pk)
        page = client.get("/search/", {"q": "叉车司机"})
        assert page.status_code == 200
        assert 'class="search-notice"' in page.content.decode()
        api = client.get("/api/v1/positions/search/", {"q": "叉车司机"}).json()
        assert api["degraded"] is True
        assert api["total"] == 3  # the database knows what the index missed
        # It comes back: the index still holds the old state until the reconcile repairs it.
        settings.ELASTICSEARCH_URL = url
        assert search({"q": "叉车司机"}).total == 0
        assert reconcile() == {"added": 3, "updated": 0, "removed": 1}
        assert search({"q": "叉车司机"}).total == 3
        assert search({"q": "仓库管理员"}).total == 4
        assert reconcile() == {"added": 0, "updated": 0, "removed": 0}
    finally:
        engine.client.indices.delete(index=f"{engine.index_prefix}*", ignore_unavailable=True)


# --- a cluster --------------------------------------------------------------------------------

CLUSTER_HTTP, CLUSTER_TRANSPORT = 9250, 9350


class Cluster:
    """A cluster of its own: two nodes on ports 9250 and 9251, started by scripts/services.sh."""

    def __init__(self):
        self.state = tempfile.mkdtemp(prefix="jinpin-es-cluster-")
        # The Elasticsearch user (it refuses root) must reach its node folders.
        os.chmod(self.state, 0o755)  # noqa: S103
        self.env = {
            "SERVICES_DIR": self.state,
            "ES_CLUSTER_NAME": "jinpin-cluster-test",
            "ES_HTTP_PORT": str(CLUSTER_HTTP),
            "ES_TRANSPORT_PORT": str(CLUSTER_TRANSPORT),
        }
        self.urls = [f"http://127.0.0.1:{CLUSTER_HTTP}", f"http://127.0.0.1:{CLUSTER_HTTP + 1}"]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(ROOT / "scripts/services.sh"), *args],
            env=os.environ | self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self, node: str) -> None:
        done = self.run("start", node)
        assert done.returncode == 0, done.stdout + done.stderr

    def stop(self, node: str) -> None:
        done = self.run("stop", node)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def cluster():
    cluster = Cluster()
    try:
        cluster.start("elasticsearch")
        cluster.start("elasticsearch-2")
        yield cluster
    finally:
        cluster.run("stop", "elasticsearch-2", "elasticsearch")
        shutil.rmtree(cluster.state, ignore_errors=True)


@requires_elasticsearch
@pytest.mark.elasticsearch
@pytest.mark.slow
def test_a_two_node_cluster_answers_every_query_while_a_node_stops(
    settings, make_position, cluster
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = ",".join(cluster.urls)  # the client knows both nodes
    settings.ELASTICSEARCH_REPLICAS = 1
    settings.ELASTICSEARCH_INDEX_PREFIX = "jinpin-cluster"
    positions = [make_position(f"护士{i}") for i in range(30)]
    rebuild_index()
    engine = get_backend()
    # A loaded machine (CI runs two test workers beside three Java processes) can take a while.
    health = engine.client.options(request_timeout=150).cluster.health(
        index=engine.alias, wait_for_status="green", wait_for_nodes=2, timeout="120s"
    )
    assert health["status"] == "green"  # every shard has its replica on the other node
    assert health["number_of_nodes"] == 2
    query = SearchQuery.from_params({"q": "护士", "page_size": "50"})
    plan = understand_query("护士").plan

    failures: list[str] = []
    answered: list[int] = []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answered.append(engine.search(query, plan).total)
            except Exception as exc:  # a failed query is what this test counts
                failures.append(repr(exc))

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        time.sleep(0.5)
        before = len(answered)
        cluster.stop("elasticsearch-2")  # the data node goes away mid-load
        time.sleep(1.0)
        after_stop = len(answered) - before
    finally:
        stop.set()
        searcher.join(timeout=60)
    assert failures == []
    assert after_stop > 0  # queries kept being answered with the node gone
    assert set(answered) == {len(positions)}
    health = engine.client.cluster.health(index=engine.alias)
    assert health["number_of_nodes"] == 1
    assert health["status"] == "yellow"  # the replicas wait for a second node; nothing is lost
