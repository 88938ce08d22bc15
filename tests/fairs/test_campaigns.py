"""Campaigns: officers create and change them through the pages, the API and one service."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from fairs import services
from fairs.models import Campaign
from tests.factories import GraduateFactory, OfficerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "百会千企促万生就业 2026",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "hire_window_days": "90",
    "target_associations": "100",
    "target_enterprises": "1000",
    "target_graduates": "10000",
    "target_positions": "3000",
    "target_placements": "2000",
}


@pytest.fixture
def officer():
    return OfficerFactory().user


@pytest.fixture
def campaign(officer):
    return services.create_campaign(
        by=officer, name="春季攻势 2026", starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 31)
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("officer", 200), ("staff", 403), ("graduate", 403), ("anon", 302)],
)
@pytest.mark.parametrize("name", ["fairs:campaigns", "fairs:campaign_create"])
def test_campaign_pages_are_for_officers(client, officer, staff, who, status, name):
    users = {"officer": officer, "staff": staff, "graduate": GraduateFactory()}
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("officer", 200), ("staff", 404), ("graduate", 404), ("anon", 302)]
)
def test_the_campaign_edit_page_is_not_found_for_anyone_but_officers(
    client, officer, staff, campaign, who, status
):
    users = {"officer": officer, "staff": staff, "graduate": GraduateFactory()}
    if who in users:
        client.force_login(users[who])
    url = reverse("fairs:campaign_edit", args=[campaign.pk])
    assert client.get(url).status_code == status


def test_staff_cannot_create_a_campaign_by_posting(client, staff):
    client.force_login(staff)
    assert client.post(reverse("fairs:campaign_create"), FORM).status_code == 403
    assert not Campaign.objects.exists()


def test_an_officer_creates_a_campaign_and_sees_it_listed(client, officer):
    client.force_login(officer)
    form = client.get(reverse("fairs:campaign_create")).content.decode()
    assert 'name="hire_window_days"' in form
    assert 'value="90"' in form
    response = client.post(reverse("fairs:campaign_create"), FORM, follow=True)
    campaign = Campaign.objects.get()
    assert campaign.name == FORM["name"]
    assert campaign.ends_on == date(2026, 12, 31)
    assert campaign.hire_window_days == 90
    assert campaign.target_placements == 2000
    assert campaign.created_by == officer
    assert FORM["name"] in response.content.decode()
    assert reverse("fairs:campaign_edit", args=[campaign.pk]) in response.content.decode()


def test_an_officer_changes_a_campaign(client, officer, campaign):
    client.force_login(officer)
    url = reverse("fairs:campaign_edit", args=[campaign.pk])
    assert "春季攻势 2026" in client.get(url).content.decode()
    data = FORM | {"name": "春季攻势 2026（延长）", "hire_window_days": "120"}
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "春季攻势 2026（延长）"
    assert campaign.hire_window_days == 120
    assert campaign.target_graduates == 10000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_on": "2026-06-01", "ends_on": "2026-05-01"}, "ends_on"),
        ({"hire_window_days": "-1"}, "hire_window_days"),
        ({"target_graduates": "-5"}, "target_graduates"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_campaign_input_shows_the_error_and_writes_nothing(
    client, officer, campaign, changes, field
):
    client.force_login(officer)
    response = client.post(reverse("fairs:campaign_create"), FORM | changes)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()
    assert Campaign.objects.count() == 1
    edit = client.post(reverse("fairs:campaign_edit", args=[campaign.pk]), FORM | changes)
    assert edit.status_code == 200
    assert edit.context["form"].errors[field]
    campaign.refresh_from_db()
    assert campaign.name == "春季攻势 2026"
    assert campaign.hire_window_days == 90


def test_the_end_before_the_start_is_explained_on_the_page(client, officer):
    client.force_login(officer)
    data = FORM | {"starts_on": "2026-06-01", "ends_on": "2026-05-01"}
    with translation.override("en"):
        response = client.post(reverse("fairs:campaign_create"), data, HTTP_ACCEPT_LANGUAGE="en")
        (error,) = response.context["form"].errors["ends_on"]
    assert error == "The campaign must end on or after its first day."
    assert error in response.content.decode()


def test_a_second_campaign_with_the_same_name_is_refused(client, officer, campaign):
    client.force_login(officer)
    with translation.override("en"):
        response = client.post(
            reverse("fairs:campaign_create"),
            FORM | {"name": campaign.name},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.context["form"].errors["name"] == [
            "A campaign with this name exists already."
        ]
    assert Campaign.objects.count() == 1


def test_the_service_refuses_negative_numbers_and_non_officers(officer, staff, campaign):
    with pytest.raises(ValidationError) as error:
        services.update_campaign(
            campaign=campaign, by=officer, hire_window_days=-1, target_positions=-1
        )
    assert set(error.value.message_dict) == {"hire_window_days", "target_positions"}
    with pytest.raises(PermissionDenied):
        services.update_campaign(campaign=campaign, by=staff, name="x")
    with pytest.raises(ValidationError):
        services.update_campaign(campaign=campaign, by=officer, organiser="x")
    campaign.refresh_from_db()
    assert (campaign.name, campaign.hire_window_days) == ("春季攻势 2026", 90)


def test_the_api_changes_a_campaign_through_the_same_service(client, officer, staff, campaign):
    url = reverse("api-campaign-detail", args=[campaign.pk])
    client.force_login(staff)
    assert client.patch(url, {"name": "x"}, content_type="application/json").status_code == 404
    client.force_login(officer)
    bad = client.patch(url, {"ends_on": "2026-01-01"}, content_type="application/json")
    assert bad.status_code == 400
    assert "ends_on" in bad.json() or "ends_on" in str(bad.json())
    ok = client.patch(url, {"hire_window_days": 60}, content_type="application/json")
    assert ok.status_code == 200
    campaign.refresh_from_db()
    assert campaign.hire_window_days == 60
    assert campaign.ends_on == date(2026, 5, 31)


def test_organisers_pick_the_campaign_on_the_fair_form(client, association, staff, campaign):
    client.force_login(staff)
    page = client.get(reverse("fairs:create") + f"?association={association.pk}")
    assert 'name="campaign"' in page.content.decode()
    assert campaign.name in page.content.decode()


def test_the_officer_workspace_links_the_campaigns(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:onboarding")).content.decode()
    assert reverse("fairs:campaigns") in page
