"""What a first-time user meets on the fairs pages: cancelling asks before it acts, a registration
form that is not open yet says when it opens, an empty list says what to do next."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fairs import services
from fairs.models import SlotBooking, Ticket
from tests.factories import (
    FairFactory,
    GraduateFactory,
    ParticipationFactory,
    RecruiterFactory,
    TicketFactory,
    VerifiedEnterpriseFactory,
)
from tests.fairs.conftest import member_enterprise

pytestmark = pytest.mark.django_db


def test_cancelling_a_ticket_asks_first(client):
    ticket = TicketFactory()
    client.force_login(ticket.graduate)
    page = client.get(f"/fairs/tickets/{ticket.code}/").content.decode()
    confirm = page.split('data-confirm="cancel-ticket"', 1)[1].split("</details>", 1)[0]
    assert "<summary>取消报名</summary>" in confirm
    assert f'action="/fairs/tickets/{ticket.code}/cancel/"' in confirm
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACTIVE  # showing the question changed nothing


def test_cancelling_an_interview_booking_asks_first(client, association):
    fair = FairFactory(organiser=association, kind="cloud", venue="", host_university="")
    enterprise, recruiter = member_enterprise(association, "山西云聘示例公司")
    booth = ParticipationFactory(fair=fair, enterprise=enterprise)
    slot = services.publish_slot(
        participation=booth,
        by=recruiter,
        starts_at=timezone.now() + timedelta(days=8),
        minutes=20,
        link="https://meeting.example.cn/room/1",
    )
    graduate = GraduateFactory()
    booking = services.book_slot(slot=slot, by=graduate)
    client.force_login(graduate)
    page = client.get("/fairs/me/bookings/").content.decode()
    confirm = page.split('data-confirm="cancel-booking"', 1)[1].split("</details>", 1)[0]
    assert f'action="/fairs/bookings/{booking.pk}/cancel/"' in confirm
    assert "是否取消" in confirm or "取消此预约" in confirm
    assert SlotBooking.objects.get(pk=booking.pk).status == SlotBooking.Status.BOOKED


def test_an_enterprise_registration_not_open_yet_says_when_it_opens(client):
    enterprise = VerifiedEnterpriseFactory()
    recruiter = RecruiterFactory(enterprise=enterprise).user
    opens = timezone.now() + timedelta(days=3)
    fair = FairFactory(
        enterprise_registration_opens=opens,
        enterprise_registration_closes=opens + timedelta(days=2),
        starts_at=opens + timedelta(days=5),
        ends_at=opens + timedelta(days=5, hours=6),
    )
    client.force_login(recruiter)
    page = client.get(f"/fairs/{fair.pk}/participate/").content.decode()
    assert 'data-registration="closed"' in page
    assert timezone.localtime(opens).strftime("%Y-%m-%d %H:%M") in page
    assert 'name="introduction"' not in page  # no form that would refuse on submit


def test_an_empty_booking_list_points_to_the_fairs(client):
    client.force_login(GraduateFactory())
    page = client.get("/fairs/me/bookings/").content.decode()
    assert 'class="empty-state"' in page
    assert 'href="/fairs/"' in page.split('class="empty-state"', 1)[1]
