"""Per-role access to the endpoints that act on applications, resumes and notifications.

Two enterprises each have one applicant: `own` is the graduate's application to the recruiter's
enterprise, `foreign` another graduate's application to another enterprise. For every endpoint the
right role succeeds and its effect is checked; every other role is refused (404 when signed in,
the login page or 401/403 when not) and the database is left exactly as it was.
"""

import csv
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from associations.models import EnterpriseRecruiter
from candidates import services
from candidates.models import (
    Application,
    ApplicationEvent,
    Notification,
    RecruiterNote,
    Resume,
    ResumeAccess,
)
from tests.candidates.helpers import complete_graduate, pdf_bytes, recruiter_of
from tests.factories import AssociationStaffFactory, OfficerFactory, PositionFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
EVERYONE = (
    "anonymous",
    "graduate",
    "other_graduate",
    "recruiter",
    "other_recruiter",
    "pending_recruiter",
    "staff",
    "officer",
)
SIGNED_IN = EVERYONE[1:]
GRADUATES = ("graduate", "other_graduate")
RECRUITERS = ("recruiter", "other_recruiter")


@pytest.fixture(autouse=True)
def _quick_resume_rendering(monkeypatch):
    # Rendering the profile with WeasyPrint takes seconds; what it renders is not tested here.
    monkeypatch.setattr(
        services, "render_resume_pdf", lambda *args, **kwargs: pdf_bytes(), raising=False
    )


@pytest.fixture
def world():
    own_position, foreign_position = PositionFactory(), PositionFactory()
    enterprise = own_position.enterprise
    users = {
        "anonymous": None,
        "recruiter": recruiter_of(enterprise),
        "other_recruiter": recruiter_of(foreign_position.enterprise),
        "pending_recruiter": recruiter_of(
            enterprise,
            role=EnterpriseRecruiter.Role.RECRUITER,
            status=EnterpriseRecruiter.Status.PENDING,
        ),
        "staff": AssociationStaffFactory(association=enterprise.memberships.get().association).user,
        "officer": OfficerFactory().user,
    }
    graduate = complete_graduate(full_name="王晋阳")
    other = complete_graduate(full_name="李汾河")
    users |= {"graduate": graduate.user, "other_graduate": other.user}
    own = services.apply(
        graduate=graduate, position=own_position, source="search", by=graduate.user
    )
    foreign = services.apply(
        graduate=other, position=foreign_position, source="search", by=other.user
    )
    for name in SIGNED_IN:
        Notification.objects.create(user=users[name], kind="status_changed", message=marker(name))
    return SimpleNamespace(users=users, own=own, foreign=foreign)


def marker(actor: str) -> str:
    return f"[note:{actor}]"


def snapshot() -> dict:
    """Everything these endpoints could change."""
    return {
        "applications": set(
            Application.objects.values_list("pk", "status", "interview_at", "updated_at")
        ),
        "events": set(ApplicationEvent.objects.values_list("pk", flat=True)),
        "notes": RecruiterNote.objects.count(),
        "resumes": set(Resume.objects.values_list("pk", flat=True)),
        "resume_accesses": ResumeAccess.objects.count(),
        "notifications": set(Notification.objects.values_list("pk", "user_id", "read_at")),
    }


def send(world, actor, channel, method, path, data=None):
    """The response to `actor` calling a page ("page") or the API ("api")."""
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


def sides(world, recruiter: str) -> tuple[Application, Application]:
    """(the application to the recruiter's enterprise, the one to the other enterprise)."""
    return (world.own, world.foreign) if recruiter == "recruiter" else (world.foreign, world.own)


def page(name, *args):
    return reverse(f"candidates:{name}", args=args)


def both_ids(w):
    return {"applications": [w.own.pk, w.foreign.pk], "message": "岗位已满"}


