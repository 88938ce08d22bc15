"""The cast of the jobs tests: enterprise X (member of A) and Y (member of B), their people."""

from dataclasses import dataclass

import pytest

from associations.models import AssociationStaff
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    GraduateFactory,
    MembershipFactory,
    OfficerFactory,
    PositionFactory,
    RecruiterFactory,
    VerifiedEnterpriseFactory,
)


@dataclass
class World:
    association_a: object
    association_b: object
    enterprise_x: object
    enterprise_y: object
    staff_a: object
    staff_b: object
    recruiter_x: object
    recruiter_y: object
    graduate: object
    officer: object

    def actor(self, name: str):
        return None if name == "anonymous" else getattr(self, name)

    def position(self, **kwargs):
        kwargs.setdefault("enterprise", self.enterprise_x)
        return PositionFactory(**kwargs)


ACTORS = ["anonymous", "graduate", "recruiter_x", "recruiter_y", "staff_a", "staff_b", "officer"]


@pytest.fixture
def world(db) -> World:
    association_a = AssociationFactory(name="山西省软件行业协会")
    association_b = AssociationFactory(name="山西省物流与采购联合会")
    enterprise_x = VerifiedEnterpriseFactory(
        name="太原云图软件有限公司", membership__association=association_a
    )
    enterprise_y = VerifiedEnterpriseFactory(
        name="晋中恒通物流有限公司", membership__association=association_b
    )
    return World(
        association_a=association_a,
        association_b=association_b,
        enterprise_x=enterprise_x,
        enterprise_y=enterprise_y,
        staff_a=AssociationStaffFactory(
            association=association_a, role=AssociationStaff.Role.MEMBER
        ).user,
        staff_b=AssociationStaffFactory(association=association_b).user,
        recruiter_x=RecruiterFactory(enterprise=enterprise_x).user,
        recruiter_y=RecruiterFactory(enterprise=enterprise_y).user,
        graduate=GraduateFactory(),
        officer=OfficerFactory().user,
    )


@pytest.fixture
def unverified(world):
    """An enterprise no association has approved, and its recruiter."""
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(name="大同新创科技有限公司")
    MembershipFactory(enterprise=enterprise, association=world.association_a, status="requested")
    return enterprise, RecruiterFactory(enterprise=enterprise).user
