"""Lists that cost the same number of queries whatever their length (no query per row).

Each test builds a list of N rows, counts the queries of the page or API list, grows the list to
3N rows and counts again: the two counts must be equal. Absolute numbers are not asserted, so a
new header query elsewhere does not break these tests; a query per row does.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Application
from fairs.models import Campaign, InterviewSlot, SlotBooking
from outcomes.models import Snapshot
from tests.factories import (
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    OfficerFactory,
    ParticipationFactory,
    PositionFactory,
    RecruiterFactory,
    VerifiedEnterpriseFactory,
)

pytestmark = pytest.mark.django_db

N = 2


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def assert_same_count_for_n_and_3n(client, url: str, add_rows) -> None:
    add_rows(N)
    small = count_queries(client, url)
    add_rows(2 * N)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for {N} rows, {large} for {3 * N}"


def test_cloud_booth_page_lists_positions_without_a_query_per_position(client):
    """The booth shows each position's city: fetched with the positions, not one by one."""
    participation = ParticipationFactory(fair=FairFactory(kind="cloud"))

    def add_positions(count):
        participation.positions.add(
            *(PositionFactory(enterprise=participation.enterprise) for _ in range(count))
        )

    url = f"/fairs/{participation.fair_id}/booths/{participation.pk}/"
    assert_same_count_for_n_and_3n(client, url, add_positions)


def test_pipeline_api_lists_applications_without_a_query_per_application(client):
    """Each application's position carries its city: fetched with the applications."""
    enterprise = VerifiedEnterpriseFactory()
    recruiter = RecruiterFactory(enterprise=enterprise).user

    def add_applications(count):
        for _ in range(count):
            Application.objects.create(
                graduate=GraduateFactory().graduate_profile,
                position=PositionFactory(enterprise=enterprise),
            )

    client.force_login(recruiter)
    assert_same_count_for_n_and_3n(client, "/api/v1/pipeline/", add_applications)


def test_slot_api_says_whether_each_slot_is_booked_in_the_list_query(client):
    participation = ParticipationFactory(fair=FairFactory(kind="cloud"))
    starts = timezone.now() + datetime.timedelta(days=7)

    def add_booked_slots(count):
        for _ in range(count):
            slot = InterviewSlot.objects.create(
                fair=participation.fair,
                enterprise=participation.enterprise,
                starts_at=starts,
                link="https://meeting.example.cn/room",
            )
            SlotBooking.objects.create(
                slot=slot,
                fair=slot.fair,
                enterprise=slot.enterprise,
                graduate=GraduateFactory(),
            )

    client.force_login(GraduateFactory())
    assert_same_count_for_n_and_3n(client, "/api/v1/fair-slots/", add_booked_slots)
    assert all(slot["booked"] for slot in client.get("/api/v1/fair-slots/").json()["results"])


def test_recruiter_fairs_page_checks_all_enterprises_verification_at_once(client):
    """A recruiter of several enterprises: which may register is one query, not one each."""
    recruiter = RecruiterFactory().user

    def add_enterprises(count):
        for index in range(count):
            enterprise = RecruiterFactory(user=recruiter).enterprise
            if index % 2:
                MembershipFactory(enterprise=enterprise)

    client.force_login(recruiter)
    assert_same_count_for_n_and_3n(client, "/fairs/enterprise/", add_enterprises)


def test_dashboard_compares_frozen_figures_with_later_snapshots_at_once(client):
    """The officer's dashboard finds the newest daily snapshot of every frozen campaign in one
    go (at most five frozen campaigns are shown: N and 3N stay below that)."""
    today = timezone.localdate()
    officer = OfficerFactory().user
    n = 1

    def add_frozen_campaigns(count):
        for _ in range(count):
            campaign = Campaign.objects.create(
                name=f"百会千企促万生就业 {Campaign.objects.count()}",
                starts_on=today - datetime.timedelta(days=90),
                ends_on=today - datetime.timedelta(days=1),
            )
            figures = {"fairs_held": 3, "placements_verified": 2}
            Snapshot.objects.create(
                kind=Snapshot.Kind.FROZEN,
                campaign=campaign,
                day=today - datetime.timedelta(days=5),
                cut_off=today - datetime.timedelta(days=6),
                figures=figures,
            )
            for days_ago in (3, 2):
                Snapshot.objects.create(
                    kind=Snapshot.Kind.DAILY,
                    campaign=campaign,
                    day=today - datetime.timedelta(days=days_ago),
                    figures={**figures, "placements_verified": 5 - days_ago},
                )

    client.force_login(officer)
    add_frozen_campaigns(n)
    small = count_queries(client, "/outcomes/")
    add_frozen_campaigns(2 * n)
    large = count_queries(client, "/outcomes/")
    assert small == large
    frozen = client.get("/outcomes/").context["frozen"]
    assert [item["later"].day for item in frozen] == [today - datetime.timedelta(days=2)] * 3
    assert [item["diff"] for item in frozen] == [{"placements_verified": 1}] * 3


