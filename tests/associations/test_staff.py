"""Officers create associations and their first admin; admins manage their staff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import roles_for
from associations import services
from associations.models import Association, AssociationStaff, StaffInvitation
from tests.factories import AssociationStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_officer_creates_an_association_with_an_existing_account_as_admin(world):
    person = UserFactory()
    association, invitation = services.create_association(
        by=world.officer,
        admin_email=person.email,
        name="山西省物流与采购联合会",
        kind=Association.Kind.INDUSTRY,
        level=Association.Level.PROVINCIAL,
        industries=["G", "F", "G"],
    )
    assert invitation is None
    assert association.industries == "FG"
    assert roles_for(person).is_admin_of(association.pk)


def test_officer_creates_an_association_and_invites_a_new_admin(world):
    association, invitation = services.create_association(
        by=world.officer, admin_email="New.Admin@example.cn", name="山西浙江商会", kind="chamber"
    )
    assert invitation.email == "new.admin@example.cn"
    assert invitation.role == AssociationStaff.Role.ADMIN
    assert invitation.association == association


@pytest.mark.parametrize("actor", ["staff_a", "recruiter_x", "graduate"])
def test_only_officers_create_associations(world, actor):
    with pytest.raises(PermissionDenied):
        services.create_association(by=world.actor(actor), admin_email="a@b.cn", name="新协会")
    assert not Association.objects.filter(name="新协会").exists()


def test_duplicate_association_name_is_refused(world):
    with pytest.raises(ValidationError):
        services.create_association(
            by=world.officer, admin_email="a@b.cn", name=world.association_a.name
        )


def test_admin_removes_a_staff_member(world):
    member = AssociationStaffFactory(association=world.association_a, role="member")
    services.remove_staff(staff=member, by=world.staff_a)
    assert not roles_for(member.user).association_staff


def test_last_admin_cannot_be_removed_or_demoted(world):
    admin = AssociationStaff.objects.get(user=world.staff_a)
    with pytest.raises(ValidationError):
        services.remove_staff(staff=admin, by=world.staff_a)
    with pytest.raises(ValidationError):
        services.set_staff_role(staff=admin, role="member", by=world.staff_a)
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_an_admin_can_go_once_another_admin_exists(world):
    AssociationStaffFactory(association=world.association_a, role="admin")
    services.remove_staff(staff=AssociationStaff.objects.get(user=world.staff_a), by=world.staff_a)
    assert not AssociationStaff.objects.filter(user=world.staff_a).exists()


def test_staff_of_b_cannot_remove_staff_of_a(world):
    member = AssociationStaffFactory(association=world.association_a, role="member")
    with pytest.raises(PermissionDenied):
        services.remove_staff(staff=member, by=world.staff_b)


def test_inviting_someone_already_on_the_staff_is_refused(world):
    with pytest.raises(ValidationError):
        services.invite_staff(
            association=world.association_a, email=world.staff_a.email, by=world.staff_a
        )
    assert not StaffInvitation.objects.exists()


def test_non_admin_staff_cannot_invite(world):
    member = AssociationStaffFactory(association=world.association_a, role="member")
    with pytest.raises(PermissionDenied):
        services.invite_staff(association=world.association_a, email="x@y.cn", by=member.user)
