"""The graduate workspace lists the graduate's upcoming fairs next to the applications."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.candidates.helpers import complete_graduate
from tests.factories import FairFactory, TicketFactory

pytestmark = pytest.mark.django_db


def test_workspace_lists_upcoming_fairs_and_not_past_or_cancelled_ones(client):
    graduate = complete_graduate()
    upcoming = TicketFactory(graduate=graduate.user, fair=FairFactory(title="太原理工大学双选会"))
    past_fair = FairFactory(
        title="去年的招聘会",
        starts_at=timezone.now() - timezone.timedelta(days=30, hours=6),
        ends_at=timezone.now() - timezone.timedelta(days=30),
        enterprise_registration_opens=timezone.now() - timezone.timedelta(days=40),
        enterprise_registration_closes=timezone.now() - timezone.timedelta(days=31),
        graduate_registration_opens=timezone.now() - timezone.timedelta(days=40),
        graduate_registration_closes=timezone.now() - timezone.timedelta(days=31),
        status="finished",
    )
    TicketFactory(graduate=graduate.user, fair=past_fair)
    TicketFactory(graduate=graduate.user, fair=FairFactory(title="已取消的票"), status="cancelled")
    client.force_login(graduate.user)
    page = client.get(reverse("candidates:workspace")).content.decode()
    assert "太原理工大学双选会" in page
    assert reverse("fairs:ticket", args=[upcoming.code]) in page
    assert "去年的招聘会" not in page
    assert "已取消的票" not in page


def test_workspace_without_tickets_points_to_the_fairs(client):
    graduate = complete_graduate()
    client.force_login(graduate.user)
    page = client.get(reverse("candidates:workspace")).content.decode()
    assert reverse("fairs:list") in page