# (channel, endpoint) → (method, path, data, who may call it); everyone else is refused.
ENDPOINTS = {
    ("api", "resumes/generate"): (
        "post",
        lambda w: f"{API}/graduate/resumes/generate/",
        None,
        GRADUATES,  # each one for their own profile
    ),
    ("api", "resumes/download"): (
        "get",
        lambda w: f"{API}/graduate/resumes/{w.own.resume_id}/download/",
        None,
        ("graduate",),
    ),
    ("api", "pipeline"): ("get", lambda w: f"{API}/pipeline/", None, RECRUITERS),
    ("api", "pipeline/export"): ("get", lambda w: f"{API}/pipeline/export/", None, RECRUITERS),
    ("api", "pipeline/bulk-reject"): (
        "post",
        lambda w: f"{API}/pipeline/bulk-reject/",
        both_ids,
        RECRUITERS,  # each one for their own enterprise's applications
    ),
    ("api", "pipeline/move"): (
        "post",
        lambda w: f"{API}/pipeline/{w.own.pk}/move/",
        lambda w: {"to": "rejected"},
        ("recruiter",),
    ),
    ("api", "applications/withdraw"): (
        "post",
        lambda w: f"{API}/applications/{w.own.pk}/withdraw/",
        lambda w: {"note": "已签约"},
        ("graduate",),
    ),
    ("api", "notifications"): ("get", lambda w: f"{API}/notifications/", None, SIGNED_IN),
    ("api", "notifications/unread"): (
        "get",
        lambda w: f"{API}/notifications/unread/",
        None,
        SIGNED_IN,
    ),
    ("api", "notifications/read"): (
        "post",
        lambda w: f"{API}/notifications/read/",
        lambda w: {},
        SIGNED_IN,
    ),
    ("page", "for_you"): ("get", lambda w: page("for_you"), None, GRADUATES),
    ("page", "resume_generate"): ("post", lambda w: page("resume_generate"), None, GRADUATES),
    ("page", "pipeline_export"): ("get", lambda w: page("pipeline_export"), None, RECRUITERS),
    ("page", "pipeline_note"): (
        "post",
        lambda w: page("pipeline_note", w.own.pk),
        lambda w: {"body": "沟通能力强"},
        ("recruiter",),
    ),
    ("page", "pipeline_move"): (
        "post",
        lambda w: page("pipeline_move", w.own.pk),
        lambda w: {"to": "rejected"},
        ("recruiter",),
    ),
    ("page", "pipeline_bulk_reject"): (
        "post",
        lambda w: page("pipeline_bulk_reject"),
        both_ids,
        RECRUITERS,
    ),
    ("page", "withdraw"): (
        "post",
        lambda w: page("withdraw", w.own.pk),
        lambda w: {"note": "已签约"},
        ("graduate",),
    ),
    ("page", "notifications:get"): ("get", lambda w: page("notifications"), None, SIGNED_IN),
    ("page", "notifications:post"): ("post", lambda w: page("notifications"), None, SIGNED_IN),
}
# The bulk-reject page answers everyone signed in with a redirect back to the pipeline ("0
# applications were rejected"): it rejects only among the caller's own pipeline, empty for them.
REDIRECTS_INSTEAD_OF_404 = {("page", "pipeline_bulk_reject")}


def refusal(key, actor) -> str:
    """How `actor` is to be refused at the endpoint `key`."""
    if actor == "anonymous":
        return "401/403" if key[0] == "api" else "login page"
    return "back to the pipeline" if key in REDIRECTS_INSTEAD_OF_404 else "404"


def answer(response) -> str:
    if response.status_code in (401, 403):
        return "401/403"
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return "login page"
    if response.status_code == 302 and response.url == page("pipeline"):
        return "back to the pipeline"
    return str(response.status_code)


@pytest.mark.parametrize("key", ENDPOINTS, ids=[f"{c}:{name}" for c, name in ENDPOINTS])
def test_every_other_role_is_refused_and_nothing_changes(world, key):
    method, path, data, allowed = ENDPOINTS[key]
    refused = [actor for actor in EVERYONE if actor not in allowed]
    before = snapshot()
    seen = {}
    for actor in refused:
        response = send(world, actor, key[0], method, path(world), data(world) if data else None)
        seen[actor] = (answer(response), "unchanged" if snapshot() == before else "CHANGED")
    assert seen == {actor: (refusal(key, actor), "unchanged") for actor in refused}


# --- What the right role does ---------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["api", "page"])
@pytest.mark.parametrize("actor", GRADUATES)
def test_a_graduate_generates_a_resume_for_their_own_profile_only(world, channel, actor):
    user = world.users[actor]
    others = Resume.objects.exclude(graduate__user=user)
    others_before = set(others.values_list("pk", flat=True))
    path = f"{API}/graduate/resumes/generate/" if channel == "api" else page("resume_generate")
    response = send(world, actor, channel, "post", path)
    assert response.status_code == (201 if channel == "api" else 302)
    generated = Resume.objects.get(kind=Resume.Kind.GENERATED)
    assert generated.graduate.user == user
    if channel == "api":
        assert response.json()["id"] == generated.pk
    assert set(others.values_list("pk", flat=True)) == others_before


