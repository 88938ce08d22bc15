"""The tally on a hand-built campaign: exact figures, edge cases, and rows behind each figure."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from outcomes import tally
from outcomes.models import Placement, PlacementTouch
from outcomes.tally import KEYS, Scope
from tests.outcomes.conftest import EXPECTED

pytestmark = pytest.mark.django_db


def test_every_figure_of_the_campaign_is_exact(world):
    assert tally.summary(Scope.for_campaign(world.campaign)) == EXPECTED


def test_the_whole_period_gives_the_same_figures_as_the_campaign(world):
    assert tally.summary(Scope()) == EXPECTED


@pytest.mark.parametrize("figure", KEYS)
def test_the_rows_behind_each_figure_add_up_to_it(world, figure):
    scope = Scope.for_campaign(world.campaign)
    rows = tally.rows(figure, scope)
    total = sum(r.headcount for r in rows) if figure == "headcount_offered" else rows.count()
    assert total == tally.summary(scope)[figure]


def test_a_disputed_placement_is_declared_but_not_verified(world):
    verified = tally.rows("placements_verified", Scope())
    assert world.placements[2].graduate not in verified
    assert world.placements[2] in tally.rows("placements", Scope())


def test_a_graduate_hired_twice_by_one_enterprise_counts_once_and_has_one_live_placement(world):
    first, second = world.placements["4a"], world.placements["4b"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Placement.Status.CANCELLED
    assert second.status == Placement.Status.CONFIRMED
    verified = list(tally.rows("placements_verified", Scope()))
    assert verified.count(second.graduate) == 1


def test_an_association_whose_only_fair_was_cancelled_is_not_mobilised(world):
    mobilised = set(tally.rows("associations_mobilised", Scope()))
    assert mobilised == {world.associations[1], world.associations[2], world.associations[4]}


def test_an_application_outside_any_fair_is_attributed_direct(world):
    placement = world.placements[3]
    assert placement.attribution == "direct"
    assert not placement.touches.exists()


def test_the_primary_fair_credits_its_organisers_and_checkins_become_secondary_touches(world):
    touches = set(
        PlacementTouch.objects.filter(placement=world.placements[1]).values_list(
            "fair_id", "association_id", "role"
        )
    )
    f1, f2 = world.fairs[1], world.fairs[2]
    a1, a2 = world.associations[1], world.associations[2]
    assert touches == {
        (f1.pk, a1.pk, "primary"),
        (f1.pk, a2.pk, "primary"),
        (f2.pk, a1.pk, "secondary"),
    }


def test_an_association_scope_counts_only_that_association(world):
    figures = tally.summary(
        Scope.for_campaign(world.campaign).restricted_to(world.associations[2].pk)
    )
    assert figures["associations_mobilised"] == 1
    assert figures["fairs_held"] == 2  # co-organiser of F1, organiser of F3
    assert figures["placements_verified"] == 1  # G1 came through F1
    assert figures["placements"] == 2  # G1 and the disputed G2


def test_a_university_scope_counts_its_graduates(world):
    figures = tally.summary(Scope(university="山西大学"))
    assert figures["placements"] == 2
    assert figures["placements_verified"] == 1
    assert figures["fairs_held"] == 1


def test_the_completeness_rate_is_the_verified_share_of_declared(world):
    assert tally.completeness_rate(tally.summary(Scope())) == 0.75


def test_the_funnel_per_fair_goes_from_applications_to_verified(world):
    funnel = {row["key"]: row for row in tally.fair_funnels(Scope())}
    first = funnel[world.fairs[1].pk]
    assert (first["applications"], first["declared"], first["verified"]) == (2, 2, 1)
    assert world.fairs[4].pk not in funnel


def test_breakdowns_by_every_dimension_add_up_to_the_headline(world):
    figures = tally.summary(Scope())
    tables = tally.breakdowns(Scope())
    for name in ("city", "industry", "university", "major", "month"):
        assert sum(r["applications"] for r in tables[name]) == figures["applications"], name
        assert sum(r["placements"] for r in tables[name]) == figures["placements"], name
    assert {r["label"] for r in tables["association"]} == {
        "山西省协会1",
        "山西省协会2",
        "山西省协会4",
    }


def test_the_tally_command_prints_the_same_keys_as_the_api(world, client):
    out = StringIO()
    call_command("tally", "--json", "--campaign", world.campaign.name, stdout=out)
    printed = json.loads(out.getvalue().strip().splitlines()[-1])
    assert printed == EXPECTED
    client.force_login(world.officer)
    response = client.get("/api/v1/outcomes/summary/", {"campaign_id": world.campaign.pk})
    assert response.status_code == 200
    assert response.json() == EXPECTED


def test_the_tally_command_takes_a_period(world):
    out = StringIO()
    call_command("tally", "--json", "--from", "2000-01-01", "--to", "2000-12-31", stdout=out)
    assert json.loads(out.getvalue()) == dict.fromkeys(KEYS, 0)
