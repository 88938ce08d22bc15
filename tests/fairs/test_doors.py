"""The door app's endpoints: a scan as the door shows it, the door pass and the kiosk key, the
ticket list a door keeps offline, and the sync of what doors admitted without the network."""

import datetime
import json
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import DepartmentOfficer
from associations.models import AssociationStaff
from fairs import services
from fairs.models import EntryWindow, OfflineScan, Ticket
from fairs.permissions import can_manage_fair
from fairs.services.checkin import (
    DESK_CACHE_SECONDS,
    forget_desks,
    hashed_code,
    offline_list_salt,
)
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    TicketFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(association):
    now = timezone.now()
    return FairFactory(
        organiser=association,
        status="ongoing",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
    )


@pytest.fixture
def door_pass(running, staff):
    return services.issue_door_pass(fair=running, by=staff)


def post(client, url, data, credential):
    return client.post(
        url, json.dumps(data), content_type="application/json", HTTP_AUTHORIZATION=credential
    )


def scan(client, fair, code, credential, **extra):
    return post(client, f"/fairs/{fair.pk}/checkin/scan/", {"code": code, **extra}, credential)


def sync(client, fair, scans, credential):
    return post(client, f"/fairs/{fair.pk}/checkin/sync/", {"scans": scans}, credential)


def ticket_for(fair, name="张晓雨", **profile):
    graduate = GraduateFactory(full_name=name)
    for field, value in profile.items():
        setattr(graduate.graduate_profile, field, value)
    graduate.graduate_profile.save()
    return services.register_graduate(fair=fair, by=graduate)


# --- A scan ---------------------------------------------------------------------------------


def test_a_scan_admits_the_ticket_and_shows_the_name_and_a_photo_less_summary(
    client, running, door_pass
):
    ticket = ticket_for(
        running,
        university="山西大学",
        major="计算机科学与技术",
        degree="bachelor",
        graduation_year=2026,
    )
    response = scan(client, running, ticket.code.lower(), f"DoorPass {door_pass}", door="东门")
    data = response.json()
    assert response.status_code == 200
    assert (data["outcome"], data["signal"], data["first_time"]) == ("accepted", "ok", True)
    assert data["name"] == "张晓雨"
    assert data["summary"] == "山西大学 · 计算机科学与技术 · 本科 · 2026届"
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None
    assert ticket.checked_in_door == "东门"


def test_a_second_scan_is_amber_and_says_when_and_at_which_door_the_first_was(
    client, running, door_pass
):
    ticket = ticket_for(running)
    scan(client, running, ticket.code, f"DoorPass {door_pass}", door="东门")
    first = Ticket.objects.get(pk=ticket.pk).checked_in_at
    data = scan(client, running, ticket.code, f"DoorPass {door_pass}", door="西门").json()
    assert (data["outcome"], data["signal"], data["first_time"]) == ("duplicate", "warn", False)
    assert "东门" in data["message"]
    assert timezone.localtime(first).strftime("%H:%M") in data["message"]
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at == first


@pytest.mark.parametrize(
    ("case", "outcome"),
    [
        ("another fair's", "other_fair"),
        ("cancelled", "cancelled"),
        ("waiting", "waitlisted"),
        ("unknown", "unknown"),
        ("garbage", "unknown"),
    ],
)
def test_a_ticket_that_may_not_enter_is_red_and_says_why(
    client, running, door_pass, association, case, outcome
):
    ticket = None
    if case == "another fair's":
        ticket = ticket_for(FairFactory(organiser=association, title="中北大学专场"))
        code = ticket.code
    elif case == "cancelled":
        ticket = ticket_for(running)
        services.cancel_ticket(ticket=ticket, by=ticket.graduate)
        code = ticket.code
    elif case == "waiting":
        ticket = TicketFactory(fair=running, status="waitlisted")
        code = ticket.code
    else:
        code = "ZZZZZZZZZZ" if case == "unknown" else "'; DROP TABLE x;--"
    data = scan(client, running, code, f"DoorPass {door_pass}").json()
    assert (data["outcome"], data["signal"]) == (outcome, "refused")
    assert data["message"]
    if case == "another fair's":
        assert "中北大学专场" in data["message"]
    if ticket is not None:
        ticket.refresh_from_db()
        assert ticket.checked_in_at is None


