"""My fair plan: before a campus fair, the booths to visit in booth order, from the graduate's
applications and the recommendations within the fair; on the ticket page and printable."""

import datetime

import pytest
from django.utils import timezone

from candidates import services
from candidates.fair_plan import fair_plan
from fairs import services as fair_services
from tests.candidates.helpers import complete_graduate, make_position
from tests.factories import FairFactory, ParticipationFactory, VerifiedEnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair():
    return FairFactory()


def booth(fair, number, name, *positions_fields):
    enterprise = VerifiedEnterpriseFactory(name=name)
    positions = [make_position(enterprise=enterprise, **fields) for fields in positions_fields]
    participation = ParticipationFactory(fair=fair, enterprise=enterprise, booth_number=number)
    participation.positions.add(*positions)
    return positions


def test_the_plan_lists_applied_and_recommended_booths_in_booth_order(fair):
    graduate = complete_graduate()
    (applied,) = booth(fair, "B1", "太原钢铁集团", {"title": "财务会计", "majors": ["会计学"]})
    (fits,) = booth(fair, "A10", "山西云数科技", {"title": "Java 开发工程师"})
    (also_fits,) = booth(fair, "A2", "晋能控股软件", {"title": "Python 开发工程师"})
    booth(fair, "A1", "山西医院", {"title": "护士", "majors": ["护理学"], "category": "medical"})
    make_position(title="Go 开发工程师")  # fits, but not at this fair
    services.apply(graduate=graduate, position=applied, source="fair_page", by=graduate.user)
    plan = fair_plan(graduate, fair)
    assert [stop.booth for stop in plan] == ["A2", "A10", "B1"]
    assert [p.pk for p in plan[0].recommended] == [also_fits.pk]
    assert [p.pk for p in plan[1].recommended] == [fits.pk]
    assert [a.position_id for a in plan[2].applied] == [applied.pk]


def test_the_ticket_page_shows_the_plan_and_a_printable_one(client, fair):
    graduate = complete_graduate()
    booth(fair, "C3", "山西云数科技", {"title": "Java 开发工程师"})
    ticket = fair_services.register_graduate(fair=fair, by=graduate.user)
    client.force_login(graduate.user)
    page = client.get(f"/fairs/tickets/{ticket.code}/").content.decode()
    assert 'data-booth="C3"' in page
    assert "山西云数科技" in page
    printable = client.get(f"/fairs/tickets/{ticket.code}/plan/").content.decode()
    assert 'data-booth="C3"' in printable
    assert "<script>" not in printable


def test_no_plan_after_the_fair_or_for_someone_elses_ticket(client, fair):
    graduate = complete_graduate()
    booth(fair, "C3", "山西云数科技", {"title": "Java 开发工程师"})
    ticket = fair_services.register_graduate(fair=fair, by=graduate.user)
    other = complete_graduate()
    client.force_login(other.user)
    assert client.get(f"/fairs/tickets/{ticket.code}/plan/").status_code == 404
    fair.starts_at = timezone.now() - datetime.timedelta(days=2)
    fair.ends_at = timezone.now() - datetime.timedelta(days=1)
    fair.save()
    client.force_login(graduate.user)
    page = client.get(f"/fairs/tickets/{ticket.code}/").content.decode()
    assert 'id="fair-plan"' not in page
