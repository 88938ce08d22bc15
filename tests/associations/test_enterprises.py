"""Recruiter onboarding: registering or joining an enterprise; owners manage recruiters."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import roles_for
from associations import services
from associations.credit_code import make_credit_code
from associations.models import Enterprise, EnterpriseRecruiter, RecruiterInvitation, Region
from tests.factories import RecruiterFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user read again: roles are cached per user object."""
    return type(user).objects.get(pk=user.pk)


def register(user, code=None, **fields):
    return services.create_enterprise(
        by=user,
        credit_code=code or make_credit_code(424242),
        name=fields.pop("name", "大同新能源科技有限公司"),
        **fields,
    )


def test_recruiter_registers_an_enterprise_and_becomes_its_active_owner(new_recruiter):
    city = Region.objects.get(code="140200")
    enterprise = register(
        new_recruiter,
        code=" " + make_credit_code(424242).lower(),
        city=city,
        district=Region.objects.get(code="140213"),
        size=Enterprise.Size.MEDIUM,
        ownership=Enterprise.Ownership.PRIVATE,
    )
    assert enterprise.credit_code == make_credit_code(424242)
    row = EnterpriseRecruiter.objects.get(enterprise=enterprise)
    assert (row.user, row.role, row.status) == (new_recruiter, "owner", "active")
    assert roles_for(new_recruiter).is_owner_of(enterprise.pk)


def test_shanxi_ships_eleven_cities_with_their_districts():
    cities = Region.objects.filter(level=Region.Level.CITY, code__startswith="14")
    assert cities.count() == 11
    assert Region.objects.filter(level=Region.Level.DISTRICT, code__startswith="14").count() == 117
    assert Region.objects.get(code="140105").parent.name == "太原市"
    assert Region.objects.get(code="141100").name_en == "Lüliang"


@pytest.mark.parametrize("code", ["91140100000000019X", "9114010000000001", "91140100O0000001I9"])
def test_malformed_codes_are_refused_and_nothing_is_created(new_recruiter, code):
    with pytest.raises(ValidationError) as error:
        register(new_recruiter, code=code)
    assert "credit_code" in error.value.message_dict
    assert not Enterprise.objects.exists()
    assert not EnterpriseRecruiter.objects.exists()


def test_duplicate_code_is_refused(new_recruiter):
    register(new_recruiter)
    other = UserFactory(signup_role="recruiter")
    with pytest.raises(ValidationError) as error:
        register(other, name="另一家公司")
    assert "credit_code" in error.value.message_dict
    assert Enterprise.objects.count() == 1


def test_district_must_be_in_the_chosen_city(new_recruiter):
    with pytest.raises(ValidationError) as error:
        register(
            new_recruiter,
            city=Region.objects.get(code="140100"),
            district=Region.objects.get(code="140213"),
        )
    assert "district" in error.value.message_dict


def test_graduate_cannot_register_an_enterprise(world):
    with pytest.raises(PermissionDenied):
        register(world.graduate)


