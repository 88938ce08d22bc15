"""Fixtures of the fairs tests: an organising association with staff, members, a fair."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    RecruiterFactory,
)


def make_position(enterprise, title="软件工程师", **fields):
    from jobs.models import Position
    from tests.factories import RegionFactory

    defaults = {
        "category": "software",
        "description": "负责后端开发",
        "city": RegionFactory(),
        "status": Position.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    defaults.update(fields)
    return Position.objects.create(enterprise=enterprise, title=title, **defaults)


def at_the_fair(fair, minutes: int = 30):
    """The clock moved to `minutes` after the fair starts: check-in is open then."""
    return time_machine.travel(fair.starts_at + timedelta(minutes=minutes))


def member_enterprise(association, name=None):
    """A verified enterprise, member of `association`, with an active owner-recruiter."""
    kwargs = {"name": name} if name else {}
    enterprise = EnterpriseFactory(**kwargs)
    MembershipFactory(enterprise=enterprise, association=association)
    recruiter = RecruiterFactory(enterprise=enterprise).user
    return enterprise, recruiter


@pytest.fixture
def association():
    return AssociationFactory(name="山西省软件行业协会")


@pytest.fixture
def staff(association):
    return AssociationStaffFactory(association=association).user


@pytest.fixture
def other_staff():
    """Staff of another association."""
    return AssociationStaffFactory().user


@pytest.fixture
def fair(association):
    return FairFactory(organiser=association)


@pytest.fixture
def enterprise_and_recruiter(association):
    return member_enterprise(association, "太原云图科技有限公司")


@pytest.fixture
def graduate():
    return GraduateFactory()
