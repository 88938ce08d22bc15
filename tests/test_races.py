"""Check-then-act races: two requests at the same moment must not break a rule the product promises.

Each test runs its requests through tests.concurrency.collide, which starts them together and
proves they met: one of them, holding a row it locked or wrote, saw another wait for its lock
before it committed. A collision that never happened fails the test; each is repeated a few
times on fresh rows, so a race lost once in a few tries fails too. They need PostgreSQL's row
locks; SQLite serialises writers with one file lock, so there is no race to test there.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from associations import services as association_services
from associations.models import Membership
from candidates import services as candidate_services
from candidates.models import Application, ApplicationEvent, ResumeAccess
from fairs import services as fair_services
from fairs.models import Participation, ParticipationEvent, Ticket
from jobs import services as job_services
from jobs.models import Position
from outcomes import services as outcome_services
from outcomes.models import Placement
from tests import concurrency
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    ParticipationFactory,
    RecruiterFactory,
    TicketFactory,
    VerifiedEnterpriseFactory,
)
from tests.services import requires_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_postgresql(
        "SQLite serialises writers with one file lock, so there is no race to test; "
        "run with DATABASE_URL=postgres://… to test concurrent requests",
    ),
]

ROUNDS = 5  # collisions per test: a race lost once in a few tries still fails the test
EXPECTED_ERRORS = (ValidationError, PermissionDenied)


@pytest.fixture(autouse=True, params=range(1, ROUNDS + 1), ids=lambda n: f"collision{n}")
def _collision(request) -> int:
    """Run every test ROUNDS times, each on fresh rows."""
    return request.param


def collide(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once (tests.concurrency.collide: the first to lock a row is held until
    another waits for it) and return what each returned or raised; the calls must have met."""
    results, meeting = concurrency.collide(*calls, expected=EXPECTED_ERRORS)
    unexpected = [r for r in results if isinstance(r, RuntimeError)]
    assert not unexpected, unexpected
    assert meeting.waited, "the calls never met: no call waited for another's lock"
    return results


def succeeded(results: list[object]) -> list[object]:
    return [r for r in results if not isinstance(r, Exception)]


# --- fairs: seats, booths, check-in ----------------------------------------------------------


def test_two_graduates_taking_the_last_seat_at_once_get_one_ticket():
    fair = FairFactory(venue_capacity=1)
    graduates = GraduateFactory.create_batch(8)
    results = collide(
        *[lambda g=g: fair_services.register_graduate(fair=fair, by=g) for g in graduates]
    )
    assert len(succeeded(results)) == 1
    assert Ticket.objects.filter(fair=fair, status="active").count() == 1


def test_one_graduate_registering_twice_at_once_gets_one_ticket():
    fair, graduate = FairFactory(), GraduateFactory()
    results = collide(*[lambda: fair_services.register_graduate(fair=fair, by=graduate)] * 3)
    assert len(succeeded(results)) == 1
    assert Ticket.objects.filter(fair=fair, graduate=graduate).count() == 1


def test_approving_two_enterprises_for_the_last_booth_waitlists_one():
    fair = FairFactory(booth_capacity=1)
    staff = [AssociationStaffFactory(association=fair.organiser).user for _ in range(2)]
    pending = [
        ParticipationFactory(fair=fair, enterprise=EnterpriseFactory(), status="pending")
        for _ in range(2)
    ]
    results = collide(
        *[
            lambda p=p, s=s: fair_services.approve_participation(participation=p, by=s)
            for p, s in zip(pending, staff, strict=True)
        ]
    )
    assert sorted(p.status for p in results) == ["approved", "waitlisted"]
    assert fair.participations.filter(status="approved").count() == 1


def test_two_staff_approving_one_participation_at_once_approve_it_once():
    fair = FairFactory()
    staff = [AssociationStaffFactory(association=fair.organiser).user for _ in range(2)]
    participation = ParticipationFactory(fair=fair, status="pending")
    results = collide(
        *[
            lambda s=s: fair_services.approve_participation(participation=participation, by=s)
            for s in staff
        ]
    )
    assert len(succeeded(results)) == 1
    events = ParticipationEvent.objects.filter(participation=participation)
    assert list(events.values_list("from_status", "to_status")) == [("pending", "approved")]


