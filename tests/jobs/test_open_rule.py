"""'A position is open' is one rule (Position.objects.open(), Position.is_open for a loaded row),
and every page that lists positions to apply to shows only open ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import search
from jobs.models import Position
from tests.factories import FairFactory, ParticipationFactory, VerifiedEnterpriseFactory
from tests.fairs.conftest import make_position

pytestmark = pytest.mark.django_db


def cases(enterprise) -> dict[str, Position]:
    """One position of each kind, open or not, named for what it is."""
    today = timezone.localdate()
    return {
        "open": make_position(enterprise, title="开放职位"),
        "open until today": make_position(enterprise, title="今天截止", deadline=today),
        "past deadline": make_position(
            enterprise, title="已过截止日期", deadline=today - datetime.timedelta(days=1)
        ),
        "suspended": make_position(enterprise, title="已被暂停", suspended_at=timezone.now()),
        "closed": make_position(enterprise, title="已关闭", status=Position.Status.CLOSED),
        "draft": make_position(enterprise, title="草稿职位", status=Position.Status.DRAFT),
    }


OPEN = {"open", "open until today"}


def test_the_queryset_and_the_row_agree_on_which_positions_are_open():
    positions = cases(VerifiedEnterpriseFactory())
    in_sql = set(Position.objects.open().values_list("pk", flat=True))
    for name, position in positions.items():
        assert (position.pk in in_sql) == position.is_open == (name in OPEN), name


def test_the_public_enterprise_page_lists_only_open_positions(client):
    enterprise = VerifiedEnterpriseFactory()
    positions = cases(enterprise)
    page = client.get(reverse("associations:enterprise_detail", args=[enterprise.pk]))
    text = page.content.decode()
    for name, position in positions.items():
        assert (position.title in text) == (name in OPEN), name


@pytest.mark.parametrize("kind", ["campus", "cloud"])
def test_a_fair_page_and_a_cloud_booth_list_only_open_positions_with_apply_links(client, kind):
    fair = FairFactory(kind=kind, venue="体育馆" if kind == "campus" else "")
    participation = ParticipationFactory(fair=fair)
    positions = cases(participation.enterprise)
    participation.positions.set(positions.values())
    for position in positions.values():
        search.index_position_now(position.pk)  # the fair page searches its positions
    for url in (
        reverse("fairs:detail", args=[fair.pk]),
        reverse("fairs:booth", args=[fair.pk, participation.pk]),
    ):
        if kind == "campus" and "booths" in url:
            continue
        text = client.get(url).content.decode()
        for name, position in positions.items():
            assert (position.title in text) == (name in OPEN), (url, name)
            apply = reverse("candidates:apply", args=[position.pk])
            if name not in OPEN:
                assert apply not in text, (url, name)
