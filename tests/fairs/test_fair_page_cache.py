"""The fair page's booth table and position lists are kept for a few seconds: on a fair morning
thousands of graduates open the same page, and each should not run its queries and render its
lists again. What is kept must never be wrong for the visitor who gets it."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import search
from search.backends.base import BackendUnavailable
from tests.factories import FairFactory, GraduateFactory, ParticipationFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.FAIR_PAGE_CACHE_SECONDS = 10
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fair(association):
    fair = FairFactory(organiser=association, title="山西大学春季双选会", status="published")
    enterprise, _recruiter = member_enterprise(association, "太原云图科技有限公司")
    position = make_position(enterprise, title="嵌入式软件工程师")
    ParticipationFactory(fair=fair, enterprise=enterprise, booth_number="A1").positions.set(
        [position]
    )
    search.index_position_now(position.pk)
    fair.position = position
    return fair


def link(position) -> str:
    return f'href="{reverse("jobs:detail", args=[position.pk])}"'


def page(client, fair, **params) -> str:
    response = client.get(reverse("fairs:detail", args=[fair.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def add_booth(fair, name: str, title: str):
    enterprise, _recruiter = member_enterprise(fair.organiser, name)
    position = make_position(enterprise, title=title)
    ParticipationFactory(fair=fair, enterprise=enterprise, booth_number="B7").positions.set(
        [position]
    )
    search.index_position_now(position.pk)
    return position


def test_a_new_booth_shows_once_the_kept_lists_expire(client, fair):
    assert "太原云图科技有限公司" in page(client, fair)
    optics = add_booth(fair, "晋城光电股份有限公司", "光学工程师")
    kept = page(client, fair)
    assert "晋城光电股份有限公司" not in kept
    assert link(optics) not in kept
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=11)):
        later = page(client, fair)
    assert "晋城光电股份有限公司" in later
    assert link(optics) in later


def test_a_second_visitor_costs_fewer_queries_than_the_first(client, fair):
    with CaptureQueriesContext(connection) as first:
        page(client, fair)
    with CaptureQueriesContext(connection) as second:
        page(client, fair)
    assert len(second) <= len(first) - 2  # no booth count, no positions of the hits


def test_each_search_and_page_is_kept_apart(client, fair):
    optics = add_booth(fair, "晋城光电股份有限公司", "光学工程师")
    embedded = page(client, fair, q="嵌入式")
    assert link(fair.position) in embedded
    assert link(optics) not in embedded
    searched = page(client, fair, q="光学")
    assert link(optics) in searched
    assert link(fair.position) not in searched
    assert 'value="光学"' in searched


def test_graduates_see_their_apply_links_even_after_an_anonymous_visit(client, fair):
    assert "?source=fair_page" not in page(client, fair)
    client.force_login(GraduateFactory())
    assert f"?source=fair_page&amp;fair={fair.pk}" in page(client, fair)
    client.logout()
    assert "?source=fair_page" not in page(client, fair)


def test_each_language_gets_its_own_lists(client, fair):
    assert "参会企业" in page(client, fair)
    english = client.get(
        reverse("fairs:detail", args=[fair.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Participating enterprises" in english
    assert "参会企业" not in english


def test_an_answer_given_while_the_engine_is_down_is_not_kept(client, fair, monkeypatch):
    def down(self, query):
        raise BackendUnavailable("engine down")

    backend = type(search.get_backend())
    working = backend.search
    monkeypatch.setattr(backend, "search", down)
    assert "search-notice" in page(client, fair, q="嵌入式")
    monkeypatch.setattr(backend, "search", working)
    back = page(client, fair, q="嵌入式")
    assert "search-notice" not in back
    assert link(fair.position) in back
