"""The demo data loads through the services and is what the README promises."""

import io

import pytest

from accounts import demo as accounts_demo
from accounts.models import User
from accounts.roles import roles_for
from associations import demo
from associations.credit_code import credit_code_errors
from associations.models import Association, Enterprise, Membership
from associations.selectors import is_verified

pytestmark = pytest.mark.django_db


def test_demo_loads_associations_enterprises_and_accounts():
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # a second run changes nothing
    assert Association.objects.count() == len(demo.ASSOCIATIONS)
    assert Association.objects.filter(kind="chamber").count() >= 3
    enterprises = list(Enterprise.objects.all())
    assert len(enterprises) == len(demo.ENTERPRISES)
    assert all(credit_code_errors(e.credit_code) == [] for e in enterprises)
    unverified = [e.name for e in enterprises if not is_verified(e)]
    assert unverified == [demo.PENDING]
    assert Membership.objects.filter(status="requested").count() == 1
    recruiter = User.objects.get(email="recruiter@jinpin.demo")
    assert recruiter.check_password(accounts_demo.DEMO_PASSWORD)
    assert roles_for(recruiter).recruiter
    assert roles_for(User.objects.get(email="software@jinpin.demo")).association_staff
    assert roles_for(User.objects.get(email="recruiter-joining@jinpin.demo")).pending_enterprises