def test_two_staff_checking_one_ticket_in_at_once_count_it_once():
    now = timezone.now()  # the fair runs: check-in is open
    fair = FairFactory(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5), status="ongoing"
    )
    staff = [AssociationStaffFactory(association=fair.organiser).user for _ in range(3)]
    ticket = TicketFactory(fair=fair)

    def scan(by):
        # check_in_at is one conditional UPDATE, atomic on its own; a transaction around it
        # holds its row lock until commit, so the scans can be seen to meet.
        with transaction.atomic():
            return fair_services.check_in(fair=fair, code=ticket.code, by=by)

    results = collide(*[lambda s=s: scan(s) for s in staff])
    assert sorted(r.first_time for r in results) == [False, False, True]
    ticket.refresh_from_db()
    first = next(r for r in results if r.first_time)
    assert (ticket.checked_in_at, ticket.checked_in_by) == (
        first.ticket.checked_in_at,
        first.ticket.checked_in_by,
    )


def withdraw_while_finishing() -> tuple[Participation, list[Callable[[], object]]]:
    fair = FairFactory(booth_capacity=1, status="ongoing")
    staff = AssociationStaffFactory(association=fair.organiser).user
    enterprise = EnterpriseFactory()
    recruiter = RecruiterFactory(enterprise=enterprise).user
    participation = ParticipationFactory(fair=fair, enterprise=enterprise, status="approved")
    return participation, [
        lambda: fair_services.withdraw_participation(participation=participation, by=recruiter),
        lambda: fair_services.finish_fair(fair=fair, by=staff),
    ]


def test_an_enterprise_withdrawing_while_the_fair_finishes_does_not_deadlock():
    """Withdrawing locks the participation and then the fair (to promote the waiting list);
    finishing locks the fair and then marks the absent participations as no-shows. Three fairs
    at once, so that one of them collides."""
    pairs = [withdraw_while_finishing() for _ in range(3)]
    collide(*[call for _, calls in pairs for call in calls])
    for participation, _ in pairs:
        participation.refresh_from_db()
        assert participation.status == "withdrawn"


# --- memberships -----------------------------------------------------------------------------


def test_an_enterprise_asking_twice_at_once_gets_one_live_membership():
    association = AssociationFactory()
    enterprise = EnterpriseFactory()
    recruiters = [RecruiterFactory(enterprise=enterprise).user for _ in range(2)]
    results = collide(
        *[
            lambda r=r: association_services.request_membership(
                enterprise=enterprise, association=association, by=r
            )
            for r in recruiters
        ]
    )
    assert len(succeeded(results)) == 1
    live = Membership.objects.filter(
        enterprise=enterprise, association=association, status__in=Membership.LIVE_STATUSES
    )
    assert live.count() == 1


def test_an_invitation_crossing_a_request_leaves_one_live_membership():
    association = AssociationFactory()
    staff = AssociationStaffFactory(association=association).user
    enterprise = EnterpriseFactory()
    recruiter = RecruiterFactory(enterprise=enterprise).user
    results = collide(
        lambda: association_services.request_membership(
            enterprise=enterprise, association=association, by=recruiter
        ),
        lambda: association_services.invite_enterprise(
            association=association, enterprise=enterprise, by=staff
        ),
    )
    assert len(succeeded(results)) == 1
    live = Membership.objects.filter(
        enterprise=enterprise, association=association, status__in=Membership.LIVE_STATUSES
    )
    assert live.count() == 1


# --- applications, hires, placements ---------------------------------------------------------


def offered(position, graduate=None) -> Application:
    """An application that reached the offer (built directly: the path there is tested
    elsewhere)."""
    graduate = graduate or GraduateFactory().graduate_profile
    return Application.objects.create(
        graduate=graduate, position=position, source="search", status="offered"
    )


def hire(application: Application, by) -> Callable[[], Application]:
    return lambda: outcome_services.record_hire(
        application=application,
        by=by,
        hire_date=timezone.localdate(),
        contract_type="labour_contract",
    )


