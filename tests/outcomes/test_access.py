"""Who may see and act on a placement, its contract, the verification queue, reports and
snapshots: every actor against every placement endpoint (API and pages), with the effect checked.

The cast is built here (not the campaign of conftest.py) so that each test stays small and does
not depend on how a placement is attributed: the placement's attribution row is written directly.

Actors around graduate G's placement at enterprise E:
  graduate         G, the graduate placed
  other_graduate   another graduate
  recruiter        an active recruiter of E
  pending_recruiter  someone whose request to recruit for E is still pending
  other_recruiter  a recruiter of another enterprise
  member_staff     staff of association M, which E is an approved member of
  fair_staff       staff of association T, credited with the placement (organised the fair)
  pending_staff    staff of association P, which E has only asked to join
  other_staff      staff of an unrelated association
  officer          a department officer
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from associations.models import EnterpriseRecruiter, Membership
from candidates.models import Application
from fairs.models import Campaign
from outcomes.models import Placement, PlacementEvent, PlacementTouch, Report, Snapshot
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    OfficerFactory,
    PositionFactory,
    RecruiterFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "graduate",
    "other_graduate",
    "recruiter",
    "pending_recruiter",
    "other_recruiter",
    "member_staff",
    "fair_staff",
    "pending_staff",
    "other_staff",
    "officer",
]
SEES = {"graduate", "recruiter", "member_staff", "fair_staff", "officer"}
STAFF = {"member_staff", "fair_staff", "officer"}
# Who may take each step; everyone else who sees the placement is refused (403), strangers
# are not told it exists (404).
MAY = {
    "confirm": {"graduate", *STAFF},
    "dispute": {"graduate"},
    "cancel": {"recruiter", *STAFF},
    "accept": STAFF,
    "contract": {"graduate", "recruiter", *STAFF},
}
STATUS_AFTER = {
    "confirm": "confirmed",
    "dispute": "disputed",
    "cancel": "cancelled",
    "accept": "evidenced",
}
PDF = b"%PDF-1.4\n%%EOF\n"


@dataclass
class Cast:
    placement: Placement
    campaign: Campaign
    people: dict

    def actor(self, name: str):
        return None if name == "anonymous" else self.people[name]


@pytest.fixture
def cast(db) -> Cast:
    member, credited, pending, unrelated = (AssociationFactory() for _ in range(4))
    enterprise = EnterpriseFactory(name="晋能科技")
    MembershipFactory(enterprise=enterprise, association=member)
    MembershipFactory(
        enterprise=enterprise, association=pending, status=Membership.Status.REQUESTED
    )
    other_enterprise = EnterpriseFactory(name="大同煤机")
    MembershipFactory(enterprise=other_enterprise, association=unrelated)
    graduate = GraduateFactory(full_name="毕业生甲")
    position = PositionFactory(enterprise=enterprise)
    application = Application.objects.create(
        graduate=graduate.graduate_profile, position=position, source="search", status="hired"
    )
    placement = Placement.objects.create(
        application=application,
        graduate=graduate.graduate_profile,
        enterprise=enterprise,
        position=position,
        hire_date=timezone.localdate(),
        contract_type="labour_contract",
    )
    placement.contract.save("contract.pdf", ContentFile(PDF), save=False)
    placement.contract_uploaded_at = timezone.now()
    placement.save()
    PlacementTouch.objects.create(
        placement=placement,
        fair=FairFactory(organiser=credited),
        association=credited,
        role=PlacementTouch.Role.PRIMARY,
    )
    people = {
        "graduate": graduate,
        "other_graduate": GraduateFactory(),
        "recruiter": RecruiterFactory(enterprise=enterprise).user,
        "pending_recruiter": RecruiterFactory(
            enterprise=enterprise,
            role=EnterpriseRecruiter.Role.RECRUITER,
            status=EnterpriseRecruiter.Status.PENDING,
        ).user,
        "other_recruiter": RecruiterFactory(enterprise=other_enterprise).user,
        "member_staff": AssociationStaffFactory(association=member, role="member").user,
        "fair_staff": AssociationStaffFactory(association=credited).user,
        "pending_staff": AssociationStaffFactory(association=pending).user,
        "other_staff": AssociationStaffFactory(association=unrelated).user,
        "officer": OfficerFactory().user,
    }
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="百会千企促万生就业",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )
    return Cast(placement=placement, campaign=campaign, people=people)


def stored(placement: Placement) -> tuple:
    """Everything recorded about the placement: its row, its events and attribution rows."""
    row = Placement.objects.filter(pk=placement.pk).values().get()
    return (
        row,
        PlacementEvent.objects.filter(placement=placement).count(),
        PlacementTouch.objects.filter(placement=placement).count(),
    )


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def browser(client, user):
    if user is not None:
        client.force_login(user)
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response.url


def expected_refusal(actor: str, step: str) -> int | None:
    """The status of a refused request (None when the actor may take the step)."""
    if actor not in SEES:
        return 404
    return None if actor in MAY[step] else 403


def effect_of(step: str, before: tuple, placement: Placement) -> bool:
    placement.refresh_from_db()
    if step == "contract":
        return placement.contract.name != before[0]["contract"]
    return placement.status == STATUS_AFTER[step]


# --- API ----------------------------------------------------------------------------------------

LIST = "/api/v1/outcomes/placements/"


@pytest.mark.parametrize("actor", ACTORS)
def test_the_api_lists_the_placement_only_to_those_concerned(cast, actor):
    response = api(cast.actor(actor)).get(LIST)
    if actor == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([cast.placement.pk] if actor in SEES else [])


@pytest.mark.parametrize("actor", ACTORS)
def test_the_api_shows_the_placement_only_to_those_concerned(cast, actor):
    response = api(cast.actor(actor)).get(f"{LIST}{cast.placement.pk}/")
    if actor == "anonymous":
        assert response.status_code in (401, 403)
    elif actor in SEES:
        assert response.status_code == 200
        assert (response.json()["id"], response.json()["graduate_name"]) == (
            cast.placement.pk,
            "毕业生甲",
        )
    else:
        assert response.status_code == 404


API_ACTIONS = {
    "confirm": "confirm",
    "dispute": "dispute",
    "cancel": "cancel",
    "accept": "accept-evidence",
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("step", list(API_ACTIONS))
def test_api_placement_actions_per_actor(cast, actor, step):
    placement = cast.placement
    before = stored(placement)
    response = api(cast.actor(actor)).post(
        f"{LIST}{placement.pk}/{API_ACTIONS[step]}/", {"reason": "电话核实"}, format="json"
    )
    refusal = expected_refusal(actor, step)
    if actor == "anonymous":
        assert response.status_code in (401, 403)
    elif refusal is None:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == STATUS_AFTER[step]
        assert effect_of(step, before, placement)
        return
    else:
        assert response.status_code == refusal, response.content
    assert stored(placement) == before


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("step", list(MAY))
def test_placement_steps_on_the_page_per_actor(cast, client, actor, step):
    placement = cast.placement
    before = stored(placement)
    data = {"reason": "电话核实"}
    if step == "contract":
        data = {"contract": SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf")}
    url = reverse("outcomes:placement_step", args=[placement.pk, step])
    response = browser(client, cast.actor(actor)).post(url, data)
    refusal = expected_refusal(actor, step)
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif refusal is None:
        assert response.status_code == 302
        assert response.url == reverse("outcomes:placement", args=[placement.pk])
        assert effect_of(step, before, placement)
        return
    else:
        assert response.status_code == refusal
    assert stored(placement) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_the_contract_is_downloaded_only_by_those_concerned(cast, client, actor):
    response = browser(client, cast.actor(actor)).get(
        reverse("outcomes:contract", args=[cast.placement.pk])
    )
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif actor in SEES:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_my_placements_lists_only_the_graduates_own(cast, client, actor):
    response = browser(client, cast.actor(actor)).get(reverse("outcomes:my_placements"))
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif actor == "graduate":
        assert response.status_code == 200
        assert [p.pk for p in response.context["page"]] == [cast.placement.pk]
    elif actor == "other_graduate":  # their own page, with none of G's placements
        assert response.status_code == 200
        assert list(response.context["page"]) == []
    else:  # a graduate's page: not found for anyone else, as the other graduate pages
        assert response.status_code == 404
    assert "毕业生甲" not in response.content.decode() or actor == "graduate"


@pytest.mark.parametrize("actor", ACTORS)
def test_the_verification_queue_is_staffs_and_scoped_to_their_associations(cast, client, actor):
    response = browser(client, cast.actor(actor)).get(reverse("outcomes:verify_list"))
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif actor.endswith("_staff") or actor == "officer":
        assert response.status_code == 200
        shown = [p.pk for p in response.context["page"]]
        assert shown == ([cast.placement.pk] if actor in SEES else [])
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("actor", ACTORS)
def test_a_report_is_downloaded_only_by_whoever_requested_it(cast, client, actor):
    report = Report.objects.create(
        params={}, requested_by=cast.people["member_staff"], status=Report.Status.DONE
    )
    report.file.save("report.pdf", ContentFile(PDF))
    response = browser(client, cast.actor(actor)).get(
        reverse("outcomes:report_download", args=[report.pk])
    )
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif actor == "member_staff":
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_only_officers_freeze_a_campaign(cast, client, actor):
    data = {"campaign": cast.campaign.pk, "cut_off": timezone.localdate().isoformat()}
    response = browser(client, cast.actor(actor)).post(reverse("outcomes:freeze"), data)
    frozen = Snapshot.objects.filter(kind=Snapshot.Kind.FROZEN, campaign=cast.campaign)
    if actor == "anonymous":
        assert is_login_redirect(response)
    elif actor == "officer":
        assert response.status_code == 302
        assert response.url == reverse("outcomes:dashboard")
        assert frozen.get().created_by == cast.people["officer"]
        return
    else:
        assert response.status_code == 403
    assert not Snapshot.objects.exists()


def test_a_freeze_is_a_post(cast, client):
    client.force_login(cast.people["officer"])
    assert client.get(reverse("outcomes:freeze")).status_code == 405
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize("actor", ["other_graduate", "other_recruiter", "other_staff"])
def test_a_missing_placement_and_a_strangers_look_the_same(cast, client, actor):
    """404 alike, so that nobody learns which placement ids exist."""
    client.force_login(cast.people[actor])
    missing = cast.placement.pk + 1000
    for pk in (cast.placement.pk, missing):
        assert client.get(reverse("outcomes:placement", args=[pk])).status_code == 404
        assert api(cast.people[actor]).get(f"{LIST}{pk}/").status_code == 404


def test_staff_lose_sight_of_the_placement_when_the_membership_ends(cast, client):
    """Staff of an association the enterprise has left see the placement no more; staff of the
    association credited with it still do."""
    Membership.objects.filter(status=Membership.Status.APPROVED).update(
        status=Membership.Status.ENDED
    )
    url = f"{LIST}{cast.placement.pk}/"
    assert api(cast.people["member_staff"]).get(url).status_code == 404
    assert api(cast.people["fair_staff"]).get(url).status_code == 200
    client.force_login(cast.people["member_staff"])
    assert list(client.get(reverse("outcomes:verify_list")).context["page"]) == []
    before = stored(cast.placement)
    step = reverse("outcomes:placement_step", args=[cast.placement.pk, "cancel"])
    assert client.post(step, {"reason": "解约"}).status_code == 404
    assert stored(cast.placement) == before


def test_staff_of_several_associations_concerned_see_the_placement_once(cast, client):
    """Credited through two fairs and a member association besides: one row, one page."""
    touch = PlacementTouch.objects.get(placement=cast.placement)
    PlacementTouch.objects.create(
        placement=cast.placement,
        fair=FairFactory(organiser=touch.association),
        association=touch.association,
        role=PlacementTouch.Role.SECONDARY,
    )
    both = cast.people["member_staff"]
    AssociationStaffFactory(association=touch.association, user=both)
    ids = [row["id"] for row in api(both).get(LIST).json()["results"]]
    assert ids == [cast.placement.pk]
    assert api(both).get(f"{LIST}{cast.placement.pk}/").status_code == 200
    client.force_login(both)
    assert [p.pk for p in client.get(reverse("outcomes:verify_list")).context["page"]] == ids
