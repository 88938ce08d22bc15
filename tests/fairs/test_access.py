"""Who may do what with fairs, endpoint by endpoint, through the API and the pages.

One table, CASES: for each endpoint the roles that succeed (the effect is asserted), and what every
other role gets: 404 for another organisation's object, 403 for a role that cannot act at all, the
login page (pages) or 401/403 (API) for anonymous callers. A refused call changes no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from candidates.models import Application
from fairs.models import (
    Campaign,
    Fair,
    FairEvent,
    InterviewSlot,
    Lead,
    Participation,
    ParticipationEvent,
    SlotBooking,
    Ticket,
)
from tests.factories import (
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    ParticipationFactory,
    TicketFactory,
    api_time,
    form_time,
)
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db

ROLES = (
    "staff",  # of the organising association
    "officer",  # department officer
    "recruiter",  # of the enterprise taking part
    "other_recruiter",  # of another member enterprise of the same association
    "graduate",  # holds the ticket, the booking and the lead
    "other_graduate",
    "other_staff",  # of another association
    "anon",
)
SIGNED_IN = ROLES[:-1]
MANAGERS = ("staff", "officer")
LOGIN = "login"  # a redirect to the login page
API_ANON = frozenset({401, 403})

DRAFT_TITLE = "未发布的秋季双选会"
BOOTH_WISH = "需要两张桌子和电源"  # the enterprise's note to the organisers
DECISION = "欢迎参会，展位靠近入口"  # the organisers' note to the enterprise
NEW_FAIR = {
    "title": "新建的春季双选会",
    "kind": "campus",
    "format": "fair",
    "host_university": "中北大学",
    "venue": "体育馆",
}


# --- The world: two associations, two enterprises, two graduates, fairs and their records ---------


@pytest.fixture(autouse=True)
def _pdf_engine(monkeypatch):
    """WeasyPrint takes seconds; the PDF carries its HTML so the test reads what it holds."""
    monkeypatch.setattr("fairs.pdf.render_pdf", lambda html: b"%PDF-stub\n" + html.encode())


@pytest.fixture
def world(association, staff, other_staff, fair, enterprise_and_recruiter, graduate):
    enterprise, recruiter = enterprise_and_recruiter
    _rival, other_recruiter = member_enterprise(association, "太原星河网络有限公司")
    other_graduate = GraduateFactory()
    position = make_position(enterprise)
    participation = ParticipationFactory(
        fair=fair,
        enterprise=enterprise,
        booth_number="A1",
        booth_preferences=BOOTH_WISH,
        decision_reason=DECISION,
    )
    ticket = TicketFactory(fair=fair, graduate=graduate)
    other_ticket = TicketFactory(fair=fair, graduate=other_graduate)
    lead = Lead.objects.create(
        fair=fair,
        enterprise=enterprise,
        graduate=graduate,
        position=position,
        consent_requested_at=timezone.now(),
        captured_by=recruiter,
    )
    # A draft with a stored brochure and a participant, to show who may see them before publishing.
    draft = FairFactory(organiser=association, status="draft", title=DRAFT_TITLE)
    draft.brochure.save("draft.pdf", ContentFile(f"%PDF-1.4 {DRAFT_TITLE}".encode()))
    ParticipationFactory(fair=draft, enterprise=enterprise)
    open_fair = FairFactory(organiser=association)
    cloud = FairFactory(organiser=association, kind="cloud", venue="", host_university="")
    cloud_participation = ParticipationFactory(fair=cloud, enterprise=enterprise)

    def slot(at_fair, hours, room):
        return InterviewSlot.objects.create(
            fair=at_fair,
            enterprise=enterprise,
            starts_at=at_fair.starts_at + timedelta(hours=hours),
            minutes=20,
            link=f"https://meeting.example.cn/{room}",
        )

    booked_slot, free_slot = slot(cloud, 1, "booked"), slot(cloud, 2, "free")
    draft_slot = slot(draft, 1, "draft")
    booking = SlotBooking.objects.create(
        slot=booked_slot, fair=cloud, enterprise=enterprise, graduate=graduate
    )
    campaign = Campaign.objects.create(
        name="百会千企促万生就业 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    users = {
        "staff": staff,
        "officer": OfficerFactory().user,
        "recruiter": recruiter,
        "other_recruiter": other_recruiter,
        "graduate": graduate,
        "other_graduate": other_graduate,
        "other_staff": other_staff,
        "anon": None,
    }
    return SimpleNamespace(**locals())


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")


def ids(response) -> set[int]:
    if response.status_code != 200:
        return set()
    data = response.json()
    return {row["id"] for row in data.get("results", data) if isinstance(row, dict)}


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def complete_profile(w) -> None:
    """The graduate's profile is complete, so a confirmed lead becomes an application."""
    from tests.candidates.helpers import complete_profile as fill_in

    fill_in(w.graduate.graduate_profile)


