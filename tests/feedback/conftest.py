"""The cast of the feedback tests: a campus fair that ended yesterday, organised by association A;
booth X (scanned the visitor's ticket) and booth Y (not visited) of member enterprises; a graduate
who checked in, one who registered and stayed home; recruiters; staff of A and of another
association; an officer."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from associations.models import AssociationStaff
from fairs.models import Lead
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    ParticipationFactory,
    RecruiterFactory,
    TicketFactory,
    VerifiedEnterpriseFactory,
)

DAY = datetime.timedelta(days=1)


@dataclass
class World:
    fair: object
    booth_x: object
    booth_y: object
    visitor: object  # checked in, scanned at booth X
    absentee: object  # a ticket, never checked in
    recruiter_x: object
    recruiter_y: object
    outsider_recruiter: object  # of an enterprise not at the fair
    staff_a: object  # organiser's staff
    staff_b: object  # another association's staff
    officer: object

    def actor(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


ACTORS = [
    "anonymous",
    "visitor",
    "absentee",
    "recruiter_x",
    "outsider_recruiter",
    "staff_a",
    "staff_b",
    "officer",
]


def ended_fair(association, *, ago=DAY, **fields):
    now = timezone.now()
    return FairFactory(
        organiser=association,
        starts_at=now - ago - datetime.timedelta(hours=6),
        ends_at=now - ago,
        enterprise_registration_opens=now - 30 * DAY,
        enterprise_registration_closes=now - 10 * DAY,
        graduate_registration_opens=now - 30 * DAY,
        graduate_registration_closes=now - ago - DAY,
        status="finished",
        **fields,
    )


@pytest.fixture
def world(db) -> World:
    association_a = AssociationFactory(name="山西省软件行业协会")
    association_b = AssociationFactory(name="山西省物流与采购联合会")
    fair = ended_fair(association_a, title="山西大学春季双选会")
    enterprise_x = VerifiedEnterpriseFactory(
        name="太原云图软件有限公司", membership__association=association_a
    )
    enterprise_y = VerifiedEnterpriseFactory(
        name="晋中恒通物流有限公司", membership__association=association_a
    )
    booth_x = ParticipationFactory(fair=fair, enterprise=enterprise_x, booth_number="A-01")
    booth_y = ParticipationFactory(fair=fair, enterprise=enterprise_y, booth_number="A-02")
    visitor = GraduateFactory(full_name="张伟")
    absentee = GraduateFactory(full_name="李娜")
    TicketFactory(fair=fair, graduate=visitor, checked_in_at=fair.starts_at)
    TicketFactory(fair=fair, graduate=absentee)
    Lead.objects.create(fair=fair, enterprise=enterprise_x, graduate=visitor)
    return World(
        fair=fair,
        booth_x=booth_x,
        booth_y=booth_y,
        visitor=visitor,
        absentee=absentee,
        recruiter_x=RecruiterFactory(enterprise=enterprise_x).user,
        recruiter_y=RecruiterFactory(enterprise=enterprise_y).user,
        outsider_recruiter=RecruiterFactory(
            enterprise=VerifiedEnterpriseFactory(name="大同新创科技有限公司")
        ).user,
        staff_a=AssociationStaffFactory(
            association=association_a, role=AssociationStaff.Role.MEMBER
        ).user,
        staff_b=AssociationStaffFactory(association=association_b).user,
        officer=OfficerFactory().user,
    )
