"""The fair page's positions: found through the search backend, within the fair only."""

import pytest
from django.urls import reverse

import search
from search.backends.base import BackendUnavailable
from tests.factories import FairFactory, ParticipationFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(association):
    """A fair with a position of an approved participant, and another fair with its own."""
    fair = FairFactory(organiser=association, title="山西大学春季双选会")
    other_fair = FairFactory(organiser=association, title="太原理工秋季双选会")
    enterprise, _recruiter = member_enterprise(association, "太原云图科技有限公司")
    here = make_position(enterprise, title="嵌入式软件工程师")
    elsewhere = make_position(enterprise, title="嵌入式硬件工程师")
    ParticipationFactory(fair=fair, enterprise=enterprise).positions.set([here])
    ParticipationFactory(fair=other_fair, enterprise=enterprise).positions.set([elsewhere])
    for position in (here, elsewhere):
        search.index_position_now(position.pk)
    return fair, here, elsewhere


def test_a_word_of_the_title_finds_the_fairs_position_and_not_another_fairs(client, listed):
    fair, here, _elsewhere = listed
    response = client.get(reverse("fairs:detail", args=[fair.pk]), {"q": "嵌入式"})
    hits = [hit.id for hit in response.context["positions"].hits]
    assert hits == [here.pk]
    assert not response.context["positions"].degraded
    page = response.content.decode()
    assert "<mark>" in page
    assert "硬件" not in page
    assert "search-notice" not in page


def test_without_words_the_page_lists_every_position_of_the_fair(client, listed):
    fair, here, _elsewhere = listed
    response = client.get(reverse("fairs:detail", args=[fair.pk]))
    assert [hit.id for hit in response.context["positions"].hits] == [here.pk]


def test_the_page_counts_no_facets_it_would_not_show(client, listed, django_assert_max_num_queries):
    fair, here, _elsewhere = listed
    with django_assert_max_num_queries(10):
        response = client.get(reverse("fairs:detail", args=[fair.pk]), {"q": "嵌入式"})
    assert [hit.id for hit in response.context["positions"].hits] == [here.pk]
    assert response.context["positions"].facets == {}
    searched = client.get(reverse("search:positions"), {"q": "嵌入式"})
    assert searched.context["result"].facets


def test_a_search_with_no_match_says_so(client, listed):
    fair, _here, _elsewhere = listed
    url = reverse("fairs:detail", args=[fair.pk])
    page = client.get(url, {"q": "会计"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No position at this fair matches this search." in page


def test_the_page_works_when_the_engine_is_down_and_says_so(client, listed, monkeypatch):
    fair, here, _elsewhere = listed

    def down(self, query):
        raise BackendUnavailable("engine down")

    monkeypatch.setattr(type(search.get_backend()), "search", down)
    response = client.get(reverse("fairs:detail", args=[fair.pk]), {"q": "嵌入式"})
    assert response.status_code == 200
    assert response.context["positions"].degraded
    assert [hit.id for hit in response.context["positions"].hits] == [here.pk]
    assert "search-notice" in response.content.decode()


def test_a_bad_page_number_is_explained_not_an_error(client, listed):
    fair, _here, _elsewhere = listed
    response = client.get(reverse("fairs:detail", args=[fair.pk]), {"page": "x"})
    assert response.status_code == 200
    assert 'class="search-error"' in response.content.decode()


def test_approving_a_participation_makes_its_positions_findable_at_the_fair(
    client, association, staff, django_capture_on_commit_callbacks
):
    from fairs import services
    from fairs.models import Participation

    fair = FairFactory(organiser=association)
    enterprise, recruiter = member_enterprise(association, "晋城光电股份有限公司")
    position = make_position(enterprise, title="光学工程师")
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.register_participation(
            fair=fair, enterprise=enterprise, by=recruiter, positions=[position]
        )
    url = reverse("fairs:detail", args=[fair.pk])
    assert client.get(url, {"q": "光学"}).context["positions"].hits == []
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_participation(
            participation=Participation.objects.get(pk=participation.pk), by=staff
        )
    hits = client.get(url, {"q": "光学"}).context["positions"].hits
    assert [hit.id for hit in hits] == [position.pk]
