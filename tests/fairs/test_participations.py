"""Enterprises registering for fairs: membership, decisions, capacity and the waiting list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fairs import selectors, services
from fairs.models import Participation, ParticipationEvent
from tests.factories import AssociationFactory, EnterpriseFactory, RecruiterFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db


def register(fair, association, name=None):
    enterprise, recruiter = member_enterprise(association, name)
    return services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)


def test_a_member_enterprise_registers_with_its_positions(fair, enterprise_and_recruiter):
    enterprise, recruiter = enterprise_and_recruiter
    position = make_position(enterprise)
    participation = services.register_participation(
        fair=fair,
        enterprise=enterprise,
        by=recruiter,
        positions=[position],
        booth_preferences="靠近入口",
    )
    assert participation.status == Participation.Status.PENDING
    assert list(participation.positions.all()) == [position]
    assert ParticipationEvent.objects.filter(
        participation=participation, action="registered"
    ).exists()


def test_a_withdrawn_participation_keeps_the_positions_it_had(fair, enterprise_and_recruiter):
    enterprise, recruiter = enterprise_and_recruiter
    first, later = make_position(enterprise), make_position(enterprise, title="会计")
    participation = services.register_participation(
        fair=fair, enterprise=enterprise, by=recruiter, positions=[first]
    )
    services.withdraw_participation(participation=participation, by=recruiter)
    with pytest.raises(ValidationError):
        services.update_participation_positions(
            participation=participation, by=recruiter, positions=[later]
        )
    assert list(participation.positions.all()) == [first]


def test_an_unverified_enterprise_cannot_register(fair):
    recruiter = RecruiterFactory(enterprise=EnterpriseFactory(name="未认证公司")).user
    enterprise = recruiter.enterprise_recruiters.get().enterprise
    with pytest.raises(ValidationError, match="未认证公司"):
        services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    assert not Participation.objects.exists()


def test_a_member_of_another_association_only_cannot_register(fair):
    enterprise, recruiter = member_enterprise(AssociationFactory())
    with pytest.raises(ValidationError):
        services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    assert not Participation.objects.exists()


def test_registering_after_the_window_is_refused(fair, enterprise_and_recruiter):
    from django.utils import timezone

    fair.enterprise_registration_closes = timezone.now() - timezone.timedelta(minutes=1)
    fair.enterprise_registration_opens = timezone.now() - timezone.timedelta(days=3)
    fair.save()
    enterprise, recruiter = enterprise_and_recruiter
    with pytest.raises(ValidationError):
        services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    assert not Participation.objects.exists()


def test_registering_twice_is_refused(fair, enterprise_and_recruiter):
    enterprise, recruiter = enterprise_and_recruiter
    services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    with pytest.raises(ValidationError):
        services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    assert Participation.objects.count() == 1


def test_another_enterprises_recruiter_cannot_register_it(
    fair, enterprise_and_recruiter, association
):
    enterprise, _ = enterprise_and_recruiter
    _, stranger = member_enterprise(association)
    with pytest.raises(PermissionDenied):
        services.register_participation(fair=fair, enterprise=enterprise, by=stranger)


def test_capacity_puts_late_approvals_on_the_waiting_list_which_moves_up_on_withdrawal(
    fair, association, staff
):
    fair.booth_capacity = 2
    fair.save()
    first, second, third, fourth = (register(fair, association) for _ in range(4))
    for participation in (first, second, third, fourth):
        services.approve_participation(participation=participation, by=staff)
    statuses = [p.status for p in Participation.objects.order_by("pk")]
    assert statuses == ["approved", "approved", "waitlisted", "waitlisted"]

    recruiter = first.enterprise.recruiters.get().user
    services.withdraw_participation(participation=first, by=recruiter)

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Participation.Status.APPROVED
    assert fourth.status == Participation.Status.WAITLISTED
    assert third.events.filter(action="promoted").exists()
    assert fair.participations.filter(status="approved").count() == 2


def test_booth_capacity_cannot_go_below_the_approved_enterprises(fair, association, staff):
    for _ in range(2):
        services.approve_participation(participation=register(fair, association), by=staff)
    with pytest.raises(ValidationError) as error:
        services.update_fair(fair=fair, by=staff, booth_capacity=1)
    assert "booth_capacity" in error.value.message_dict
    fair.refresh_from_db()
    assert fair.booth_capacity == 10


def test_rejection_needs_a_reason_and_records_it(fair, association, staff):
    participation = register(fair, association)
    with pytest.raises(ValidationError):
        services.reject_participation(participation=participation, by=staff, reason="")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING
    services.reject_participation(participation=participation, by=staff, reason="行业不符")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.REJECTED
    event = participation.events.get(action="rejected")
    assert (event.reason, event.actor, event.from_status) == ("行业不符", staff, "pending")


def test_a_booth_number_is_given_once_per_fair(fair, association, staff):
    a = services.approve_participation(
        participation=register(fair, association), by=staff, booth_number="a01"
    )
    assert a.booth_number == "A01"
    b = services.approve_participation(participation=register(fair, association), by=staff)
    with pytest.raises(ValidationError):
        services.assign_booth(participation=b, by=staff, booth_number="A01")
    services.assign_booth(participation=b, by=staff, booth_number="A02")
    b.refresh_from_db()
    assert b.booth_number == "A02"


@pytest.mark.parametrize("action", ["approve", "reject", "booth", "present"])
def test_staff_of_another_association_cannot_decide(fair, association, other_staff, action):
    participation = register(fair, association)
    calls = {
        "approve": lambda: services.approve_participation(
            participation=participation, by=other_staff
        ),
        "reject": lambda: services.reject_participation(
            participation=participation, by=other_staff, reason="x"
        ),
        "booth": lambda: services.assign_booth(
            participation=participation, by=other_staff, booth_number="B1"
        ),
        "present": lambda: services.mark_present(participation=participation, by=other_staff),
    }
    with pytest.raises(PermissionDenied):
        calls[action]()
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING


def test_staff_see_an_enterprises_no_shows_when_deciding(fair, association, staff):
    from tests.factories import FairFactory, ParticipationFactory

    enterprise, recruiter = member_enterprise(association)
    past = FairFactory(organiser=association, title="去年的双选会")
    ParticipationFactory(fair=past, enterprise=enterprise, no_show=True)
    services.register_participation(fair=fair, enterprise=enterprise, by=recruiter)
    row = selectors.participations_for_decision(fair).get(enterprise=enterprise)
    assert row.no_show_count == 1
    assert [p.fair.title for p in selectors.no_show_history(enterprise)] == ["去年的双选会"]


def test_fair_ids_by_position_lists_fairs_where_it_is_approved(fair, association, staff):
    enterprise, recruiter = member_enterprise(association)
    position = make_position(enterprise)
    participation = services.register_participation(
        fair=fair, enterprise=enterprise, by=recruiter, positions=[position]
    )
    assert selectors.fair_ids_by_position([position.pk]) == {}
    services.approve_participation(participation=participation, by=staff)
    assert selectors.fair_ids_by_position([position.pk]) == {position.pk: [fair.pk]}
    assert selectors.fairs_listing_position(position) == [fair]
