"""The demo fairs load through the services on top of the other apps' demo data."""

import contextlib
import datetime
import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from fairs import demo
from fairs.models import Fair, Ticket
from tests.factories import AssociationStaffFactory, GraduateFactory, OfficerFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db


def next_monday_evening() -> datetime.datetime:
    """18:30 in Shanghai on the next Monday: yesterday was a Sunday (a demo fair's start moves
    off it) and a fair closing at 17:00 today would be closed."""
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7 or 7)
    return datetime.datetime.combine(
        monday, datetime.time(18, 30), tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.parametrize("moment", ["now", "a Monday evening"])
def test_demo_fairs_past_and_upcoming_with_registrations_and_check_ins(
    django_capture_on_commit_callbacks, moment
):
    at = (
        time_machine.travel(next_monday_evening(), tick=True)
        if moment != "now"
        else contextlib.nullcontext()
    )
    with at:
        _load_and_check()


def _load_and_check():
    staff = AssociationStaffFactory()
    OfficerFactory()
    for i in range(4):
        enterprise, _ = member_enterprise(staff.association, f"山西演示企业{i}")
        make_position(enterprise, title=f"演示岗位{i}")
    GraduateFactory.create_batch(5)
    out = io.StringIO()
    demo.load(out)
    assert Fair.objects.count() == 5
    past = Fair.objects.get(host_university=demo.FAIRS[0][3])
    assert past.status == "finished"
    assert Ticket.objects.filter(fair=past, checked_in_at__isnull=False).exists()
    assert Fair.objects.filter(kind="cloud", status="ongoing").exists()
    assert Fair.objects.filter(format="presentation").exists()
    assert Fair.objects.filter(status="published").count() >= 2
    doors = set(past.tickets.exclude(checked_in_at=None).values_list("checked_in_door", flat=True))
    assert {"东门", "北门自助机", "南门"} <= doors
    assert set(past.offline_scans.values_list("outcome", flat=True)) == {"accepted", "duplicate"}
    assert past.kiosks.get().revoked_at is not None
    upcoming = Fair.objects.get(title__endswith="信息技术类专场招聘会")
    assert upcoming.entry_windows.count() == 3
    assert not upcoming.tickets.filter(status="active", entry_window=None).exists()
    _fairs_are_held_in_daytime_and_checked_in_at_their_doors()
    demo.load(out)  # a second run changes nothing
    assert Fair.objects.count() == 5


def _fairs_are_held_in_daytime_and_checked_in_at_their_doors():
    soon = timezone.now() + timedelta(days=7)
    for fair in Fair.objects.all():
        opens = timezone.localtime(fair.starts_at)
        assert opens.weekday() != 6, fair.title
        assert 8 <= opens.hour <= 15, (fair.title, opens)
        if fair.kind == "campus":
            assert timezone.localtime(fair.ends_at).hour <= 18, fair.title
            assert str(opens.year if opens.month < 9 else opens.year + 1) + "届" in fair.title
        for ticket in fair.tickets.exclude(checked_in_at=None):
            assert fair.starts_at <= ticket.checked_in_at <= fair.ends_at
            assert ticket.created_at < ticket.checked_in_at
    this_week = Fair.objects.filter(starts_at__gt=timezone.now(), starts_at__lte=soon)
    assert this_week.filter(kind="campus", format="fair").exists()
    assert this_week.filter(format="presentation").exists()


def test_demo_does_nothing_without_associations():
    out = io.StringIO()
    demo.load(out)
    assert not Fair.objects.exists()
