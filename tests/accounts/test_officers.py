"""Department officers are created with manage.py create_officer."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import roles_for
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db


def test_create_officer_makes_a_verified_officer_account(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Officer-pass-2026\n"))
    call_command("create_officer", "Officer@Gov.cn", "--password-stdin", stdout=io.StringIO())
    user = User.objects.get(email="officer@gov.cn")
    assert roles_for(user).officer
    assert user.check_password("Officer-pass-2026")
    assert user.emailaddress_set.get().verified


def test_create_officer_grants_the_role_to_an_existing_account():
    user = GraduateFactory()
    call_command("create_officer", user.email, "--no-password", stdout=io.StringIO())
    roles = roles_for(User.objects.get(pk=user.pk))
    assert roles.officer
    assert roles.graduate


def test_create_officer_refuses_a_malformed_address():
    with pytest.raises(CommandError):
        call_command("create_officer", "not-an-address", "--no-password", stdout=io.StringIO())
    assert not User.objects.exists()
