"""A deleted or damaged embedded index is noticed: searches degrade with their notice instead of
quietly finding little, a rebuild is scheduled, and the nightly reconcile rebuilds what it cannot
read."""

import shutil

import pytest
from django.urls import reverse

from outbox.models import OutboxMessage
from search import service
from search.query import SearchQuery
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

REBUILD = "search.tasks.rebuild_index_task"


@pytest.fixture
def indexed(make_position, monkeypatch, settings):
    """Five open positions, all indexed, on an embedded index checked at every search."""
    settings.SEARCH_BACKEND = "embedded"
    monkeypatch.setattr(service, "INDEX_SLACK", 0)  # five positions are enough to miss
    monkeypatch.setattr(service, "INDEX_CHECK_SECONDS", 0)
    positions = [make_position(f"会计助理{n}") for n in range(5)]
    index_all(*positions)
    return positions


def index_dir(settings):
    return settings.SEARCH_INDEX_DIR


def current_index(settings):
    pointer = next(index_dir(settings).glob("positions-v*.current"))
    return index_dir(settings) / pointer.read_text().strip()


def api_search(client, text="会计"):
    return client.get("/api/v1/positions/search/", {"q": text}).json()


def test_a_sound_index_answers_and_is_not_degraded(client, indexed):
    data = api_search(client)
    assert (data["degraded"], data["total"]) == (False, 5)
    assert not OutboxMessage.objects.filter(task=REBUILD).exists()


def test_a_deleted_index_degrades_with_the_notice_and_the_rebuild_it_schedules_repairs_it(
    client, indexed, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker and a worker would take the rebuild
    shutil.rmtree(index_dir(settings))  # an empty index starts over it: it must not be believed
    with django_capture_on_commit_callbacks(execute=True):  # the rebuild runs once committed
        data = api_search(client)
        assert (data["degraded"], data["total"]) == (True, 5)  # the database answered, all five
        page = client.get(reverse("search:positions"), {"q": "会计"}).content.decode()
        assert 'class="search-notice"' in page
    assert OutboxMessage.objects.get(task=REBUILD).status == "done"  # scheduled once, done
    data = api_search(client)
    assert (data["degraded"], data["total"]) == (False, 5)


def test_without_a_broker_a_deleted_index_degrades_until_the_reconcile(client, indexed, settings):
    shutil.rmtree(index_dir(settings))
    assert api_search(client)["degraded"] is True
    assert not OutboxMessage.objects.filter(task=REBUILD).exists()  # no rebuild in a request
    service.reconcile()
    assert api_search(client)["degraded"] is False


def test_an_index_that_lost_its_metadata_is_not_taken_for_an_empty_one(client, indexed, settings):
    (current_index(settings) / "meta.json").unlink()
    service.get_backend()._current = None  # as a process that opens it now
    data = api_search(client)
    assert (data["degraded"], data["total"]) == (True, 5)
    assert service.reconcile() == {"rebuilt": 5}
    assert api_search(client)["degraded"] is False


def test_unreadable_metadata_degrades_and_the_nightly_reconcile_rebuilds(client, indexed, settings):
    (current_index(settings) / "meta.json").write_text("{damaged")
    service.get_backend()._current = None
    assert api_search(client)["degraded"] is True
    assert service.reconcile() == {"rebuilt": 5}
    data = api_search(client)
    assert (data["degraded"], data["total"]) == (False, 5)


def test_a_few_updates_on_their_way_do_not_count_as_a_broken_index(make_position, settings):
    settings.SEARCH_BACKEND = "embedded"
    index_all(*[make_position(f"出纳{n}") for n in range(3)])
    make_position("出纳新")  # not indexed yet: its outbox row is on its way
    result = service.search_positions(SearchQuery(text="出纳"))
    assert result.degraded is False
    assert result.total == 3