def test_the_graduate_downloads_their_resume_and_the_view_is_logged(world):
    graduate = world.users["graduate"]
    response = send(
        world, "graduate", "api", "get", f"{API}/graduate/resumes/{world.own.resume_id}/download/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    access = ResumeAccess.objects.get()
    assert (access.viewer, access.resume_id) == (graduate, world.own.resume_id)


def csv_names(response) -> list[str]:
    """The applicants' names in an exported CSV (its fourth column), header left out."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[3] for row in rows[1:]]


@pytest.mark.parametrize("narrowed_to", ["", "enterprise", "position"])
@pytest.mark.parametrize("actor", RECRUITERS)
def test_the_pipeline_and_its_exports_hold_only_the_enterprises_own_applicants(
    world, actor, narrowed_to
):
    mine, theirs = sides(world, actor)
    query = {
        "": "",
        "enterprise": f"?enterprise={theirs.position.enterprise_id}",
        "position": f"?position={theirs.position_id}",
    }[narrowed_to]
    # Narrowing to the other enterprise or its position gives nothing, not its applicants.
    expected = [] if narrowed_to else [mine]
    listed = send(world, actor, "api", "get", f"{API}/pipeline/{query}")
    assert [row["id"] for row in listed.json()["results"]] == [a.pk for a in expected]
    for response in [
        send(world, actor, "api", "get", f"{API}/pipeline/export/{query}"),
        send(world, actor, "page", "get", page("pipeline_export") + query),
    ]:
        assert response.status_code == 200
        assert csv_names(response) == [a.graduate.full_name for a in expected]


@pytest.mark.parametrize("channel", ["api", "page"])
@pytest.mark.parametrize("actor", RECRUITERS)
def test_bulk_rejection_of_own_and_foreign_ids_rejects_only_the_own(world, channel, actor):
    mine, theirs = sides(world, actor)
    path = f"{API}/pipeline/bulk-reject/" if channel == "api" else page("pipeline_bulk_reject")
    response = send(world, actor, channel, "post", path, both_ids(world))
    # The foreign ids are ignored, not a reason to refuse the whole request.
    if channel == "api":
        assert (response.status_code, response.json()) == (200, {"rejected": 1})
    else:
        assert (response.status_code, response.url) == (302, page("pipeline"))
    mine.refresh_from_db()
    assert mine.status == "rejected"
    assert mine.events.get(to_status="rejected").actor == world.users[actor]
    assert list(theirs.events.values_list("to_status", flat=True)) == ["submitted"]
    assert Application.objects.get(pk=theirs.pk).status == "submitted"


@pytest.mark.parametrize("channel", ["api", "page"])
def test_the_recruiter_moves_their_applicant_and_the_graduate_is_told(world, channel):
    recruiter, graduate = world.users["recruiter"], world.users["graduate"]
    told_before = graduate.notifications.filter(kind="status_changed").count()
    path = (
        f"{API}/pipeline/{world.own.pk}/move/"
        if channel == "api"
        else page("pipeline_move", world.own.pk)
    )
    response = send(world, "recruiter", channel, "post", path, {"to": "rejected", "note": "谢谢"})
    assert response.status_code == (200 if channel == "api" else 302)
    world.own.refresh_from_db()
    assert world.own.status == "rejected"
    assert world.own.events.get(to_status="rejected").actor == recruiter
    assert graduate.notifications.filter(kind="status_changed").count() == told_before + 1
    assert Application.objects.get(pk=world.foreign.pk).status == "submitted"


@pytest.mark.parametrize("channel", ["api", "page"])
def test_the_graduate_withdraws_their_application(world, channel):
    path = (
        f"{API}/applications/{world.own.pk}/withdraw/"
        if channel == "api"
        else page("withdraw", world.own.pk)
    )
    response = send(world, "graduate", channel, "post", path, {"note": "已签约"})
    assert response.status_code == (200 if channel == "api" else 302)
    world.own.refresh_from_db()
    assert world.own.status == "withdrawn"
    assert world.own.events.get(to_status="withdrawn").actor == world.users["graduate"]
    assert Application.objects.get(pk=world.foreign.pk).status == "submitted"


def test_the_recruiter_writes_a_private_note(world):
    response = send(
        world, "recruiter", "page", "post", page("pipeline_note", world.own.pk), {"body": "踏实"}
    )
    assert (response.status_code, response.url) == (302, page("pipeline_application", world.own.pk))
    note = RecruiterNote.objects.get()
    assert (note.application, note.author, note.body) == (
        world.own,
        world.users["recruiter"],
        "踏实",
    )


@pytest.mark.parametrize("actor", GRADUATES)
def test_for_you_is_the_graduates_page(world, actor):
    response = send(world, actor, "page", "get", page("for_you"))
    assert response.status_code == 200
    assert response.context["profile"].user == world.users[actor]


# --- Notifications: one's own only ----------------------------------------------------------------


def test_only_the_enterprises_active_recruiters_are_told_of_an_application(world):
    told = Notification.objects.filter(kind="new_application").values_list("user", "url")
    assert sorted(told) == sorted(
        [
            (world.users["recruiter"].pk, page("pipeline_application", world.own.pk)),
            (world.users["other_recruiter"].pk, page("pipeline_application", world.foreign.pk)),
        ]
    )


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_a_user_sees_and_counts_only_their_own_notifications(world, actor):
    user = world.users[actor]
    own_ids = set(user.notifications.values_list("pk", flat=True))
    listed = send(world, actor, "api", "get", f"{API}/notifications/").json()["results"]
    assert {row["id"] for row in listed} == own_ids
    unread = send(world, actor, "api", "get", f"{API}/notifications/unread/").json()
    assert unread == {"unread": len(own_ids)}
    html = send(world, actor, "page", "get", page("notifications")).content.decode()
    assert [name for name in SIGNED_IN if marker(name) in html] == [actor]


@pytest.mark.parametrize("how", ["api: all", "api: own and foreign ids", "page"])
@pytest.mark.parametrize("actor", ["graduate", "recruiter", "staff"])
def test_marking_read_touches_only_the_users_own_notifications(world, actor, how):
    user = world.users[actor]
    own = user.notifications.order_by("pk").first()
    foreign_ids = list(Notification.objects.exclude(user=user).values_list("pk", flat=True))
    if how == "page":
        response = send(world, actor, "page", "post", page("notifications"))
        assert (response.status_code, response.url) == (302, page("notifications"))
    else:
        data = {"ids": [own.pk, *foreign_ids]} if how.endswith("ids") else {}
        response = send(world, actor, "api", "post", f"{API}/notifications/read/", data)
        expected = 1 if how.endswith("ids") else user.notifications.count()
        assert response.json() == {"marked": expected}
    own.refresh_from_db()
    assert own.read_at is not None
    assert not Notification.objects.filter(pk__in=foreign_ids).exclude(read_at=None).exists()


# --- Malformed filters and ids -------------------------------------------------------------------

HUGE = 10**23  # beyond a 64-bit integer column


@pytest.mark.parametrize(
    ("channel", "method", "path", "data"),
    [
        ("api", "get", f"{API}/pipeline/?position=²", None),
        ("api", "get", f"{API}/pipeline/export/?enterprise=²", None),
        ("page", "get", "/me/pipeline/?position=²", None),
        ("page", "get", "/me/pipeline/export.csv?enterprise=²", None),
        ("api", "get", f"{API}/pipeline/?position={HUGE}", None),
        ("page", "get", f"/me/pipeline/export.csv?position={HUGE}", None),
        ("api", "post", f"{API}/pipeline/bulk-reject/", {"applications": [HUGE]}),
        ("api", "post", f"{API}/notifications/read/", {"ids": [HUGE]}),
        ("api", "post", f"{API}/pipeline/{HUGE}/move/", {"to": "rejected"}),
        ("page", "post", f"/me/pipeline/{HUGE}/notes/", {"body": "x"}),
        ("page", "post", "/me/pipeline/bulk-reject/", {"applications": ["²"]}),
        ("page", "post", "/me/pipeline/bulk-reject/", {"applications": [HUGE]}),
    ],
)
def test_a_malformed_filter_or_id_is_no_server_error(world, channel, method, path, data):
    assert page("pipeline") == "/me/pipeline/"  # the paths above are written out
    before = snapshot()
    response = send(world, "recruiter", channel, method, path, data)
    assert response.status_code < 500
    assert snapshot() == before
