"""The fairs API: same services, same permissions, readable errors."""

import pytest
from rest_framework.test import APIClient

from fairs.models import Fair, Participation, Ticket
from tests.factories import GraduateFactory, ParticipationFactory, api_time
from tests.fairs.conftest import at_the_fair, member_enterprise

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_anyone_lists_public_fairs(fair):
    response = api().get("/api/v1/fairs/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [fair.pk]


def test_staff_create_a_fair_and_bad_dates_get_a_400(association, staff, fair):
    payload = {
        "organiser": association.pk,
        "title": "API 双选会",
        "kind": "campus",
        "format": "fair",
        "venue": "礼堂",
        "starts_at": api_time(60, 9),
        "ends_at": api_time(60, 8),
        "enterprise_registration_opens": api_time(0, 0),
        "enterprise_registration_closes": api_time(59, 0),
        "graduate_registration_opens": api_time(0, 0),
        "graduate_registration_closes": api_time(59, 0),
    }
    response = api(staff).post("/api/v1/fairs/", payload, format="json")
    assert response.status_code == 400
    assert "ends_at" in response.json()
    payload["ends_at"] = api_time(60, 16)
    response = api(staff).post("/api/v1/fairs/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Fair.objects.get(title="API 双选会").status == "draft"


def test_graduate_registers_and_staff_check_in_twice(fair, staff, graduate):
    response = api(graduate).post(f"/api/v1/fairs/{fair.pk}/register/")
    assert response.status_code == 201
    code = response.json()["code"]
    early = api(staff).post(f"/api/v1/fairs/{fair.pk}/check-in/", {"code": code}, format="json")
    assert early.status_code == 400  # a week before the fair
    with at_the_fair(fair):
        first = api(staff).post(f"/api/v1/fairs/{fair.pk}/check-in/", {"code": code}, format="json")
        again = api(staff).post(f"/api/v1/fairs/{fair.pk}/check-in/", {"code": code}, format="json")
    assert first.json()["first_time"] is True
    assert again.json()["first_time"] is False
    assert Ticket.objects.get(code=code).checked_in_at is not None


def test_staff_of_another_association_cannot_check_in_or_approve(fair, other_staff, graduate):
    ticket = api(graduate).post(f"/api/v1/fairs/{fair.pk}/register/").json()
    response = api(other_staff).post(
        f"/api/v1/fairs/{fair.pk}/check-in/", {"code": ticket["code"]}, format="json"
    )
    assert response.status_code == 404
    participation = ParticipationFactory(fair=fair, status="pending")
    response = api(other_staff).post(f"/api/v1/fair-participations/{participation.pk}/approve/")
    assert response.status_code == 404
    participation.refresh_from_db()
    assert participation.status == Participation.Status.PENDING


def test_recruiter_registers_and_staff_approve_with_a_booth(fair, association, staff):
    enterprise, recruiter = member_enterprise(association)
    response = api(recruiter).post(
        "/api/v1/fair-participations/",
        {"fair": fair.pk, "enterprise": enterprise.pk, "positions": []},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api(staff).post(
        f"/api/v1/fair-participations/{pk}/approve/", {"booth_number": "c3"}, format="json"
    )
    assert response.json()["status"] == "approved"
    assert response.json()["booth_number"] == "C3"


def test_registering_after_the_window_is_a_readable_400(fair):
    from django.utils import timezone

    fair.graduate_registration_closes = timezone.now() - timezone.timedelta(minutes=5)
    fair.save()
    response = api(GraduateFactory()).post(f"/api/v1/fairs/{fair.pk}/register/")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "rules",
    [
        {"eligible_education": ["phd"]},
        {"eligible_education": "bachelor"},
        {"eligible_graduation_years": ["twenty"]},
        {"eligible_graduation_years": "2026"},
        {"eligible_graduation_years": [True]},
        {"eligible_graduation_years": [20260]},
        {"eligible_majors": [123]},
        {"eligible_majors": "计算机"},
    ],
)
def test_eligibility_rules_that_are_not_lists_of_values_are_refused(fair, staff, rules):
    """Stored as given, they would fail every graduate's registration later (a 500)."""
    response = api(staff).patch(f"/api/v1/fairs/{fair.pk}/", rules, format="json")
    assert response.status_code == 400
    assert set(rules) <= set(response.json())
    fair.refresh_from_db()
    assert (fair.eligible_education, fair.eligible_graduation_years, fair.eligible_majors) == (
        [],
        [],
        [],
    )


def test_good_eligibility_rules_are_kept_and_applied_at_registration(fair, staff):
    rules = {
        "eligible_education": ["master"],
        "eligible_graduation_years": [2026],
        "eligible_majors": ["计算机"],
    }
    response = api(staff).patch(f"/api/v1/fairs/{fair.pk}/", rules, format="json")
    assert response.status_code == 200, response.json()
    refused = api(GraduateFactory()).post(f"/api/v1/fairs/{fair.pk}/register/")
    assert refused.status_code == 400  # the factory's graduate meets none of them


def test_a_booth_number_longer_than_its_column_is_refused(fair, association, staff):
    enterprise, _recruiter = member_enterprise(association)
    participation = ParticipationFactory(fair=fair, enterprise=enterprise, status="pending")
    response = api(staff).post(
        f"/api/v1/fair-participations/{participation.pk}/approve/",
        {"booth_number": "A" * 21},
        format="json",
    )
    assert response.status_code == 400
    assert "booth_number" in response.json()
    participation.refresh_from_db()
    assert (participation.status, participation.booth_number) == ("pending", "")


def test_the_service_refuses_a_long_booth_number_from_a_page_too(fair, association, staff):
    from django.core.exceptions import ValidationError

    from fairs import services

    enterprise, _recruiter = member_enterprise(association)
    participation = ParticipationFactory(fair=fair, enterprise=enterprise, status="pending")
    with pytest.raises(ValidationError) as refused:
        services.approve_participation(participation=participation, by=staff, booth_number="B" * 21)
    assert "booth_number" in refused.value.message_dict
