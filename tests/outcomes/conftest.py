"""A small hand-built campaign whose every figure is known, and the people who look at it."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from candidates.models import Application
from fairs.models import Campaign
from jobs.models import Position
from outcomes import services
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    OfficerFactory,
    ParticipationFactory,
    RecruiterFactory,
    RegionFactory,
    TicketFactory,
)

EXPECTED = {
    "associations_mobilised": 3,  # A1, A2 organise; A4 through its member E2; A3's fair cancelled
    "fairs_held": 3,
    "fairs_campus": 2,
    "fairs_cloud": 1,
    "presentations": 1,
    "enterprises_participating": 2,
    "positions_posted": 5,
    "headcount_offered": 12,
    "applications": 8,
    "graduates_applied": 6,
    "placements": 4,  # G1, G2 (disputed), G3, G4's second hire; G4's first was ended
    "placements_verified": 3,  # G1, G3, G4 (hired twice by E1, counted once)
    "community_assistants": 1,
}


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


def make_position(enterprise, **fields):
    defaults = {
        "title": "软件工程师",
        "category": "software",
        "description": "负责后端开发",
        "city": enterprise.city,
        "status": Position.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    defaults.update(fields)
    return Position.objects.create(enterprise=enterprise, **defaults)


def make_fair(organiser, *, start: int, **fields):
    values = {
        "organiser": organiser,
        "starts_at": days(start),
        "ends_at": days(start) + datetime.timedelta(hours=5),
        "enterprise_registration_opens": days(start - 20),
        "enterprise_registration_closes": days(start - 1),
        "graduate_registration_opens": days(start - 20),
        "graduate_registration_closes": days(start),
        "status": "finished",
        "host_university": "",
    }
    values.update(fields)
    return FairFactory(**values)


@dataclass
class World:
    campaign: Campaign
    officer: object
    associations: dict
    enterprises: dict
    fairs: dict
    recruiters: dict
    graduates: dict
    placements: dict = field(default_factory=dict)
    staff: dict = field(default_factory=dict)


def hire(graduate, position, *, by, fair=None, contract="labour_contract"):
    application = Application.objects.create(
        graduate=graduate.graduate_profile,
        position=position,
        source="fair_page" if fair else "search",
        source_fair_id=fair.pk if fair else None,
        status="hired",
    )
    return services.declare_placement(
        application=application, by=by, hire_date=timezone.localdate(), contract_type=contract
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The hand-built campaign (also used by the browser test)."""
    today = timezone.localdate()
    officer = OfficerFactory().user
    campaign = Campaign.objects.create(
        name="百会千企促万生就业 2026",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
        target_associations=6,
        target_placements=10,
    )
    taiyuan = RegionFactory()
    datong = RegionFactory(code="140200", name="大同市", name_en="Datong")
    a = {n: AssociationFactory(name=f"山西省协会{n}") for n in range(1, 6)}
    e = {
        1: EnterpriseFactory(name="晋能科技", city=taiyuan, industry="I"),
        2: EnterpriseFactory(name="大同煤机", city=datong, industry="C"),
        3: EnterpriseFactory(name="太原会计", city=taiyuan, industry="L"),
    }
    MembershipFactory(enterprise=e[1], association=a[1])
    MembershipFactory(enterprise=e[2], association=a[4])
    MembershipFactory(enterprise=e[3], association=a[1])
    recruiters = {n: RecruiterFactory(enterprise=e[n]).user for n in e}
    f = {
        1: make_fair(a[1], start=-30, campaign=campaign, city=taiyuan, host_university="山西大学"),
        2: make_fair(a[1], start=-20, campaign=campaign, kind="cloud"),
        3: make_fair(
            a[2], start=-10, campaign=campaign, format="presentation", presenting_enterprise=e[1]
        ),
        4: make_fair(a[3], start=-5, campaign=campaign, status="cancelled"),
        5: make_fair(a[5], start=-3, campaign=campaign, status="draft"),
    }
    f[1].co_organisers.add(a[2])
    ParticipationFactory(fair=f[1], enterprise=e[1])
    ParticipationFactory(fair=f[1], enterprise=e[2])
    ParticipationFactory(fair=f[2], enterprise=e[1])
    ParticipationFactory(fair=f[4], enterprise=e[3])
    p = {
        1: make_position(e[1], headcount=3),
        2: make_position(e[2], headcount=2, title="机械工程师"),
        3: make_position(e[1], headcount=5, job_type="community_assistant", title="社区助理"),
        4: make_position(e[3], headcount=1, job_type="internship", title="会计实习生"),
        6: make_position(e[1], headcount=1, title="数据分析师"),
        5: make_position(e[3], status="draft", published_at=None, title="草稿"),
    }
    g = {n: GraduateFactory(full_name=f"毕业生{n}") for n in range(1, 7)}
    for n, university in enumerate(["山西大学", "山西大学", "太原理工大学"], start=1):
        g[n].graduate_profile.university = university
        g[n].graduate_profile.save()
    TicketFactory(fair=f[2], graduate=g[1], checked_in_at=days(-20))
    world = World(campaign, officer, a, e, f, recruiters, g)
    pl = world.placements
    pl[1] = hire(g[1], p[1], by=recruiters[1], fair=f[1])
    services.confirm_placement(placement=pl[1], by=g[1])
    pl[2] = hire(g[2], p[1], by=recruiters[1], fair=f[1])
    services.dispute_placement(placement=pl[2], by=g[2], reason="我没有入职这家公司")
    pl[3] = hire(g[3], p[2], by=recruiters[2])  # outside any fair
    services.confirm_placement(placement=pl[3], by=officer, reason="电话核实")
    pl["4a"] = hire(g[4], p[1], by=recruiters[1], fair=f[2])
    services.confirm_placement(placement=pl["4a"], by=g[4])
    pl["4b"] = hire(g[4], p[6], by=recruiters[1])  # hired again by E1: the first one ends
    services.confirm_placement(placement=pl["4b"], by=g[4])
    pl[5] = hire(g[5], p[3], by=recruiters[1], contract="community_assistant")
    services.confirm_placement(placement=pl[5], by=g[5])
    assert hire(g[6], p[4], by=recruiters[3]) is None  # internships never count
    Application.objects.create(graduate=g[6].graduate_profile, position=p[2], source="search")
    world.staff = {n: AssociationStaffFactory(association=a[n]).user for n in (1, 2, 4)}
    return world
