"""The fairs pages: what each role sees and may do, through the HTTP client."""

import pytest
from django.urls import reverse

from fairs import services
from fairs.models import Fair, Participation, Ticket
from tests.factories import (
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    ParticipationFactory,
    form_time,
)
from tests.fairs.conftest import at_the_fair, member_enterprise

pytestmark = pytest.mark.django_db


def test_the_list_shows_upcoming_public_fairs_and_filters_by_kind(client, association):
    FairFactory(organiser=association, title="山西大学春季双选会")
    FairFactory(organiser=association, title="云端招聘月", kind="cloud", venue="")
    FairFactory(organiser=association, title="草稿招聘会", status="draft")
    page = client.get(reverse("fairs:list")).content.decode()
    assert "山西大学春季双选会" in page
    assert "云端招聘月" in page
    assert "草稿招聘会" not in page
    page = client.get(reverse("fairs:list"), {"kind": "cloud"}).content.decode()
    assert "云端招聘月" in page
    assert "山西大学春季双选会" not in page


def test_the_list_has_an_empty_state(client):
    response = client.get(reverse("fairs:list"))
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()


def test_a_draft_is_not_found_for_the_public(client, association):
    fair = FairFactory(organiser=association, status="draft")
    assert client.get(reverse("fairs:detail", args=[fair.pk])).status_code == 404


def test_a_graduate_registers_from_the_fair_page_and_sees_the_ticket(client, fair, graduate):
    client.force_login(graduate)
    response = client.post(reverse("fairs:register", args=[fair.pk]), follow=True)
    ticket = Ticket.objects.get(graduate=graduate)
    assert ticket.code in response.content.decode()
    assert "<svg" in response.content.decode()
    pdf = client.get(reverse("fairs:ticket_pdf", args=[ticket.code]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_ticket_is_not_found_for_someone_else(client, fair, graduate):
    ticket = services.register_graduate(fair=fair, by=graduate)
    client.force_login(GraduateFactory())
    assert client.get(reverse("fairs:ticket", args=[ticket.code])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("officer", 200), ("other_staff", 404), ("graduate", 404), ("anon", 302)],
)
@pytest.mark.parametrize("name", ["fairs:manage", "fairs:checkin", "fairs:edit", "fairs:counters"])
def test_the_fair_workspace_is_for_its_organisers(
    client, fair, staff, other_staff, graduate, who, status, name
):
    users = {
        "staff": staff,
        "officer": OfficerFactory().user,
        "other_staff": other_staff,
        "graduate": graduate,
    }
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse(name, args=[fair.pk])).status_code == status


def test_staff_of_another_association_cannot_approve_through_the_page(client, fair, other_staff):
    participation = ParticipationFactory(fair=fair, status="pending")
    client.force_login(other_staff)
    response = client.post(reverse("fairs:decide", args=[participation.pk]), {"action": "approve"})
    assert response.status_code == 404
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING


def test_staff_create_publish_and_check_in_through_the_pages(client, association, staff, graduate):
    client.force_login(staff)
    data = {
        "title": "中北大学秋季双选会",
        "kind": "campus",
        "format": "fair",
        "host_university": "中北大学",
        "venue": "体育馆",
        "starts_at": form_time(3, 9),
        "ends_at": form_time(3, 16),
        "enterprise_registration_opens": form_time(-10, 0),
        "enterprise_registration_closes": form_time(2, 18),
        "graduate_registration_opens": form_time(-10, 0),
        "graduate_registration_closes": form_time(3, 15),
        "booth_capacity": 50,
        "venue_capacity": 500,
    }
    url = reverse("fairs:create") + f"?association={association.pk}"
    response = client.post(url, data)
    fair = Fair.objects.get(title="中北大学秋季双选会")
    assert response.status_code == 302
    client.post(reverse("fairs:publish", args=[fair.pk]))
    fair.refresh_from_db()
    assert fair.status == "published"
    ticket = services.register_graduate(fair=fair, by=graduate)
    with at_the_fair(fair):
        response = client.post(reverse("fairs:checkin", args=[fair.pk]), {"code": ticket.code})
        assert 'data-result="ok"' in response.content.decode()
        response = client.post(reverse("fairs:checkin", args=[fair.pk]), {"code": ticket.code})
        assert 'data-result="again"' in response.content.decode()


def test_a_form_with_an_end_before_the_start_shows_the_error(client, association, staff):
    client.force_login(staff)
    data = {
        "title": "错误的招聘会",
        "kind": "campus",
        "format": "fair",
        "venue": "体育馆",
        "starts_at": form_time(30, 9),
        "ends_at": form_time(30, 8),
        "enterprise_registration_opens": form_time(-10, 0),
        "enterprise_registration_closes": form_time(29, 18),
        "graduate_registration_opens": form_time(-10, 0),
        "graduate_registration_closes": form_time(30, 7),
        "booth_capacity": 50,
        "venue_capacity": 500,
    }
    response = client.post(reverse("fairs:create") + f"?association={association.pk}", data)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Fair.objects.exists()


def test_the_slot_link_is_shown_only_to_the_booked_graduate(client, association):
    from datetime import timedelta

    from django.utils import timezone

    fair = FairFactory(organiser=association, kind="cloud", venue="")
    enterprise, recruiter = member_enterprise(association)
    participation = ParticipationFactory(fair=fair, enterprise=enterprise)
    slot = services.publish_slot(
        participation=participation,
        by=recruiter,
        starts_at=timezone.now() + timedelta(days=7, hours=1),
        minutes=20,
        link="https://meeting.example.cn/secret-room",
    )
    booked, other = GraduateFactory(), GraduateFactory()
    client.force_login(booked)
    client.post(reverse("fairs:book_slot", args=[slot.pk]))
    assert "secret-room" in client.get(reverse("fairs:my_bookings")).content.decode()
    client.force_login(other)
    booth = client.get(reverse("fairs:booth", args=[fair.pk, participation.pk])).content.decode()
    assert "secret-room" not in booth
    assert "secret-room" not in client.get(reverse("fairs:my_bookings")).content.decode()


def test_recruiters_capture_leads_and_export_them(client, fair, association, graduate):
    enterprise, recruiter = member_enterprise(association)
    participation = ParticipationFactory(fair=fair, enterprise=enterprise)
    ticket = services.register_graduate(fair=fair, by=graduate)
    client.force_login(recruiter)
    response = client.post(reverse("fairs:leads", args=[participation.pk]), {"code": ticket.code})
    assert response.status_code == 302
    lead = participation.fair.leads.get()
    client.post(reverse("fairs:lead", args=[lead.pk]), {"rating": "4", "note": "沟通好"})
    csv = client.get(reverse("fairs:leads_csv", args=[participation.pk])).content.decode("utf-8")
    assert graduate.get_full_name() in csv
    assert "沟通好" in csv
    assert graduate.email not in csv  # contact details only once the graduate applied
