"""The membership state machine: request / invite, approve / reject, end; one live at a time."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from associations import services
from associations.models import Membership, MembershipEvent
from associations.selectors import is_verified

pytestmark = pytest.mark.django_db

S = Membership.Status


def events(membership):
    return [(e.from_status, e.to_status) for e in membership.events.all()]


def test_request_then_approval_makes_the_enterprise_verified(
    world, django_capture_on_commit_callbacks
):
    x, b = world.enterprise_x, world.association_b
    assert not is_verified(x)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(
            enterprise=x, association=b, by=world.recruiter_x, reason="我们是软件企业"
        )
    assert membership.status == S.REQUESTED
    assert mail.outbox[-1].to == [world.staff_b.email]
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_membership(membership=membership, by=world.staff_b)
    membership.refresh_from_db()
    assert membership.status == S.APPROVED
    assert is_verified(x)
    assert events(membership) == [("", S.REQUESTED), (S.REQUESTED, S.APPROVED)]
    assert membership.events.last().actor == world.staff_b
    assert world.recruiter_x.email in mail.outbox[-1].to


def test_rejection_needs_a_reason_and_records_it(world):
    request = world.request_x_to_a
    with pytest.raises(ValidationError, match=r"Say why|驳回"):
        services.reject_membership(membership=request, by=world.staff_a, reason=" ")
    request.refresh_from_db()
    assert request.status == S.REQUESTED
    services.reject_membership(membership=request, by=world.staff_a, reason="非本行业企业")
    request.refresh_from_db()
    assert request.status == S.REJECTED
    event = request.events.get()
    assert (event.from_status, event.to_status, event.reason) == (
        S.REQUESTED,
        S.REJECTED,
        "非本行业企业",
    )
    assert not is_verified(world.enterprise_x)


def test_invitation_is_accepted_by_the_enterprise_not_by_staff(world):
    membership = services.invite_enterprise(
        association=world.association_a, enterprise=world.enterprise_y, by=world.staff_a
    )
    assert membership.status == S.INVITED
    with pytest.raises(PermissionDenied):
        services.approve_membership(membership=membership, by=world.staff_a)
    services.approve_membership(membership=membership, by=world.recruiter_y)
    membership.refresh_from_db()
    assert membership.status == S.APPROVED


def test_enterprise_can_decline_an_invitation_without_reason(world):
    membership = services.invite_enterprise(
        association=world.association_a, enterprise=world.enterprise_y, by=world.staff_a
    )
    services.reject_membership(membership=membership, by=world.recruiter_y, reason="")
    membership.refresh_from_db()
    assert membership.status == S.REJECTED


@pytest.mark.parametrize("side", ["staff_b", "recruiter_y"])
def test_either_side_ends_a_membership_and_verification_goes(world, side):
    membership = world.membership_y_in_b
    assert is_verified(world.enterprise_y)
    services.end_membership(membership=membership, by=world.actor(side), reason="会员到期")
    membership.refresh_from_db()
    assert membership.status == S.ENDED
    assert not is_verified(world.enterprise_y)


def test_a_new_request_is_possible_after_rejection_or_end(world):
    services.reject_membership(membership=world.request_x_to_a, by=world.staff_a, reason="资料不全")
    again = services.request_membership(
        enterprise=world.enterprise_x, association=world.association_a, by=world.recruiter_x
    )
    assert again.pk != world.request_x_to_a.pk
    assert again.status == S.REQUESTED


def test_second_request_while_one_is_pending_is_refused_and_changes_nothing(world):
    before = (Membership.objects.count(), MembershipEvent.objects.count())
    with pytest.raises(ValidationError, match="省软件行业协会"):
        services.request_membership(
            enterprise=world.enterprise_x, association=world.association_a, by=world.recruiter_x
        )
    assert (Membership.objects.count(), MembershipEvent.objects.count()) == before


def test_request_to_an_association_that_already_invited_says_so(world):
    services.invite_enterprise(
        association=world.association_a, enterprise=world.enterprise_y, by=world.staff_a
    )
    with pytest.raises(ValidationError) as error:
        services.request_membership(
            enterprise=world.enterprise_y, association=world.association_a, by=world.recruiter_y
        )
    assert error.value.code == "live_membership"


def test_inviting_an_existing_member_is_refused(world):
    with pytest.raises(ValidationError):
        services.invite_enterprise(
            association=world.association_b, enterprise=world.enterprise_y, by=world.staff_b
        )
    assert Membership.objects.filter(enterprise=world.enterprise_y).count() == 1


@pytest.mark.parametrize("actor", ["staff_b", "recruiter_x", "recruiter_y", "graduate", "officer"])
def test_only_staff_of_the_association_approve_a_request(world, actor):
    with pytest.raises(PermissionDenied):
        services.approve_membership(membership=world.request_x_to_a, by=world.actor(actor))
    world.request_x_to_a.refresh_from_db()
    assert world.request_x_to_a.status == S.REQUESTED
    assert not world.request_x_to_a.events.exists()


def test_recruiter_cannot_request_for_another_enterprise(world):
    with pytest.raises(PermissionDenied):
        services.request_membership(
            enterprise=world.enterprise_y, association=world.association_a, by=world.recruiter_x
        )


def test_approving_twice_is_refused(world):
    services.approve_membership(membership=world.request_x_to_a, by=world.staff_a)
    with pytest.raises(ValidationError):
        services.approve_membership(membership=world.request_x_to_a, by=world.staff_a)
    assert world.request_x_to_a.events.count() == 1


def test_ended_membership_cannot_be_approved(world):
    services.end_membership(membership=world.request_x_to_a, by=world.recruiter_x)
    with pytest.raises(ValidationError):
        services.approve_membership(membership=world.request_x_to_a, by=world.staff_a)


def test_database_refuses_two_live_memberships_of_one_pair(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            enterprise=world.enterprise_x, association=world.association_a, status=S.APPROVED
        )
