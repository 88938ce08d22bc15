"""The API follows the same rules: bad input is a readable 400 and changes nothing."""

import pytest
from rest_framework.test import APIClient

from associations.models import Enterprise, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_membership_request_approve_flow(api, world):
    api.force_authenticate(world.recruiter_x)
    created = api.post(
        "/api/v1/memberships/",
        {"enterprise": world.enterprise_x.pk, "association": world.association_b.pk},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "requested"
    api.force_authenticate(world.staff_b)
    approved = api.post(f"/api/v1/memberships/{created.json()['id']}/approve/")
    assert approved.json()["status"] == "approved"
    assert [e["to_status"] for e in approved.json()["events"]] == ["requested", "approved"]
    assert api.get(f"/api/v1/enterprises/{world.enterprise_x.pk}/").json()["verified"] is True


def test_second_request_is_a_400_with_a_message(api, world):
    api.force_authenticate(world.recruiter_x)
    response = api.post(
        "/api/v1/memberships/",
        {"enterprise": world.enterprise_x.pk, "association": world.association_a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "山西省软件行业协会" in response.json()["detail"][0]
    assert Membership.objects.count() == 2


def test_malformed_code_is_a_400_naming_the_check(api, world):
    api.force_authenticate(world.recruiter_x)
    response = api.post(
        "/api/v1/enterprises/",
        {"name": "坏代码公司", "credit_code": "91140100000000019X", "industry": "C"},
        format="json",
    )
    assert response.status_code == 400
    assert "credit_code" in response.json()
    assert not Enterprise.objects.filter(name="坏代码公司").exists()


def test_code_cannot_be_changed_through_the_api(api, world):
    api.force_authenticate(world.recruiter_x)
    code = world.enterprise_x.credit_code
    response = api.patch(
        f"/api/v1/enterprises/{world.enterprise_x.pk}/",
        {"credit_code": "91350100M000100Y43", "size": "large"},
        format="json",
    )
    assert response.status_code == 200
    world.enterprise_x.refresh_from_db()
    assert (world.enterprise_x.credit_code, world.enterprise_x.size) == (code, "large")


def test_directory_filters_in_the_api(api, world):
    world.association_a.industries = "IM"
    world.association_a.save()
    rows = api.get("/api/v1/associations/?industry=I").json()["results"]
    assert [(r["name"], r["industries"]) for r in rows] == [("山西省软件行业协会", ["I", "M"])]


def test_regions_by_city(api, db):
    taiyuan = api.get("/api/v1/regions/?parent=").json()
    city = next(r for r in taiyuan if r["code"] == "140100")
    districts = api.get(f"/api/v1/regions/?parent={city['id']}").json()
    assert {d["name"] for d in districts} >= {"小店区", "古交市"}
