"""Arrival slots (分时段入场): organisers split the entry into windows with places; graduates
choose one (or get the earliest with a place); each slot has its own waiting list; the door
warns about early and late arrivals; the board counts arrivals per slot."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from fairs import selectors, services
from fairs.models import EntryWindow, Ticket
from fairs.services.checkin import Desk, check_in_at
from tests.factories import FairFactory, GraduateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(association):
    start = timezone.now() + datetime.timedelta(days=7)
    return FairFactory(
        organiser=association,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        venue_capacity=100,
    )


def slot(fair, staff, hour, capacity=2, length=1):
    start = fair.starts_at + datetime.timedelta(hours=hour)
    return services.add_arrival_slot(
        fair=fair,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=length),
        capacity=capacity,
        by=staff,
    )


def test_organisers_add_slots_within_the_fair_without_overlaps(fair, staff, other_staff):
    first = slot(fair, staff, 0)
    assert list(fair.entry_windows.all()) == [first]
    for hour, length, capacity, field in [
        (-1, 1, 2, "starts_at"),  # before the fair
        (5, 2, 2, "starts_at"),  # past its end
        (0, 1, 2, "starts_at"),  # overlaps the first
        (2, 1, 0, "capacity"),
        (2, 1, 101, "capacity"),  # more than the fair's visitor places
    ]:
        with pytest.raises(ValidationError) as refused:
            slot(fair, staff, hour, capacity=capacity, length=length)
        assert field in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        slot(fair, other_staff, 3)
    assert fair.entry_windows.count() == 1
    assert fair.events.filter(action="arrival_slot_added").count() == 1


def test_a_graduate_chooses_a_slot_or_gets_the_earliest_with_a_place(fair, staff):
    early, late = slot(fair, staff, 0, capacity=1), slot(fair, staff, 2, capacity=5)
    chosen = services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=late)
    assert chosen.entry_window == late
    assigned = services.register_graduate(fair=fair, by=GraduateFactory())
    assert assigned.entry_window == early
    assert services.register_graduate(fair=fair, by=GraduateFactory()).entry_window == late


def test_a_full_slot_refuses_unless_asked_for_its_waiting_list(fair, staff):
    only = slot(fair, staff, 0, capacity=1)
    services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=only)
    graduate = GraduateFactory()
    with pytest.raises(ValidationError, match="已满：请选择其他时段，或加入该时段的候补名单"):
        services.register_graduate(fair=fair, by=graduate, entry_window=only)
    with pytest.raises(ValidationError, match="所有入场时段都已满"):
        services.register_graduate(fair=fair, by=graduate)
    waiting = services.register_graduate(fair=fair, by=graduate, entry_window=only, waitlist=True)
    assert waiting.status == Ticket.Status.WAITLISTED
    with pytest.raises(ValidationError, match="已在本场招聘会的候补名单上"):
        services.register_graduate(fair=fair, by=graduate, entry_window=only, waitlist=True)


def test_a_place_freed_in_a_slot_goes_to_the_first_waiting_for_that_slot_who_is_told(
    fair, staff, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = slot(fair, staff, 0, capacity=1), slot(fair, staff, 2, capacity=1)
    holder = services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=first)
    services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=second)
    waiting = [
        services.register_graduate(
            fair=fair, by=GraduateFactory(), entry_window=window, waitlist=True
        )
        for window in (first, second, first)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_ticket(ticket=holder, by=holder.graduate)
    statuses = [Ticket.objects.get(pk=t.pk).status for t in waiting]
    assert statuses == ["active", "waitlisted", "waitlisted"]
    assert [m.to for m in mailoutbox] == [[waiting[0].graduate.email]]
    assert f"/fairs/tickets/{waiting[0].code}/" in mailoutbox[0].body
    assert selectors.waiting_position(Ticket.objects.get(pk=waiting[2].pk)) == 1


def test_more_places_go_to_the_waiting_list_and_fewer_never_below_the_tickets_held(fair, staff):
    only = slot(fair, staff, 0, capacity=1)
    services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=only)
    waiting = services.register_graduate(
        fair=fair, by=GraduateFactory(), entry_window=only, waitlist=True
    )
    services.change_arrival_slot_places(slot=only, capacity=3, by=staff)
    assert Ticket.objects.get(pk=waiting.pk).status == "active"
    with pytest.raises(ValidationError):
        services.change_arrival_slot_places(slot=only, capacity=1, by=staff)
    assert EntryWindow.objects.get(pk=only.pk).capacity == 3
    with pytest.raises(ValidationError):
        services.remove_arrival_slot(slot=only, by=staff)
    empty = slot(fair, staff, 3)
    services.remove_arrival_slot(slot=empty, by=staff)
    assert not EntryWindow.objects.filter(pk=empty.pk).exists()


def test_the_door_warns_about_early_and_late_arrivals_and_the_board_counts_them(fair, staff):
    window = slot(fair, staff, 1, capacity=10)
    tickets = [
        services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=window)
        for _ in range(4)
    ]
    fair.status = "ongoing"
    fair.save()
    desk = Desk(fair.pk, fair.title, fair.status, fair.starts_at, fair.ends_at, user_id=staff.pk)
    moments = [
        (window.starts_at - datetime.timedelta(minutes=40), "early", "warn"),
        (window.starts_at - datetime.timedelta(minutes=10), "", "ok"),  # within the grace
        (window.ends_at - datetime.timedelta(minutes=1), "", "ok"),
        (window.ends_at + datetime.timedelta(minutes=20), "late", "warn"),
    ]
    for ticket, (moment, arrival, signal) in zip(tickets, moments, strict=True):
        with time_machine.travel(moment):
            scan = check_in_at(desk.at("东门"), ticket.code)
        assert (scan.outcome, scan.arrival, scan.signal) == ("accepted", arrival, signal)
        assert bool(scan.arrival_note) == bool(arrival)
    board = selectors.door_board(fair, now=window.ends_at + datetime.timedelta(minutes=30))
    (row,) = board["windows"]
    assert (row["arrived"], row["early"], row["late"], row["to_come"]) == (4, 1, 1, 0)
    assert board["doors"] == [("东门", 4)]


def test_the_registration_form_and_the_api_take_a_slot_and_the_waiting_list(client, fair, staff):
    only = slot(fair, staff, 0, capacity=1)
    graduate = GraduateFactory()
    client.force_login(graduate)
    page = client.get(f"/fairs/{fair.pk}/").content.decode()
    assert f'value="{only.pk}"' in page
    client.post(f"/fairs/{fair.pk}/register/", {"entry_window": only.pk})
    ticket = Ticket.objects.get(graduate=graduate)
    assert ticket.entry_window == only
    page = client.get(f"/fairs/tickets/{ticket.code}/").content.decode()
    assert "data-slot" in page
    api = APIClient()
    api.force_authenticate(GraduateFactory())
    full = api.post(f"/api/v1/fairs/{fair.pk}/register/", {"entry_window": only.pk})
    assert full.status_code == 400
    assert "entry_window" in full.json()
    waiting = api.post(
        f"/api/v1/fairs/{fair.pk}/register/", {"entry_window": only.pk, "waitlist": True}
    )
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "waitlisted"
    assert waiting.json()["arrival_slot"]
    slots = api.get(f"/api/v1/fairs/{fair.pk}/arrival-slots/").json()
    assert [(s["capacity"], s["held"], s["waiting"], s["free"]) for s in slots] == [(1, 1, 1, 0)]
    other = FairFactory()
    bad = api.post(f"/api/v1/fairs/{other.pk}/register/", {"entry_window": only.pk})
    assert bad.status_code == 400


def test_a_waiting_ticket_shows_its_place_in_line_and_no_code_to_scan(client, fair, staff):
    only = slot(fair, staff, 0, capacity=1)
    services.register_graduate(fair=fair, by=GraduateFactory(), entry_window=only)
    graduate = GraduateFactory()
    waiting = services.register_graduate(fair=fair, by=graduate, entry_window=only, waitlist=True)
    client.force_login(graduate)
    page = client.get(f"/fairs/tickets/{waiting.code}/").content.decode()
    assert 'data-status="waitlisted"' in page
    assert "<svg" not in page
    assert 'class="ticket-code"' not in page


def test_staff_manage_slots_on_their_page(client, fair, staff, other_staff):
    client.force_login(other_staff)
    assert client.get(f"/fairs/{fair.pk}/arrivals/").status_code == 404
    client.force_login(staff)
    local = timezone.localtime(fair.starts_at) + datetime.timedelta(minutes=1)
    data = {
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 30,
    }
    response = client.post(f"/fairs/{fair.pk}/arrivals/", data)
    assert response.status_code == 302
    window = fair.entry_windows.get()
    client.post(f"/fairs/arrival-slots/{window.pk}/", {"capacity": 40})
    window.refresh_from_db()
    assert window.capacity == 40
    response = client.post(f"/fairs/{fair.pk}/arrivals/", data)
    assert response.status_code == 200
    assert fair.entry_windows.count() == 1
    client.post(f"/fairs/arrival-slots/{window.pk}/", {"remove": "1"})
    assert not fair.entry_windows.exists()