# --- The table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable
    allowed: tuple[str, ...]
    ok: int
    effect: Callable  # (world, response) -> bool: the row changed / the private data is shown
    data: Callable | None = None
    refused: int | str = 404  # what the other signed-in roles get, unless `overrides` says
    overrides: dict = field(default_factory=dict)
    prepare: Callable | None = None  # run before the allowed role's call only

    @property
    def api(self) -> bool:
        return self.name.startswith("api ")

    def expected(self, role: str):
        if role in self.overrides:
            return self.overrides[role]
        if role == "anon":
            return API_ANON if self.api else LOGIN
        return self.refused


def api(path: str) -> Callable:
    return lambda w: "/api/v1/" + path.format(w=w)


def page(name: str, args: Callable = lambda w: [], query: str = "") -> Callable:
    return lambda w: reverse(name, args=args(w)) + query.format(w=w)


CASES = [
    # --- API: fairs ---
    Case(
        "api fair detail (draft)",
        "get",
        api("fairs/{w.draft.pk}/"),
        MANAGERS,
        200,
        lambda w, r: DRAFT_TITLE in text(r),
        overrides={"anon": 404},
    ),
    Case(
        "api fair update",
        "patch",
        api("fairs/{w.fair.pk}/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.fair).title == "改名后的双选会",
        data=lambda w: {"title": "改名后的双选会"},
    ),
    Case(
        "api fair publish",
        "post",
        api("fairs/{w.draft.pk}/publish/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.draft).status == "published",
    ),
    Case(
        "api fair cancel",
        "post",
        api("fairs/{w.fair.pk}/cancel/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.fair).status == "cancelled",
        data=lambda w: {"reason": "暴雨预警"},
    ),
    Case(
        "api fair counters",
        "get",
        api("fairs/{w.fair.pk}/counters/"),
        MANAGERS,
        200,
        lambda w, r: r.status_code == 200 and r.json().get("registered") == 2,
    ),
    Case(
        "api fair participants (draft)",
        "get",
        api("fairs/{w.draft.pk}/participants/"),
        MANAGERS,
        200,
        lambda w, r: w.enterprise.name in text(r),
        overrides={"anon": 404},
    ),
    Case(
        "api fair create",
        "post",
        api("fairs/"),
        MANAGERS,
        201,
        lambda w, r: Fair.objects.filter(title=NEW_FAIR["title"]).exists(),
        data=lambda w: {
            **NEW_FAIR,
            "organiser": w.association.pk,
            "starts_at": api_time(60, 9),
            "ends_at": api_time(60, 16),
            "enterprise_registration_opens": api_time(0, 0),
            "enterprise_registration_closes": api_time(59, 0),
            "graduate_registration_opens": api_time(0, 0),
            "graduate_registration_closes": api_time(59, 0),
        },
        refused=403,
    ),
    Case(
        "api fair register",
        "post",
        api("fairs/{w.open_fair.pk}/register/"),
        ("graduate", "other_graduate"),
        201,
        lambda w, r: w.open_fair.tickets.exists(),
        refused=403,
    ),
    Case(
        "api fair register (draft)",
        "post",
        api("fairs/{w.draft.pk}/register/"),
        (),
        201,
        lambda w, r: w.draft.tickets.exists(),
        overrides={"staff": 403, "officer": 403},
    ),
    # --- API: participations ---
    Case(
        "api participation create",
        "post",
        api("fair-participations/"),
        ("recruiter",),
        201,
        lambda w, r: w.open_fair.participations.filter(enterprise=w.enterprise).exists(),
        data=lambda w: {"fair": w.open_fair.pk, "enterprise": w.enterprise.pk, "positions": []},
        refused=403,
    ),
    Case(
        "api participation list",
        "get",
        api("fair-participations/"),
        ("recruiter", *MANAGERS),
        200,
        lambda w, r: w.participation.pk in ids(r),
        refused=200,
    ),
    Case(
        "api participation detail",
        "get",
        api("fair-participations/{w.participation.pk}/"),
        ("recruiter", *MANAGERS),
        200,
        lambda w, r: DECISION in text(r),
    ),
    Case(
        "api participation reject",
        "post",
        api("fair-participations/{w.participation.pk}/reject/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.participation).status == "rejected",
        data=lambda w: {"reason": "资质不符"},
        overrides={"recruiter": 403},
    ),
    Case(
        "api participation booth",
        "post",
        api("fair-participations/{w.participation.pk}/booth/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.participation).booth_number == "B7",
        data=lambda w: {"booth_number": "b7"},
        overrides={"recruiter": 403},
    ),
    Case(
        "api participation present",
        "post",
        api("fair-participations/{w.participation.pk}/present/"),
        MANAGERS,
        200,
        lambda w, r: fresh(w.participation).present_at is not None,
        overrides={"recruiter": 403},
    ),
    Case(
        "api participation withdraw",
        "post",
        api("fair-participations/{w.participation.pk}/withdraw/"),
        ("recruiter", *MANAGERS),
        200,
        lambda w, r: fresh(w.participation).status == "withdrawn",
    ),
    # --- API: tickets ---
    Case(
        "api ticket list",
        "get",
        api("fair-tickets/"),
        ("graduate",),
        200,
        lambda w, r: w.ticket.code in text(r),
        refused=200,
    ),
    Case(
        "api ticket detail",
        "get",
        api("fair-tickets/{w.ticket.code}/"),
        ("graduate",),
        200,
        lambda w, r: w.ticket.code in text(r),
    ),
    Case(
        "api ticket cancel",
        "post",
        api("fair-tickets/{w.ticket.code}/cancel/"),
        ("graduate",),
        200,
        lambda w, r: fresh(w.ticket).status == "cancelled",
    ),
    # --- API: slots and bookings ---
    Case(
        "api slot list",
        "get",
        api("fair-slots/"),
        SIGNED_IN,
        200,
        lambda w, r: (
            w.free_slot.pk in ids(r)
            and w.draft_slot.pk not in ids(r)
            and "meeting.example.cn" not in text(r)
        ),
    ),
    Case(
        "api slot create",
        "post",
        api("fair-slots/"),
        ("recruiter",),
        201,
        lambda w, r: w.cloud.slots.count() == 3,
        data=lambda w: {
            "participation": w.cloud_participation.pk,
            "starts_at": (w.cloud.starts_at + timedelta(hours=3)).isoformat(),
            "minutes": 20,
            "link": "https://meeting.example.cn/new",
        },
    ),
    Case(
        "api slot delete",
        "delete",
        api("fair-slots/{w.free_slot.pk}/"),
        ("recruiter",),
        204,
        lambda w, r: not InterviewSlot.objects.filter(pk=w.free_slot.pk).exists(),
        refused=403,  # slots are listed to everyone signed in: not hidden, refused
    ),
    Case(
        "api slot book",
        "post",
        api("fair-slots/{w.free_slot.pk}/book/"),
        ("other_graduate",),
        201,
        lambda w, r: w.free_slot.bookings.exists(),
        refused=403,
        overrides={"graduate": 400},  # one slot per enterprise and fair: the graduate has one
    ),
    Case(
        "api slot book (draft fair)",
        "post",
        api("fair-slots/{w.draft_slot.pk}/book/"),
        (),
        201,
        lambda w, r: w.draft_slot.bookings.exists(),
    ),
    Case(
        "api booking list",
        "get",
        api("fair-bookings/"),
        ("graduate",),
        200,
        lambda w, r: w.booking.pk in ids(r) and w.booked_slot.link in text(r),
        refused=200,
    ),
    Case(
        "api booking cancel",
        "post",
        api("fair-bookings/{w.booking.pk}/cancel/"),
        ("graduate",),
        200,
        lambda w, r: fresh(w.booking).status == "cancelled",
    ),
    # --- API: leads ---
    Case(
        "api lead list",
        "get",
        api("fair-leads/"),
        ("recruiter",),
        200,
        lambda w, r: w.lead.pk in ids(r),
        refused=200,
    ),
    Case(
        "api lead update",
        "patch",
        api("fair-leads/{w.lead.pk}/"),
        ("recruiter",),
        200,
        lambda w, r: fresh(w.lead).rating == 5,
        data=lambda w: {"rating": 5, "note": "沟通能力强"},
    ),
    Case(
        "api lead scan",
        "post",
        api("fair-leads/scan/{w.participation.pk}/"),
        ("recruiter",),
        201,
        lambda w, r: Lead.objects.filter(graduate=w.other_graduate).exists(),
        data=lambda w: {"code": w.other_ticket.code},
    ),
    # --- API: campaigns ---
    Case(
        "api campaign list",
        "get",
        api("campaigns/"),
        SIGNED_IN,
        200,
        lambda w, r: w.campaign.pk in ids(r),
    ),
    Case(
        "api campaign create",
        "post",
        api("campaigns/"),
        ("officer",),
        201,
        lambda w, r: Campaign.objects.filter(name="春季攻势 2027").exists(),
        data=lambda w: {
            "name": "春季攻势 2027",
            "starts_on": "2027-03-01",
            "ends_on": "2027-06-01",
        },
        refused=403,
    ),
    Case(
        "api campaign update",
        "patch",
        api("campaigns/{w.campaign.pk}/"),
        ("officer",),
        200,
        lambda w, r: fresh(w.campaign).target_graduates == 500,
        data=lambda w: {"target_graduates": 500},
    ),
    # --- Pages: the association's workspace ---
    Case(
        "page brochure (draft)",
        "get",
        page("fairs:brochure", lambda w: [w.draft.pk]),
        MANAGERS,
        200,
        lambda w, r: DRAFT_TITLE in text(r),
        overrides={"anon": 404},
    ),
    Case(
        "page manage_list",
        "get",
        page("fairs:manage_list"),
        MANAGERS,
        200,
        lambda w, r: DRAFT_TITLE in text(r),
        refused=403,
        overrides={"other_staff": 200},
    ),
    Case(
        "page create",
        "post",
        page("fairs:create", query="?association={w.association.pk}"),
        MANAGERS,
        302,
        lambda w, r: Fair.objects.filter(title=NEW_FAIR["title"]).exists(),
        data=lambda w: {
            **NEW_FAIR,
            "starts_at": form_time(60, 9),
            "ends_at": form_time(60, 16),
            "enterprise_registration_opens": form_time(0, 0),
            "enterprise_registration_closes": form_time(59, 18),
            "graduate_registration_opens": form_time(0, 0),
            "graduate_registration_closes": form_time(60, 15),
            "booth_capacity": 50,
            "venue_capacity": 500,
        },
    ),
    Case(
        "page publish",
        "post",
        page("fairs:publish", lambda w: [w.draft.pk]),
        MANAGERS,
        302,
        lambda w, r: fresh(w.draft).status == "published",
    ),
    Case(
        "page cancel",
        "post",
        page("fairs:cancel", lambda w: [w.fair.pk]),
        MANAGERS,
        302,
        lambda w, r: fresh(w.fair).status == "cancelled",
        data=lambda w: {"reason": "暴雨预警"},
    ),
    # --- Pages: graduates ---
    Case(
        "page my_tickets",
        "get",
        page("fairs:my_tickets"),
        ("graduate",),
        200,
        lambda w, r: w.ticket.code in text(r),
        refused=200,
    ),
    Case(
        "page ticket_pdf",
        "get",
        page("fairs:ticket_pdf", lambda w: [w.ticket.code]),
        ("graduate",),
        200,
        lambda w, r: text(r).startswith("%PDF") and w.ticket.code in text(r),
    ),
    Case(
        "page cancel_ticket",
        "post",
        page("fairs:cancel_ticket", lambda w: [w.ticket.code]),
        ("graduate",),
        302,
        lambda w, r: fresh(w.ticket).status == "cancelled",
    ),
    Case(
        "page book_slot",
        "post",
        page("fairs:book_slot", lambda w: [w.free_slot.pk]),
        ("other_graduate",),
        302,
        lambda w, r: w.free_slot.bookings.exists(),
        refused=302,  # back to the booth with the reason; nothing booked
    ),
    Case(
        "page book_slot (draft fair)",
        "post",
        page("fairs:book_slot", lambda w: [w.draft_slot.pk]),
        (),
        302,
        lambda w, r: w.draft_slot.bookings.exists(),
        overrides={"staff": 302, "officer": 302},  # they see the draft: refused with a message
    ),
    Case(
        "page cancel_booking",
        "post",
        page("fairs:cancel_booking", lambda w: [w.booking.pk]),
        ("graduate",),
        302,
        lambda w, r: fresh(w.booking).status == "cancelled",
    ),
    Case(
        "page confirm_lead",
        "post",
        page("candidates:confirm_lead", lambda w: [w.lead.pk]),
        ("graduate",),
        302,
        lambda w, r: (
            fresh(w.lead).consented_at is not None
            and Application.objects.filter(pk=fresh(w.lead).application_id).exists()
        ),
        prepare=complete_profile,
    ),
    # --- Pages: recruiters ---
    Case(
        "page recruiter",
        "get",
        page("fairs:recruiter"),
        ("recruiter",),
        200,
        lambda w, r: DECISION in text(r),
        refused=403,
        overrides={"other_recruiter": 200},
    ),
    Case(
        "page participate",
        "post",
        page("fairs:participate", lambda w: [w.open_fair.pk], "?enterprise={w.enterprise.pk}"),
        ("recruiter",),
        302,
        lambda w, r: w.open_fair.participations.filter(enterprise=w.enterprise).exists(),
        data=lambda w: {"booth_preferences": "靠窗"},
        refused=403,
        overrides={"other_recruiter": 404},
    ),
    Case(
        "page withdraw",
        "post",
        page("fairs:withdraw", lambda w: [w.participation.pk]),
        ("recruiter",),
        302,
        lambda w, r: fresh(w.participation).status == "withdrawn",
    ),
    Case(
        "page slots",
        "post",
        page("fairs:slots", lambda w: [w.cloud_participation.pk]),
        ("recruiter",),
        302,
        lambda w, r: w.cloud.slots.count() == 3,
        data=lambda w: {
            "starts_at": local(w.cloud.starts_at + timedelta(hours=3)),
            "minutes": 20,
            "link": "https://meeting.example.cn/new",
        },
    ),
    Case(
        "page leads",
        "post",
        page("fairs:leads", lambda w: [w.participation.pk]),
        ("recruiter",),
        302,
        lambda w, r: Lead.objects.filter(graduate=w.other_graduate).exists(),
        data=lambda w: {"code": w.other_ticket.code},
    ),
    Case(
        "page leads_csv",
        "get",
        page("fairs:leads_csv", lambda w: [w.participation.pk]),
        ("recruiter",),
        200,
        lambda w, r: w.graduate.get_full_name() in text(r),
    ),
    Case(
        "page lead",
        "post",
        page("fairs:lead", lambda w: [w.lead.pk]),
        ("recruiter",),
        302,
        lambda w, r: fresh(w.lead).rating == 5,
        data=lambda w: {"rating": "5", "note": "沟通能力强"},
    ),
]

TRACKED = (
    Campaign,
    Fair,
    FairEvent,
    Participation,
    Participation.positions.through,
    ParticipationEvent,
    Ticket,
    InterviewSlot,
    SlotBooking,
    Lead,
    Application,
)


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TRACKED}


def api_client(user, **kwargs) -> APIClient:
    client = APIClient(**kwargs)
    if user is not None:
        client.force_authenticate(user)
    return client


def call(case: Case, w, role: str):
    user, data = w.users[role], case.data(w) if case.data else None
    if case.api:
        kwargs = {} if case.method == "get" else {"format": "json"}
        return getattr(api_client(user), case.method)(case.url(w), data, **kwargs)
    client = Client()
    if user is not None:
        client.force_login(user)
    return getattr(client, case.method)(case.url(w), data)


def outcome(response) -> int | str:
    login = resolve_url(settings.LOGIN_URL)
    if response.status_code == 302 and response["Location"].startswith(login):
        return LOGIN
    return response.status_code


# --- The tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_only_the_right_roles_act(world, case):
    """Each role calls the endpoint on the same world (every call is rolled back afterwards): the
    allowed roles succeed with the effect; the others get their refusal, see nothing, change
    nothing."""
    initial = snapshot()
    got, want = {}, {}
    for role in ROLES:
        allowed = role in case.allowed
        with transaction.atomic():
            if allowed and case.prepare:
                case.prepare(world)
            response = call(case, world, role)
            status, expected = outcome(response), case.ok if allowed else case.expected(role)
            if isinstance(expected, frozenset) and status in expected:
                status = expected
            got[role] = {"status": status, "effect": bool(case.effect(world, response))}
            want[role] = {"status": expected, "effect": allowed}
            if not allowed:
                got[role]["unchanged"] = snapshot() == initial
                want[role]["unchanged"] = True
            transaction.set_rollback(True)
    assert got == want


# --- What the public sees, malformed ids, refused bookings ------------------------------------


@pytest.mark.parametrize("role", ["other_recruiter", "anon"])
def test_the_public_participant_list_hides_the_private_notes(world, role):
    response = api_client(world.users[role]).get(f"/api/v1/fairs/{world.fair.pk}/participants/")
    assert response.status_code == 200
    assert world.enterprise.name in text(response)
    assert BOOTH_WISH not in text(response)
    assert DECISION not in text(response)


MALFORMED = [
    ("staff", "get", "/api/v1/fairs/abc/"),
    ("staff", "post", "/api/v1/fairs/abc/publish/"),
    ("graduate", "post", "/api/v1/fairs/abc/register/"),
    ("anon", "get", "/api/v1/fairs/abc/participants/"),
    ("anon", "get", "/api/v1/fairs/99999999999999999999999/"),
    ("staff", "get", "/api/v1/fairs/?city=abc"),
    ("staff", "get", "/api/v1/fair-participations/?fair=abc"),
    ("staff", "get", "/api/v1/fair-participations/abc/"),
    ("graduate", "get", "/api/v1/fair-slots/?fair=abc"),
    ("graduate", "get", "/api/v1/fair-slots/?enterprise=abc"),
    ("graduate", "post", "/api/v1/fair-bookings/abc/cancel/"),
    ("staff", "get", "/fairs/manage/new/?association=abc"),
    ("recruiter", "get", "/fairs/{w.open_fair.pk}/participate/?enterprise=abc"),
]


@pytest.mark.parametrize(("role", "method", "path"), MALFORMED)
def test_a_malformed_id_is_never_a_500(world, role, method, path):
    client, user = APIClient(raise_request_exception=False), world.users[role]
    if user is not None:
        client.force_login(user)  # a session: pages and API alike
    before = snapshot()
    response = getattr(client, method)(path.format(w=world))
    assert response.status_code < 500
    assert outcome(response) != LOGIN or user is None
    assert snapshot() == before


@pytest.mark.parametrize("who", ["recruiter", "graduate"])
def test_a_withdrawn_enterprises_slot_cannot_be_booked(world, who):
    Participation.objects.filter(pk=world.cloud_participation.pk).update(status="withdrawn")
    client = Client(raise_request_exception=False)
    client.force_login(world.users[who])  # a recruiter is refused anyway; a graduate too now
    response = client.post(reverse("fairs:book_slot", args=[world.free_slot.pk]))
    assert response.status_code == 302
    assert response.url == reverse("fairs:detail", args=[world.free_slot.fair_id])
    assert not world.free_slot.bookings.exists()