def test_recruiters_filling_the_last_headcounts_at_once_mark_the_position_filled():
    """Each hire counts the position's hires to see whether it is filled. Three positions of
    two headcounts, each filled by two recruiters at once, so that one of them collides."""
    positions = [make_position(headcount=2) for _ in range(3)]
    calls = [
        hire(offered(position), recruiter_of(position.enterprise))
        for position in positions
        for _ in range(2)
    ]
    collide(*calls)
    for position in positions:
        assert position.applications.filter(status="hired").count() == 2
        position.refresh_from_db()
        assert position.status == Position.Status.FILLED
        assert position.events.filter(action="filled").count() == 1


def test_one_graduate_hired_by_two_enterprises_at_once_keeps_one_live_placement():
    graduate = GraduateFactory().graduate_profile
    positions = [make_position(), make_position()]
    applications = [offered(p, graduate) for p in positions]
    collide(*[hire(a, recruiter_of(a.position.enterprise)) for a in applications])
    placements = Placement.objects.filter(graduate=graduate)
    assert placements.count() == 2
    assert placements.filter(status__in=Placement.LIVE_STATUSES).count() == 1
    superseded = placements.get(status="cancelled")
    assert superseded.events.filter(action="superseded").count() == 1


def test_two_recruiters_hiring_one_application_at_once_hire_it_once():
    position = make_position()
    application = offered(position)
    results = collide(*[hire(application, recruiter_of(position.enterprise)) for _ in range(2)])
    assert len(succeeded(results)) == 1
    assert Placement.objects.filter(application=application).count() == 1
    assert application.events.filter(to_status="hired").count() == 1


def test_withdrawing_while_a_recruiter_moves_the_application_keeps_a_valid_history():
    position = make_position()
    recruiter = recruiter_of(position.enterprise)
    graduate = GraduateFactory().graduate_profile
    application = Application.objects.create(
        graduate=graduate, position=position, source="search", status="viewed"
    )
    ApplicationEvent.objects.create(
        application=application, actor=graduate.user, from_status="", to_status="viewed"
    )
    results = collide(
        lambda: candidate_services.withdraw_application(application=application, by=graduate.user),
        lambda: candidate_services.move_application(
            application=application, to="rejected", by=recruiter, note="不合适"
        ),
    )
    assert len(succeeded(results)) == 1  # rejected and withdrawn are both final
    application.refresh_from_db()
    steps = list(application.events.order_by("pk").values_list("from_status", "to_status"))
    assert [to for _, to in steps][-1] == application.status
    assert all(steps[i][1] == steps[i + 1][0] for i in range(len(steps) - 1))
    assert len(steps) == 2


# --- positions --------------------------------------------------------------------------------


def edit_while_closing() -> tuple[Position, list[Callable[[], object]]]:
    position = make_position()
    editor, closer = (recruiter_of(position.enterprise) for _ in range(2))
    stale, fresh = Position.objects.get(pk=position.pk), Position.objects.get(pk=position.pk)
    return position, [
        lambda: job_services.update_position(position=stale, by=editor, title="高级工程师"),
        lambda: job_services.close_position(position=fresh, by=closer),
    ]


def test_editing_a_position_while_it_is_closed_keeps_it_closed():
    """The edit form loads the position, the recruiter types, another recruiter closes it: the
    edit must not publish it again. Four positions at once, so that one of them collides."""
    pairs = [edit_while_closing() for _ in range(4)]
    collide(*[call for _, calls in pairs for call in calls])
    for position, _ in pairs:
        position.refresh_from_db()
        assert (position.status, position.title) == (Position.Status.CLOSED, "高级工程师")


def test_two_recruiters_changing_a_participations_positions_at_once_leave_one_list():
    enterprise = VerifiedEnterpriseFactory()
    participation = ParticipationFactory(enterprise=enterprise)
    first, second = (recruiter_of(enterprise) for _ in range(2))
    mine = [make_position(enterprise=enterprise) for _ in range(3)]
    theirs = [make_position(enterprise=enterprise) for _ in range(3)]
    collide(
        lambda: fair_services.update_participation_positions(
            participation=participation, by=first, positions=mine
        ),
        lambda: fair_services.update_participation_positions(
            participation=participation, by=second, positions=theirs
        ),
    )
    listed = set(participation.positions.values_list("pk", flat=True))
    assert listed in ({p.pk for p in mine}, {p.pk for p in theirs})
    assert participation.events.filter(action="positions_changed").count() == 2


