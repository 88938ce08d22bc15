"""Association staff join through single-use, expiring invitation links."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import roles_for
from associations import services
from associations.models import AssociationStaff, StaffInvitation
from tests.factories import AssociationStaffFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff():
    return AssociationStaffFactory(role=AssociationStaff.Role.ADMIN)


def invite(admin_staff, email="new.staff@example.cn", role=AssociationStaff.Role.MEMBER):
    _invitation, token = services.invite_staff(
        association=admin_staff.association, email=email, role=role, by=admin_staff.user
    )
    return token


def test_invitation_mail_carries_a_working_link(admin_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        token = invite(admin_staff)
    assert len(mail.outbox) == 1
    assert services.invitation_path(token) in mail.outbox[0].body
    assert mail.outbox[0].to == ["new.staff@example.cn"]


def test_new_person_creates_account_through_the_link_and_becomes_staff(client, admin_staff):
    token = invite(admin_staff)
    url = services.invitation_path(token)
    page = client.get(url)
    assert page.status_code == 200
    assert "new.staff@example.cn" in page.content.decode()
    response = client.post(
        url, {"full_name": "赵六", "password1": "Ab3$kd9-qpx", "password2": "Ab3$kd9-qpx"}
    )
    assert response.status_code == 302
    staff = AssociationStaff.objects.get(user__email="new.staff@example.cn")
    assert staff.association == admin_staff.association
    assert staff.role == AssociationStaff.Role.MEMBER
    assert roles_for(staff.user).is_staff_of(admin_staff.association.pk)
    assert client.session["_auth_user_id"] == str(staff.user.pk)


def test_mismatched_passwords_create_nothing(client, admin_staff):
    url = services.invitation_path(invite(admin_staff))
    response = client.post(
        url, {"full_name": "赵六", "password1": "Ab3$kd9-qpx", "password2": "other-pass-1"}
    )
    assert response.status_code == 200
    assert not AssociationStaff.objects.filter(user__email="new.staff@example.cn").exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_existing_user_logs_in_and_accepts(client, admin_staff):
    user = UserFactory(email="new.staff@example.cn")
    url = services.invitation_path(invite(admin_staff))
    assert reverse("account_login") in client.get(url).content.decode()
    client.force_login(user)
    response = client.post(url)
    assert response.status_code == 302
    assert AssociationStaff.objects.filter(user=user, association=admin_staff.association).exists()


def test_used_link_is_refused_with_a_clear_page(client, admin_staff):
    user = UserFactory(email="new.staff@example.cn")
    token = invite(admin_staff)
    services.accept_invitation(token=token, user=user)
    response = client.get(services.invitation_path(token))
    assert response.status_code == 410
    assert "使用过" in response.content.decode()


def test_expired_link_is_refused_and_changes_nothing(client, admin_staff):
    user = UserFactory(email="new.staff@example.cn")
    token = invite(admin_staff)
    client.force_login(user)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(services.invitation_path(token))
    assert response.status_code == 410
    assert "过期" in response.content.decode()
    assert not AssociationStaff.objects.filter(user=user).exists()


def test_forged_link_is_refused(client, admin_staff):
    invite(admin_staff)
    response = client.get(services.invitation_path("forged-token-that-was-never-issued"))
    assert response.status_code == 404
    assert "无效" in response.content.decode()


def test_link_does_not_work_for_another_account(client, admin_staff):
    other = UserFactory(email="someone.else@example.cn")
    token = invite(admin_staff)
    client.force_login(other)
    response = client.post(services.invitation_path(token))
    assert response.status_code == 400
    assert not AssociationStaff.objects.filter(user=other).exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_newer_invitation_replaces_the_older_one(client, admin_staff):
    first = invite(admin_staff)
    invite(admin_staff)
    assert client.get(services.invitation_path(first)).status_code == 410


def test_only_admins_and_officers_invite(admin_staff):
    member = AssociationStaffFactory(
        association=admin_staff.association, role=AssociationStaff.Role.MEMBER
    )
    with pytest.raises(PermissionDenied):
        services.invite_staff(
            association=admin_staff.association, email="a@example.cn", by=member.user
        )
    with pytest.raises(PermissionDenied):
        services.invite_staff(
            association=AssociationStaffFactory().association,
            email="a@example.cn",
            by=admin_staff.user,
        )
    officer = OfficerFactory().user
    services.invite_staff(association=admin_staff.association, email="a@example.cn", by=officer)
    assert StaffInvitation.objects.filter(email="a@example.cn").count() == 1


def test_inviting_someone_already_on_the_staff_is_refused(admin_staff):
    with pytest.raises(ValidationError):
        services.invite_staff(
            association=admin_staff.association, email=admin_staff.user.email, by=admin_staff.user
        )
    assert not StaffInvitation.objects.exists()


def test_only_a_digest_of_the_token_is_stored(admin_staff):
    token = invite(admin_staff)
    assert token not in StaffInvitation.objects.get().token_digest