def _answered_applications(enterprise, count=5):
    """`count` applications to a position of the enterprise, each rejected an hour later."""
    from candidates.models import ApplicationEvent

    position = PositionFactory(enterprise=enterprise, title="数据分析师")
    for _ in range(count):
        application = Application.objects.create(
            graduate=GraduateFactory().graduate_profile, position=position
        )
        ApplicationEvent.objects.create(
            application=application, from_status="", to_status="submitted"
        )
        ApplicationEvent.objects.create(
            application=application, from_status="submitted", to_status="rejected"
        )
    return position


def test_search_cards_get_every_enterprises_responsiveness_in_one_query(client, monkeypatch):
    """Each card of the page says how its enterprise answers: one query for all of them."""
    import search
    from search import service

    def add_enterprises(count):
        for _ in range(count):
            position = _answered_applications(VerifiedEnterpriseFactory())
            search.index_position_now(position.pk)

    # The index's periodic check counts the database's positions at a process's first search:
    # done now, and not again while counting (whether an earlier test did it varies).
    monkeypatch.setattr(service, "INDEX_CHECK_SECONDS", 3600.0)
    client.get("/search/")
    # Every open position, newest first (words would add the vocabulary's look-ups for few hits).
    assert_same_count_for_n_and_3n(client, "/search/", add_enterprises)
    page = client.get("/search/").content.decode()
    assert page.count("data-responsiveness=") == 3 * N


def test_enterprises_api_computes_responsiveness_for_the_page_at_once(client):
    def add_enterprises(count):
        for _ in range(count):
            _answered_applications(VerifiedEnterpriseFactory())

    assert_same_count_for_n_and_3n(client, "/api/v1/enterprises/", add_enterprises)
    rates = [e["response_rate"] for e in client.get("/api/v1/enterprises/").json()["results"]]
    assert rates.count(1.0) == 3 * N


def test_staff_list_of_unconfirmed_positions_has_no_query_per_position(client):
    from associations.models import AssociationStaff
    from tests.factories import AssociationStaffFactory

    staff = AssociationStaffFactory(role=AssociationStaff.Role.MEMBER)

    def add_unlisted(count):
        for _ in range(count):
            enterprise = VerifiedEnterpriseFactory(membership__association=staff.association)
            PositionFactory(enterprise=enterprise, status="unlisted")

    client.force_login(staff.user)
    assert_same_count_for_n_and_3n(client, "/jobs/unconfirmed/", add_unlisted)


def test_feedback_results_have_no_query_per_booth_or_comment(client):
    from fairs.models import Lead
    from feedback import services
    from tests.factories import TicketFactory

    now = timezone.now()
    fair = FairFactory(
        starts_at=now - datetime.timedelta(hours=8), ends_at=now - datetime.timedelta(hours=1)
    )
    officer = OfficerFactory().user

    def add_rated_booths(count):
        for _ in range(count):
            booth = ParticipationFactory(fair=fair, enterprise=VerifiedEnterpriseFactory())
            graduate = GraduateFactory()
            TicketFactory(fair=fair, graduate=graduate, checked_in_at=fair.starts_at)
            Lead.objects.create(fair=fair, enterprise=booth.enterprise, graduate=graduate)
            services.rate_fair(fair=fair, by=graduate, rating=4, comment="组织有序")
            services.rate_booth(participation=booth, by=graduate, rating=3, comment="热情")

    client.force_login(officer)
    assert_same_count_for_n_and_3n(client, f"/feedback/fairs/{fair.pk}/results/", add_rated_booths)


def _computer_science_graduate():
    from candidates import services
    from tests.factories import RegionFactory

    profile = GraduateFactory().graduate_profile
    services.update_profile(
        profile=profile,
        by=profile.user,
        data={"major": "计算机科学与技术", "degree": "bachelor", "skills": "Python"},
        cities=[RegionFactory()],
    )
    return profile


def test_for_you_ranks_positions_without_a_query_per_position(client):
    """为你推荐 scores every candidate position from one query with its enterprise and city."""
    graduate = _computer_science_graduate()

    def add_positions(count):
        for _ in range(count):
            PositionFactory(published_at=timezone.now())

    client.force_login(graduate.user)
    assert_same_count_for_n_and_3n(client, "/me/for-you/", add_positions)
    assert_same_count_for_n_and_3n(client, "/api/v1/graduate/recommendations/", add_positions)


def test_talent_suggestions_rank_graduates_without_a_query_per_graduate(client):
    """人才推荐 loads the discoverable graduates with their cities in two queries."""
    from candidates import services

    position = PositionFactory(published_at=timezone.now())
    recruiter = RecruiterFactory(enterprise=position.enterprise).user

    def add_graduates(count):
        for _ in range(count):
            graduate = _computer_science_graduate()
            services.set_matching_preferences(profile=graduate, by=graduate.user, discoverable=True)

    client.force_login(recruiter)
    assert_same_count_for_n_and_3n(
        client, f"/me/pipeline/positions/{position.pk}/talent/", add_graduates
    )
    assert_same_count_for_n_and_3n(
        client, f"/api/v1/positions/{position.pk}/talent/", add_graduates
    )