def test_a_double_click_on_report_makes_one_report_and_a_readable_refusal():
    position = make_position()
    reporter = GraduateFactory()
    results = collide(
        *[
            lambda: job_services.report_position(
                position=position, by=reporter, reason="fraud", details="收取押金"
            )
            for _ in range(4)
        ]
    )
    assert len(succeeded(results)) == 1
    assert all(isinstance(r, ValidationError) for r in results if r not in succeeded(results))
    assert position.reports.count() == 1


# --- resumes ----------------------------------------------------------------------------------


def test_concurrent_downloads_never_pass_the_hourly_resume_limit(settings):
    settings.RESUME_VIEWS_PER_HOUR = 2
    position = make_position()
    graduate = complete_graduate()
    application = candidate_services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    recruiter = RecruiterFactory(enterprise=position.enterprise).user
    results = collide(
        *[lambda: candidate_services.open_resume(application=application, by=recruiter)] * 6
    )
    assert len(succeeded(results)) == 2
    accesses = ResumeAccess.objects.filter(viewer=recruiter)
    assert accesses.filter(refused=False).count() == 2
    assert accesses.filter(refused=True).count() == 4
    # The owner and the association's staff are told once per hour of refusals.
    assert recruiter.notifications.filter(kind="resume_throttled").count() == 1


# --- invitations to apply (人才推荐) ------------------------------------------------------------


def _discoverable():
    profile = complete_graduate()
    candidate_services.set_matching_preferences(profile=profile, by=profile.user, discoverable=True)
    return profile


def _invite(position, graduate, recruiter):
    from candidates import invitations

    return invitations.invite_graduate(
        position=position, graduate=graduate, message="欢迎投递", by=recruiter
    )


def test_two_recruiters_inviting_one_graduate_at_once_send_one_invitation():
    from candidates.models import Invitation

    position = make_position(published_at=timezone.now())
    recruiters = [recruiter_of(position.enterprise) for _ in range(3)]
    graduate = _discoverable()
    results = collide(*[lambda r=r: _invite(position, graduate, r) for r in recruiters])
    assert len(succeeded(results)) == 1
    assert Invitation.objects.filter(position=position, graduate=graduate).count() == 1


def test_invitations_sent_at_once_stop_at_the_daily_limit(settings):
    from candidates.models import Invitation

    settings.INVITATIONS_PER_POSITION_PER_DAY = 2
    position = make_position(published_at=timezone.now())
    recruiters = [recruiter_of(position.enterprise) for _ in range(4)]
    graduates = [_discoverable() for _ in range(4)]
    results = collide(
        *[
            lambda r=r, g=g: _invite(position, g, r)
            for r, g in zip(recruiters, graduates, strict=True)
        ]
    )
    assert len(succeeded(results)) == 2
    assert Invitation.objects.filter(position=position).count() == 2


def test_accepting_and_declining_at_once_answer_the_invitation_once():
    from candidates import invitations
    from candidates.models import InvitationEvent

    position = make_position(published_at=timezone.now())
    graduate = _discoverable()
    invitation = _invite(position, graduate, recruiter_of(position.enterprise))
    results = collide(
        lambda: invitations.accept_invitation(invitation=invitation, by=graduate.user),
        lambda: invitations.accept_invitation(invitation=invitation, by=graduate.user),
        lambda: invitations.decline_invitation(invitation=invitation, by=graduate.user),
    )
    assert len(succeeded(results)) == 1
    answers = InvitationEvent.objects.filter(invitation=invitation).exclude(from_status="")
    assert answers.count() == 1
    assert Application.objects.filter(graduate=graduate).count() == (
        1 if answers.get().to_status == "accepted" else 0
    )