def test_join_by_code_waits_for_the_owner_then_owner_approves(
    world, new_recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.request_to_join_enterprise(
            credit_code=world.enterprise_x.credit_code, by=new_recruiter
        )
    assert row.status == EnterpriseRecruiter.Status.PENDING
    assert mail.outbox[-1].to == [world.recruiter_x.email]
    assert not roles_for(new_recruiter).recruiter
    with pytest.raises(PermissionDenied):
        services.approve_recruiter(recruiter=row, by=world.recruiter_y)
    services.approve_recruiter(recruiter=row, by=world.recruiter_x)
    assert roles_for(fresh(new_recruiter)).is_recruiter_of(world.enterprise_x.pk)


def test_join_with_unknown_or_wrong_code_says_what_is_wrong(new_recruiter):
    with pytest.raises(ValidationError, match="91140100000000019W"):
        services.request_to_join_enterprise(credit_code="91140100000000019W", by=new_recruiter)
    with pytest.raises(ValidationError):
        services.request_to_join_enterprise(credit_code="91140100000000019X", by=new_recruiter)
    assert not EnterpriseRecruiter.objects.exists()


def test_asking_twice_is_refused(world, new_recruiter):
    services.request_to_join_enterprise(
        credit_code=world.enterprise_x.credit_code, by=new_recruiter
    )
    with pytest.raises(ValidationError):
        services.request_to_join_enterprise(
            credit_code=world.enterprise_x.credit_code, by=new_recruiter
        )


def test_owner_invites_an_existing_account_who_becomes_recruiter_at_once(world, new_recruiter):
    services.invite_recruiter(
        enterprise=world.enterprise_x, email=new_recruiter.email.upper(), by=world.recruiter_x
    )
    assert roles_for(fresh(new_recruiter)).is_recruiter_of(world.enterprise_x.pk)


def test_invited_address_without_account_is_approved_when_it_joins(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_recruiter(
            enterprise=world.enterprise_x, email="li.hua@example.cn", by=world.recruiter_x
        )
    assert world.enterprise_x.credit_code in mail.outbox[-1].body
    newcomer = UserFactory(email="li.hua@example.cn", signup_role="recruiter")
    row = services.request_to_join_enterprise(
        credit_code=world.enterprise_x.credit_code, by=newcomer
    )
    assert row.status == EnterpriseRecruiter.Status.ACTIVE
    assert RecruiterInvitation.objects.get().accepted_at is not None


def test_an_invitation_goes_to_whoever_proves_the_address_not_to_whoever_typed_it(
    world, django_capture_on_commit_callbacks
):
    squatter = UserFactory(email="hr@victim.example", signup_role="recruiter", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_recruiter(
            enterprise=world.enterprise_x, email="hr@victim.example", by=world.recruiter_x
        )
    assert not roles_for(fresh(squatter)).is_recruiter_of(world.enterprise_x.pk)
    assert mail.outbox[-1].to == ["hr@victim.example"]  # the address's owner is told
    row = services.request_to_join_enterprise(
        credit_code=world.enterprise_x.credit_code, by=squatter
    )
    assert row.status == EnterpriseRecruiter.Status.PENDING  # the owner decides
    assert RecruiterInvitation.objects.get().accepted_at is None

    squatter.emailaddress_set.create(email=squatter.email, verified=True, primary=True)
    row.delete()
    row = services.request_to_join_enterprise(
        credit_code=world.enterprise_x.credit_code, by=squatter
    )
    assert row.status == EnterpriseRecruiter.Status.ACTIVE  # confirmed: the invitation holds


def test_inviting_an_existing_recruiter_is_refused(world):
    colleague = RecruiterFactory(enterprise=world.enterprise_x, role="recruiter").user
    with pytest.raises(ValidationError, match=colleague.email):
        services.invite_recruiter(
            enterprise=world.enterprise_x, email=colleague.email, by=world.recruiter_x
        )


def test_only_owners_invite_and_remove(world):
    colleague = RecruiterFactory(enterprise=world.enterprise_x, role="recruiter").user
    with pytest.raises(PermissionDenied):
        services.invite_recruiter(enterprise=world.enterprise_x, email="a@example.cn", by=colleague)
    owner_row = EnterpriseRecruiter.objects.get(user=world.recruiter_x)
    with pytest.raises(PermissionDenied):
        services.remove_recruiter(recruiter=owner_row, by=colleague)
    services.remove_recruiter(
        recruiter=EnterpriseRecruiter.objects.get(user=colleague), by=world.recruiter_x
    )
    assert not roles_for(fresh(colleague)).recruiter


def test_the_only_owner_cannot_be_removed(world):
    owner_row = EnterpriseRecruiter.objects.get(user=world.recruiter_x)
    with pytest.raises(ValidationError):
        services.remove_recruiter(recruiter=owner_row, by=world.recruiter_x)
    assert EnterpriseRecruiter.objects.filter(pk=owner_row.pk).exists()


def test_editing_another_enterprise_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.update_enterprise(enterprise=world.enterprise_y, by=world.recruiter_x, name="X")
    world.enterprise_y.refresh_from_db()
    assert world.enterprise_y.name == "晋中恒通物流有限公司"


def test_the_database_keeps_one_open_invitation_per_address(world):
    from django.db import IntegrityError, transaction

    services.invite_recruiter(
        enterprise=world.enterprise_x, email="wang.fang@example.cn", by=world.recruiter_x
    )
    with pytest.raises(IntegrityError), transaction.atomic():  # what a concurrent owner meets
        RecruiterInvitation.objects.create(
            enterprise=world.enterprise_x, email="wang.fang@example.cn"
        )
    RecruiterInvitation.objects.update(accepted_at=timezone.now())
    services.invite_recruiter(  # once accepted, the address may be invited again later
        enterprise=world.enterprise_x, email="wang.fang@example.cn", by=world.recruiter_x
    )
    assert RecruiterInvitation.objects.count() == 2
