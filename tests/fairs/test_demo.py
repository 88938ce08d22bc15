"""The demo fairs load through the services on top of the other apps' demo data."""

import io

import pytest

from fairs import demo
from fairs.models import Fair, Ticket
from tests.factories import AssociationStaffFactory, GraduateFactory, OfficerFactory
from tests.fairs.conftest import make_position, member_enterprise

pytestmark = pytest.mark.django_db


def test_demo_fairs_past_and_upcoming_with_registrations_and_check_ins(
    django_capture_on_commit_callbacks,
):
    staff = AssociationStaffFactory()
    OfficerFactory()
    for i in range(4):
        enterprise, _ = member_enterprise(staff.association, f"山西演示企业{i}")
        make_position(enterprise, title=f"演示岗位{i}")
    GraduateFactory.create_batch(5)
    out = io.StringIO()
    demo.load(out)
    assert Fair.objects.count() == 5
    past = Fair.objects.get(title=demo.FAIRS[0][0])
    assert past.status == "finished"
    assert Ticket.objects.filter(fair=past, checked_in_at__isnull=False).exists()
    assert Fair.objects.filter(kind="cloud", status="ongoing").exists()
    assert Fair.objects.filter(format="presentation").exists()
    assert Fair.objects.filter(status="published").count() >= 2
    doors = set(past.tickets.exclude(checked_in_at=None).values_list("checked_in_door", flat=True))
    assert {"东门", "北门自助机", "南门"} <= doors
    assert set(past.offline_scans.values_list("outcome", flat=True)) == {"accepted", "duplicate"}
    assert past.kiosks.get().revoked_at is not None
    upcoming = Fair.objects.get(title=demo.FAIRS[1][0])
    assert upcoming.entry_windows.count() == 3
    assert not upcoming.tickets.filter(status="active", entry_window=None).exists()
    demo.load(out)  # a second run changes nothing
    assert Fair.objects.count() == 5


def test_demo_does_nothing_without_associations():
    out = io.StringIO()
    demo.load(out)
    assert not Fair.objects.exists()
