"""The cast of the associations tests: two enterprises, two associations, and their people."""

from dataclasses import dataclass

import pytest

from accounts.models import SignupRole
from associations.models import AssociationStaff, Membership
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    GraduateFactory,
    MembershipFactory,
    OfficerFactory,
    RecruiterFactory,
    UserFactory,
)


@dataclass
class World:
    association_a: object
    association_b: object
    enterprise_x: object
    enterprise_y: object
    staff_a: object  # admin of A
    staff_b: object  # admin of B
    recruiter_x: object  # owner of X
    recruiter_y: object  # owner of Y
    graduate: object
    officer: object
    request_x_to_a: object  # X asks A: pending
    membership_y_in_b: object  # Y is an approved member of B

    def actor(self, name: str):
        return {
            "anonymous": None,
            "graduate": self.graduate,
            "recruiter_x": self.recruiter_x,
            "recruiter_y": self.recruiter_y,
            "staff_a": self.staff_a,
            "staff_b": self.staff_b,
            "officer": self.officer,
        }[name]


ACTORS = ["anonymous", "graduate", "recruiter_x", "recruiter_y", "staff_a", "staff_b", "officer"]


@pytest.fixture
def world(db) -> World:
    association_a = AssociationFactory(name="山西省软件行业协会", short_name="省软协")
    association_b = AssociationFactory(name="山西省煤炭工业协会", short_name="省煤协")
    enterprise_x = EnterpriseFactory(name="太原云图软件有限公司")
    enterprise_y = EnterpriseFactory(name="晋中恒通物流有限公司")
    staff_a = AssociationStaffFactory(
        association=association_a, role=AssociationStaff.Role.ADMIN
    ).user
    staff_b = AssociationStaffFactory(
        association=association_b, role=AssociationStaff.Role.ADMIN
    ).user
    recruiter_x = RecruiterFactory(enterprise=enterprise_x).user
    recruiter_y = RecruiterFactory(enterprise=enterprise_y).user
    return World(
        association_a=association_a,
        association_b=association_b,
        enterprise_x=enterprise_x,
        enterprise_y=enterprise_y,
        staff_a=staff_a,
        staff_b=staff_b,
        recruiter_x=recruiter_x,
        recruiter_y=recruiter_y,
        graduate=GraduateFactory(),
        officer=OfficerFactory().user,
        request_x_to_a=MembershipFactory(
            enterprise=enterprise_x,
            association=association_a,
            status=Membership.Status.REQUESTED,
        ),
        membership_y_in_b=MembershipFactory(
            enterprise=enterprise_y, association=association_b, status=Membership.Status.APPROVED
        ),
    )


@pytest.fixture
def new_recruiter(db):
    return UserFactory(signup_role=SignupRole.RECRUITER)
