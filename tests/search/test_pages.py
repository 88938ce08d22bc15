"""The graduate search page, autocomplete and the search API."""

import pytest
import time_machine
from django.urls import reverse

from search import service
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def positions(make_position, datong):
    made = [
        make_position("会计助理", description="负责凭证录入，<script>alert(1)</script>"),
        make_position("Java开发工程师", city=datong),
        make_position("销售代表", job_type="internship"),
    ]
    index_all(*made)
    return made


def test_anyone_can_search_and_matches_are_highlighted_and_linked(client, positions):
    response = client.get(reverse("search:positions"), {"q": "会计"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>会计</mark>助理" in page
    assert f'href="{reverse("jobs:detail", args=[positions[0].pk])}"' in page
    assert "<script>alert(1)</script>" not in page
    assert "销售代表" not in page


def test_facets_narrow_the_results_and_keep_the_query_in_the_url(client, positions, datong):
    page = client.get(reverse("search:positions"), {"q": "工程师"}).content.decode()
    assert f"?q=%E5%B7%A5%E7%A8%8B%E5%B8%88&amp;city={datong.pk}" in page
    narrowed = client.get(reverse("search:positions"), {"q": "工程师", "city": datong.pk})
    assert "Java" in narrowed.content.decode()
    assert narrowed.context["result"].total == 1


def test_htmx_requests_get_only_the_results(client, positions):
    response = client.get(
        reverse("search:positions"),
        {"job_type": "internship"},
        headers={"HX-Request": "true", "HX-Target": "search-results"},
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "销售代表" in page
    assert "会计助理" not in page


def test_no_match_shows_an_empty_state_with_suggestions(client, positions):
    page = client.get(reverse("search:positions"), {"q": "飞行员"}).content.decode()
    assert 'class="empty-state"' in page
    assert "?q=%E4%BC%9A%E8%AE%A1" in page  # a popular search: 会计


def test_bad_parameters_show_a_message_and_search_anyway(client, positions):
    response = client.get(reverse("search:positions"), {"q": "会计", "city": "abc", "page": "0"})
    assert response.status_code == 200
    assert len(response.context["errors"]) == 2
    assert response.context["result"].total == 1


def test_pages_link_to_each_other(client, make_position):
    index_all(*[make_position(f"护士{n}号岗") for n in range(25)])
    first = client.get(reverse("search:positions"), {"q": "护士"})
    assert first.context["num_pages"] == 2
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("search:positions"), {"q": "护士", "page": 2})
    assert len(second.context["hits"]) == 5


def test_autocomplete_offers_titles_as_options_of_a_listbox(client, positions):
    page = client.get(reverse("search:suggest"), {"q": "Ja"}).content.decode()
    assert 'role="listbox"' in page
    assert 'data-value="Java开发工程师"' in page
    empty = client.get(reverse("search:suggest"), {"q": "不存在"}).content.decode()
    assert "hidden" in empty


def test_the_api_returns_hits_total_and_facets(client, positions, datong):
    response = client.get(
        "/api/v1/positions/search/", {"q": "工程师", "city": datong.pk, "sort": "newest"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 1
    assert data["degraded"] is False
    hit = data["hits"][0]
    assert hit["title"] == "Java开发工程师"
    assert hit["highlights"]["title"] == "Java开发<mark>工程师</mark>"
    assert hit["url"] == reverse("jobs:detail", args=[hit["id"]])
    assert data["facets"]["city"] == [{"value": str(datong.pk), "label": "大同市", "count": 1}]


def test_the_api_explains_bad_parameters(client):
    response = client.get("/api/v1/positions/search/", {"education": "phd", "page": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"education", "page"}


def test_the_api_suggests(client, positions):
    response = client.get("/api/v1/positions/suggest/", {"q": "销"})
    assert response.json() == {"suggestions": ["销售代表"]}


class BrokenBackend:
    name = "broken"

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise service.BackendUnavailable("engine down")

        return fail


@pytest.fixture
def engine_down(monkeypatch):
    monkeypatch.setattr(service, "get_backend", lambda: BrokenBackend())


def test_when_the_engine_is_down_the_page_answers_from_the_database(client, positions, engine_down):
    response = client.get(reverse("search:positions"), {"q": "会计"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="search-notice"' in page
    assert "<mark>会计</mark>助理" in page
    assert response.context["result"].facet_counts("job_type") == {"full_time": 1}


def test_when_the_engine_is_down_the_api_says_it_is_degraded(client, positions, engine_down):
    data = client.get("/api/v1/positions/search/", {"q": "java"}).json()
    assert data["degraded"] is True
    assert [hit["title"] for hit in data["hits"]] == ["Java开发工程师"]
    assert client.get("/api/v1/positions/suggest/", {"q": "会"}).json() == {
        "suggestions": ["会计助理"]
    }


def test_when_the_engine_is_down_changes_still_commit_and_the_index_catches_up_later(
    make_position, engine_down, monkeypatch, django_capture_on_commit_callbacks
):
    from jobs.models import Position
    from outbox.core import sweep
    from outbox.models import OutboxMessage
    from search.sync import schedule_position_index

    position = make_position("护士")
    with django_capture_on_commit_callbacks(execute=True):
        Position.objects.filter(pk=position.pk).update(title="护士长")
        schedule_position_index(position.pk)
    assert Position.objects.get(pk=position.pk).title == "护士长"
    update = OutboxMessage.objects.get(task="search.tasks.index_position")
    assert (update.status, update.attempts) == ("pending", 1)  # to be retried
    monkeypatch.undo()  # the engine is back
    with time_machine.travel(update.not_before, tick=False):
        sweep()
    update.refresh_from_db()
    assert update.status == "done"
    assert position.pk in service.get_backend().versions()


def test_indexing_retries_with_a_growing_back_off_while_the_engine_is_down(
    make_position, engine_down, django_capture_on_commit_callbacks
):
    from outbox.core import sweep
    from outbox.models import OutboxMessage
    from search.sync import schedule_position_index

    position = make_position("护士")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_position_index(position.pk)
    update = OutboxMessage.objects.get(task="search.tasks.index_position")
    waits = []
    for _ in range(3):
        tried_at = update.not_before
        with time_machine.travel(tried_at, tick=False):
            sweep()
        update.refresh_from_db()
        waits.append(round((update.not_before - tried_at).total_seconds()))
    assert waits == [4, 8, 16]  # after the first try's 2 s