def test_check_in_is_refused_while_the_fair_is_not_open(client, running, door_pass):
    ticket = ticket_for(running)
    running.status = "finished"
    running.save()
    data = scan(client, running, ticket.code, f"DoorPass {door_pass}").json()
    assert (data["outcome"], data["signal"]) == ("closed", "refused")
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_an_empty_code_or_bad_json_is_a_clear_400(client, running, door_pass):
    assert scan(client, running, "  ", f"DoorPass {door_pass}").status_code == 400
    response = client.post(
        f"/fairs/{running.pk}/checkin/scan/",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"DoorPass {door_pass}",
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert scan(client, running, "X", f"DoorPass {door_pass}", scan="nope").status_code == 400


# --- Who may scan ---------------------------------------------------------------------------


def test_without_a_pass_a_forged_one_or_another_fairs_pass_nothing_is_checked_in(
    client, running, staff, association
):
    ticket = ticket_for(running)
    other = FairFactory(organiser=association, status="ongoing")
    other_pass = services.issue_door_pass(fair=other, by=staff)
    for credential in ["", "DoorPass nonsense", f"DoorPass {other_pass}", "Token abc"]:
        assert scan(client, running, ticket.code, credential).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_pass_stops_working_when_its_holder_leaves_the_staff_or_after_a_day(
    client, running, staff, door_pass
):
    tickets = [ticket_for(running, name=f"毕业生{i}") for i in range(2)]
    assert scan(client, running, tickets[0].code, f"DoorPass {door_pass}").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert scan(client, running, tickets[1].code, f"DoorPass {door_pass}").status_code == 403
    forget_desks()
    AssociationStaff.objects.filter(user=staff).delete()
    # A process trusts a desk it read for a few seconds, then reads it again.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=DESK_CACHE_SECONDS + 1)):
        assert scan(client, running, tickets[1].code, f"DoorPass {door_pass}").status_code == 403
    assert Ticket.objects.filter(fair=running, checked_in_at__isnull=False).count() == 1


def test_only_those_who_manage_the_fair_get_a_pass(running, other_staff, graduate):
    for user in (other_staff, graduate):
        with pytest.raises(PermissionDenied):
            services.issue_door_pass(fair=running, by=user)


@pytest.mark.parametrize(
    "who",
    [
        "organiser staff",
        "co-organiser staff",
        "officer",
        "other staff",
        "graduate",
        "inactive staff",
    ],
)
def test_the_desk_query_answers_as_can_manage_fair_does(running, who):
    co = AssociationFactory()
    running.co_organisers.add(co)
    if who == "organiser staff":
        user = AssociationStaffFactory(association=running.organiser).user
    elif who == "co-organiser staff":
        user = AssociationStaffFactory(association=co).user
    elif who == "officer":
        user = OfficerFactory().user
    elif who == "other staff":
        user = AssociationStaffFactory().user
    elif who == "graduate":
        user = GraduateFactory()
    else:
        user = AssociationStaffFactory(association=running.organiser).user
        user.is_active = False
        user.save()
    assert (services.staff_desk(user.pk, running.pk) is not None) == can_manage_fair(user, running)
    assert DepartmentOfficer.objects.filter(user=user).exists() == (who == "officer")


# --- Kiosks ---------------------------------------------------------------------------------


def test_a_kiosk_checks_in_at_its_fair_only_until_it_is_switched_off(
    client, running, staff, association
):
    kiosk, key = services.create_kiosk(fair=running, name="东门自助机", by=staff)
    assert key not in kiosk.key_digest
    first, second = ticket_for(running, name="甲"), ticket_for(running, name="乙")
    other = FairFactory(organiser=association, status="ongoing")
    data = scan(client, running, first.code, f"Kiosk {key}", door="随便写").json()
    assert data["outcome"] == "accepted"
    first.refresh_from_db()
    assert (first.checked_in_kiosk, first.checked_in_door, first.checked_in_by) == (
        kiosk,
        "东门自助机",
        None,
    )
    assert scan(client, other, second.code, f"Kiosk {key}").status_code == 403
    assert client.get(f"/fairs/kiosk/{key}/").status_code == 200
    services.revoke_kiosk(kiosk=kiosk, by=staff)
    assert scan(client, running, second.code, f"Kiosk {key}").status_code == 403
    assert client.get(f"/fairs/kiosk/{key}/").status_code == 404
    assert Ticket.objects.get(pk=second.pk).checked_in_at is None


def test_the_kiosk_page_shows_no_account_and_its_key_opens_nothing_else(client, running, staff):
    _kiosk, key = services.create_kiosk(fair=running, name="北门", by=staff)
    page = client.get(f"/fairs/kiosk/{key}/").content.decode()
    assert staff.email not in page
    assert "/accounts/logout/" not in page
    response = client.get(
        f"/api/v1/fairs/{running.pk}/counters/", HTTP_AUTHORIZATION=f"Kiosk {key}"
    )
    assert response.status_code in (401, 403)


def test_staff_set_up_and_switch_off_kiosks_on_the_page_and_others_cannot(
    client, running, staff, other_staff
):
    client.force_login(other_staff)
    assert client.post(f"/fairs/{running.pk}/kiosks/", {"name": "东门"}).status_code == 404
    client.force_login(staff)
    response = client.post(f"/fairs/{running.pk}/kiosks/", {"name": "东门"})
    assert response.status_code == 200
    assert "/fairs/kiosk/" in response.content.decode()
    kiosk = running.kiosks.get()
    client.force_login(other_staff)
    assert client.post(f"/fairs/kiosks/{kiosk.pk}/revoke/").status_code == 404
    kiosk.refresh_from_db()
    assert kiosk.is_active
    client.force_login(staff)
    client.post(f"/fairs/kiosks/{kiosk.pk}/revoke/")
    kiosk.refresh_from_db()
    assert not kiosk.is_active
    assert client.post(f"/fairs/{running.pk}/kiosks/", {"name": "  "}).status_code == 200
    assert running.kiosks.count() == 1


# --- The list a door keeps offline ----------------------------------------------------------


def test_the_offline_list_holds_hashed_codes_names_and_slots_but_no_code(
    client, running, door_pass
):
    window = EntryWindow.objects.create(
        fair=running,
        starts_at=running.starts_at,
        ends_at=running.starts_at + datetime.timedelta(hours=3),
        capacity=10,
    )
    active = ticket_for(running, name="张晓雨")
    cancelled = ticket_for(running, name="李明")
    services.cancel_ticket(ticket=cancelled, by=cancelled.graduate)
    response = client.get(
        f"/fairs/{running.pk}/checkin/tickets/", HTTP_AUTHORIZATION=f"DoorPass {door_pass}"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert active.code not in body
    assert cancelled.code not in body
    data = response.json()
    salt = offline_list_salt(running.pk)
    assert data["salt"] == salt
    rows = {row[0]: row for row in data["tickets"]}
    assert rows[hashed_code(salt, active.code)][1:] == ["张晓雨", "a", window.pk, 0]
    assert rows[hashed_code(salt, cancelled.code)][1:3] == ["李明", "c"]
    assert data["windows"][str(window.pk)][0] == window.starts_at.isoformat()
    assert data["pass"]
    assert client.get(f"/fairs/{running.pk}/checkin/tickets/").status_code == 403


# --- Doors that worked offline --------------------------------------------------------------


def admission(ticket_or_code, at, door="东门", scan_id=None):
    code = getattr(ticket_or_code, "code", ticket_or_code)
    return {
        "scan": str(scan_id or uuid.uuid4()),
        "code": code,
        "scanned_at": at.isoformat(),
        "door": door,
    }


def test_an_offline_admission_is_recorded_at_its_time_and_door_once_however_often_it_syncs(
    client, running, door_pass
):
    ticket = ticket_for(running)
    at = timezone.now() - datetime.timedelta(minutes=20)
    batch = [admission(ticket, at)]
    first = sync(client, running, batch, f"DoorPass {door_pass}").json()["results"]
    again = sync(client, running, batch, f"DoorPass {door_pass}").json()["results"]
    assert [r["outcome"] for r in first] == [r["outcome"] for r in again] == ["accepted"]
    ticket.refresh_from_db()
    assert ticket.checked_in_at == at
    assert ticket.checked_in_door == "东门"
    assert OfflineScan.objects.count() == 1


def test_two_doors_offline_at_once_admit_a_ticket_once_each_and_the_sync_reports_the_double_entry(
    client, running, door_pass
):
    ticket = ticket_for(running, name="王芳")
    now = timezone.now()
    east = sync(
        client,
        running,
        [admission(ticket, now - datetime.timedelta(minutes=9))],
        f"DoorPass {door_pass}",
    ).json()["results"]
    west = sync(
        client,
        running,
        [admission(ticket, now - datetime.timedelta(minutes=5), door="西门")],
        f"DoorPass {door_pass}",
    ).json()["results"]
    assert east[0]["outcome"] == "accepted"
    assert (west[0]["outcome"], west[0]["conflict"]) == ("duplicate", True)
    assert "王芳" in west[0]["message"]
    assert west[0]["first_door"] == "东门"
    ticket.refresh_from_db()
    assert ticket.checked_in_door == "东门"
    assert Ticket.objects.filter(checked_in_at__isnull=False).count() == 1


def test_a_scan_the_server_took_before_the_network_failed_is_accepted_not_doubled(
    client, running, door_pass
):
    ticket = ticket_for(running)
    scan_id = uuid.uuid4()
    scan(client, running, ticket.code, f"DoorPass {door_pass}", scan=str(scan_id))
    results = sync(
        client,
        running,
        [admission(ticket, timezone.now(), scan_id=scan_id)],
        f"DoorPass {door_pass}",
    ).json()["results"]
    assert results[0]["outcome"] == "accepted"


def test_the_sync_reports_tickets_cancelled_meanwhile_and_codes_unknown_here(
    client, running, door_pass, association
):
    cancelled = ticket_for(running, name="钱多多")
    services.cancel_ticket(ticket=cancelled, by=cancelled.graduate)
    elsewhere = ticket_for(FairFactory(organiser=association))
    now = timezone.now()
    batch = [admission(cancelled, now), admission(elsewhere, now), admission("ZZZZZZZZZZ", now)]
    results = sync(client, running, batch, f"DoorPass {door_pass}").json()["results"]
    assert [r["outcome"] for r in results] == ["cancelled", "unknown", "unknown"]
    assert all(r["conflict"] for r in results)
    assert not Ticket.objects.filter(checked_in_at__isnull=False).exists()


def test_a_bad_admission_refuses_the_batch_and_records_nothing(client, running, door_pass):
    ticket = ticket_for(running)
    good = admission(ticket, timezone.now())
    for bad in [
        {**good, "scan": "x"},
        {**good, "scanned_at": "yesterday"},
        {**good, "scanned_at": "2026-01-01T10:00:00"},
        {**good, "code": ""},
        "text",
    ]:
        response = sync(client, running, [good, bad], f"DoorPass {door_pass}")
        assert response.status_code == 400
        assert "2" in response.json()["error"]
    assert sync(client, running, [], f"DoorPass {door_pass}").status_code == 400
    assert not OfflineScan.objects.exists()
    assert Ticket.objects.get(pk=ticket.pk).checked_in_at is None


def test_an_admission_dated_in_the_future_is_recorded_now(client, running, door_pass):
    ticket = ticket_for(running)
    sync(
        client,
        running,
        [admission(ticket, timezone.now() + datetime.timedelta(days=2))],
        f"DoorPass {door_pass}",
    )
    ticket.refresh_from_db()
    assert ticket.checked_in_at <= timezone.now()


# --- The web app ----------------------------------------------------------------------------


def test_the_check_in_page_is_an_installable_app_with_a_worker_scoped_to_fairs(
    client, running, staff
):
    client.force_login(staff)
    page = client.get(f"/fairs/{running.pk}/checkin/").content.decode()
    assert f'href="/fairs/{running.pk}/checkin/manifest.webmanifest"' in page
    assert "<script>" not in page  # every script is a file
    manifest = client.get(f"/fairs/{running.pk}/checkin/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == f"/fairs/{running.pk}/checkin/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    worker = client.get("/fairs/checkin-sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert b'addEventListener("fetch"' in worker.content
