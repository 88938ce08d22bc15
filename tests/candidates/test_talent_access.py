"""Who may see 为你推荐, a position's talent suggestions, invite, and answer an invitation: one
table.

Only graduates see 为你推荐 and their invitations; only active recruiters of the position's
verified enterprise see its suggestions and invite; only the invited graduate answers. Every other
signed-in role (a graduate, another enterprise's recruiter, a recruiter awaiting approval,
association staff, an officer) gets 404 alike, the anonymous the login page (pages) or 401/403
(API); a refused call changes no row.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from associations.models import EnterpriseRecruiter, Membership
from candidates import invitations, services
from candidates.models import Application, Invitation, InvitationEvent
from jobs.models import Position
from tests.candidates.helpers import complete_profile, recruiter_of
from tests.factories import (
    AssociationStaffFactory,
    GraduateFactory,
    OfficerFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
EVERYONE = (
    "anonymous",
    "recruiter",
    "pending_recruiter",
    "other_recruiter",
    "graduate",
    "other_graduate",
    "staff",
    "officer",
)


def discoverable(name: str):
    profile = complete_profile(GraduateFactory(full_name=name).graduate_profile)
    services.set_matching_preferences(profile=profile, by=profile.user, discoverable=True)
    return profile


@pytest.fixture
def world():
    position = PositionFactory(category="software", majors=[], published_at=timezone.now())
    enterprise = position.enterprise
    recruiter = recruiter_of(enterprise)
    graduate = discoverable("王晋阳")  # invited already
    fresh = discoverable("李汾河")  # a suggestion not yet invited
    invitation = invitations.invite_graduate(
        position=position, graduate=graduate, message="欢迎投递", by=recruiter
    )
    users = {
        "anonymous": None,
        "recruiter": recruiter,
        "pending_recruiter": recruiter_of(
            enterprise,
            role=EnterpriseRecruiter.Role.RECRUITER,
            status=EnterpriseRecruiter.Status.PENDING,
        ),
        "other_recruiter": recruiter_of(PositionFactory().enterprise),
        "graduate": graduate.user,
        "other_graduate": complete_profile(GraduateFactory().graduate_profile).user,
        "staff": AssociationStaffFactory(association=enterprise.memberships.get().association).user,
        "officer": OfficerFactory().user,
    }
    return SimpleNamespace(
        users=users, position=position, invitation=invitation, fresh=fresh, graduate=graduate
    )


def snapshot() -> dict:
    return {
        "invitations": set(Invitation.objects.values_list("pk", "status", "answered_at")),
        "events": InvitationEvent.objects.count(),
        "applications": Application.objects.count(),
    }


def send(world, actor, channel, method, path, data=None):
    user = world.users[actor]
    if channel == "api":
        client = APIClient(raise_request_exception=False)
        if user is not None:
            client.force_authenticate(user)
        return getattr(client, method)(path, data, format="json")
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(path, data or {})


GRADUATES = {"graduate", "other_graduate"}
# (channel, method, path, data, the roles that may) → success status
CASES = {
    "see 为你推荐 (page)": (
        "page",
        "get",
        lambda w: reverse("candidates:for_you"),
        None,
        GRADUATES,
        200,
    ),
    "see 为你推荐 (API)": (
        "api",
        "get",
        lambda w: f"{API}/graduate/recommendations/",
        None,
        GRADUATES,
        200,
    ),
    "see one's invitations (page)": (
        "page",
        "get",
        lambda w: reverse("candidates:invitations"),
        None,
        GRADUATES,
        200,
    ),
    "see suggestions (page)": (
        "page",
        "get",
        lambda w: reverse("candidates:talent", args=[w.position.pk]),
        None,
        "recruiter",
        200,
    ),
    "invite (page)": (
        "page",
        "post",
        lambda w: reverse("candidates:talent_invite", args=[w.position.pk]),
        lambda w: {"graduate": w.fresh.pk, "message": "你好"},
        "recruiter",
        302,
    ),
    "see suggestions (API)": (
        "api",
        "get",
        lambda w: f"{API}/positions/{w.position.pk}/talent/",
        None,
        "recruiter",
        200,
    ),
    "invite (API)": (
        "api",
        "post",
        lambda w: f"{API}/invitations/",
        lambda w: {"position": w.position.pk, "graduate": w.fresh.pk, "message": "你好"},
        "recruiter",
        201,
    ),
    "see a sent invitation (API)": (
        "api",
        "get",
        lambda w: f"{API}/invitations/{w.invitation.pk}/",
        None,
        "recruiter",
        200,
    ),
    "accept (page)": (
        "page",
        "post",
        lambda w: reverse("candidates:invitation_accept", args=[w.invitation.pk]),
        None,
        "graduate",
        302,
    ),
    "decline (page)": (
        "page",
        "post",
        lambda w: reverse("candidates:invitation_decline", args=[w.invitation.pk]),
        lambda w: {"reason": "不合适"},
        "graduate",
        302,
    ),
    "see an invitation (API)": (
        "api",
        "get",
        lambda w: f"{API}/graduate/invitations/{w.invitation.pk}/",
        None,
        "graduate",
        200,
    ),
    "accept (API)": (
        "api",
        "post",
        lambda w: f"{API}/graduate/invitations/{w.invitation.pk}/accept/",
        None,
        "graduate",
        201,
    ),
    "decline (API)": (
        "api",
        "post",
        lambda w: f"{API}/graduate/invitations/{w.invitation.pk}/decline/",
        lambda w: {"reason": "不合适"},
        "graduate",
        200,
    ),
}
EFFECTS = {
    "invite (page)": lambda w: Invitation.objects.filter(graduate=w.fresh).exists(),
    "invite (API)": lambda w: Invitation.objects.filter(graduate=w.fresh).exists(),
    "accept (page)": lambda w: Application.objects.filter(source="invitation").exists(),
    "accept (API)": lambda w: Application.objects.filter(source="invitation").exists(),
    "decline (page)": lambda w: Invitation.objects.get(pk=w.invitation.pk).status == "declined",
    "decline (API)": lambda w: Invitation.objects.get(pk=w.invitation.pk).status == "declined",
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("actor", EVERYONE)
def test_each_role_may_do_only_what_is_theirs(world, case, actor):
    channel, method, path, data, allowed, success = CASES[case]
    before = snapshot()
    response = send(world, actor, channel, method, path(world), data(world) if data else None)
    if actor == allowed or actor in allowed:
        assert response.status_code == success, response.content[:300]
        if case in EFFECTS:
            assert EFFECTS[case](world)
        return
    if actor == "anonymous":
        if channel == "page":
            assert response.status_code == 302
            assert reverse("account_login") in response["Location"]
        else:
            assert response.status_code in {401, 403}
    else:
        assert response.status_code == 404
    assert snapshot() == before


def test_a_recruiter_of_an_enterprise_no_longer_verified_gets_404(world):
    Membership.objects.filter(enterprise=world.position.enterprise).update(
        status=Membership.Status.ENDED
    )
    for channel, path in (
        ("page", reverse("candidates:talent", args=[world.position.pk])),
        ("api", f"{API}/positions/{world.position.pk}/talent/"),
    ):
        assert send(world, "recruiter", channel, "get", path).status_code == 404


def test_a_closed_position_has_no_suggestions(world):
    Position.objects.filter(pk=world.position.pk).update(status=Position.Status.CLOSED)
    path = reverse("candidates:talent", args=[world.position.pk])
    assert send(world, "recruiter", "page", "get", path).status_code == 404


def test_a_missing_position_is_404_like_someone_elses(world):
    for path in (reverse("candidates:talent", args=[99999]), f"{API}/positions/99999/talent/"):
        channel = "api" if path.startswith(API) else "page"
        assert send(world, "recruiter", channel, "get", path).status_code == 404


def test_the_recruiters_list_shows_only_their_enterprises_invitations(world):
    response = send(world, "other_recruiter", "api", "get", f"{API}/invitations/")
    assert response.json()["results"] == []
    response = send(world, "graduate", "api", "get", f"{API}/invitations/")
    assert response.status_code == 404


HUGE = "9" * 23  # passes int(), overflows an id column


@pytest.mark.parametrize(
    ("actor", "channel", "method", "path"),
    [
        ("recruiter", "page", "get", f"/me/pipeline/positions/{HUGE}/talent/"),
        ("recruiter", "page", "post", f"/me/pipeline/positions/{HUGE}/talent/invite/"),
        ("recruiter", "api", "get", f"{API}/positions/{HUGE}/talent/"),
        ("graduate", "page", "post", f"/me/invitations/{HUGE}/accept/"),
        ("graduate", "page", "post", f"/me/invitations/{HUGE}/decline/"),
    ],
)
def test_an_overflowing_id_in_a_matching_path_is_not_found(world, actor, channel, method, path):
    assert send(world, actor, channel, method, path).status_code == 404
