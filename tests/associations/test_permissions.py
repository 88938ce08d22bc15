"""Permission matrix: every page and endpoint of the app × every kind of actor → status.

Actors: anonymous, graduate, recruiter of enterprise X, recruiter of enterprise Y, staff (admin) of
association A, staff of association B, department officer. In the cast, X has asked to join A
(pending) and Y is an approved member of B.
"""

import pytest
from rest_framework.test import APIClient

from associations.models import EnterpriseRecruiter, Membership
from tests.associations.conftest import ACTORS
from tests.factories import AssociationStaffFactory, RecruiterFactory, UserFactory

pytestmark = pytest.mark.django_db


# (method, url template, expected per actor in ACTORS order)
#            anon graduate rec_x rec_y staff_a staff_b officer
PAGES = [
    ("get", "/associations/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/associations/{a}/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/associations/enterprises/{x}/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/associations/new/", [302, 403, 403, 403, 403, 403, 200]),
    ("get", "/associations/{a}/edit/", [302, 403, 403, 403, 200, 403, 200]),
    ("get", "/associations/workspace/", [302, 403, 403, 403, 200, 200, 403]),
    ("get", "/associations/workspace/?association={a}", [302, 403, 403, 403, 200, 404, 403]),
    ("get", "/associations/enterprises/new/", [302, 403, 200, 200, 403, 403, 403]),
    ("get", "/associations/enterprises/join/", [302, 403, 200, 200, 403, 403, 403]),
    ("get", "/associations/enterprises/workspace/", [302, 403, 200, 200, 403, 403, 403]),
    (
        "get",
        "/associations/enterprises/workspace/?enterprise={x}",
        [302, 403, 200, 404, 403, 403, 403],
    ),
    ("post", "/associations/memberships/{m}/approve/", [302, 404, 403, 404, 302, 404, 404]),
    ("post", "/associations/memberships/{m}/reject/", [302, 404, 403, 404, 302, 404, 404]),
    ("post", "/associations/memberships/{m}/end/", [302, 404, 302, 404, 302, 404, 404]),
    ("post", "/associations/{a}/staff/invite/", [302, 404, 404, 404, 302, 404, 404]),
    ("post", "/associations/{a}/staff/{s}/remove/", [302, 404, 404, 404, 302, 404, 404]),
    ("post", "/associations/{a}/members/invite/", [302, 404, 404, 404, 302, 404, 404]),
    (
        "post",
        "/associations/enterprises/{x}/memberships/request/",
        [302, 404, 302, 404, 404, 404, 404],
    ),
    (
        "post",
        "/associations/enterprises/{x}/recruiters/invite/",
        [302, 404, 302, 404, 404, 404, 404],
    ),
    (
        "post",
        "/associations/enterprises/{x}/recruiters/{r}/approve/",
        [302, 404, 302, 404, 404, 404, 404],
    ),
    (
        "post",
        "/associations/enterprises/{x}/recruiters/{r}/remove/",
        [302, 404, 302, 404, 404, 404, 404],
    ),
]

API = [
    ("get", "/api/v1/associations/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/associations/{a}/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/associations/{a}/members/", [200, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/associations/", [401, 403, 403, 403, 403, 403, 201]),
    ("patch", "/api/v1/associations/{a}/", [401, 403, 403, 403, 200, 403, 200]),
    (
        "post",
        "/api/v1/associations/{a}/invite-enterprise/",
        [401, 403, 403, 403, 201, 403, 403],
    ),
    ("get", "/api/v1/enterprises/", [200, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/enterprises/{x}/", [200, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/enterprises/", [401, 403, 201, 201, 403, 403, 403]),
    ("patch", "/api/v1/enterprises/{x}/", [401, 403, 200, 403, 403, 403, 403]),
    ("post", "/api/v1/enterprises/join/", [401, 403, 201, 201, 403, 403, 403]),
    ("get", "/api/v1/memberships/", [401, 200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/memberships/{m}/", [401, 404, 200, 404, 200, 404, 200]),
    ("post", "/api/v1/memberships/", [401, 403, 201, 403, 403, 403, 403]),
    ("post", "/api/v1/memberships/{m}/approve/", [401, 404, 403, 404, 200, 404, 403]),
    ("post", "/api/v1/memberships/{m}/reject/", [401, 404, 403, 404, 200, 404, 403]),
    ("post", "/api/v1/memberships/{m}/end/", [401, 404, 200, 404, 200, 404, 403]),
    ("get", "/api/v1/association-staff/", [401, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/association-staff/", [401, 403, 403, 403, 201, 403, 201]),
    ("delete", "/api/v1/association-staff/{s}/", [401, 404, 404, 404, 204, 404, 204]),
    ("get", "/api/v1/recruiters/", [401, 200, 200, 200, 200, 200, 200]),
    ("post", "/api/v1/recruiters/", [401, 404, 201, 404, 404, 404, 404]),
    ("post", "/api/v1/recruiters/{r}/approve/", [401, 404, 200, 404, 404, 404, 404]),
    ("delete", "/api/v1/recruiters/{r}/", [401, 404, 204, 404, 404, 404, 404]),
    ("get", "/api/v1/regions/", [200, 200, 200, 200, 200, 200, 200]),
]


def _payload(url: str, world, code_user) -> dict:
    if url.endswith("/api/v1/associations/"):
        return {"name": "山西省旅游协会", "admin_email": "tour@example.cn", "kind": "industry"}
    if url.endswith(f"/api/v1/associations/{world.association_a.pk}/"):
        return {"contact_person": "张老师"}
    if url.endswith("/invite-enterprise/") or url.endswith("/members/invite/"):
        return {"credit_code": world.enterprise_y.credit_code}
    if url.endswith("/api/v1/enterprises/"):
        from associations.credit_code import make_credit_code

        return {"name": "新企业", "credit_code": make_credit_code(777), "industry": "I"}
    if url.endswith(f"/api/v1/enterprises/{world.enterprise_x.pk}/"):
        return {"address": "太原市小店区长治路"}
    if url.endswith("/enterprises/join/"):
        return {"credit_code": code_user}
    if url.endswith("/api/v1/memberships/") or url.endswith("/memberships/request/"):
        return {
            "enterprise": world.enterprise_x.pk,
            "association": world.association_b.pk,
            "reason": "",
        }
    if url.endswith("/reject/") or url.endswith("/end/"):
        return {"reason": "不符合入会条件"}
    if url.endswith("/api/v1/association-staff/") or url.endswith("/staff/invite/"):
        return {"association": world.association_a.pk, "email": "new@example.cn", "role": "member"}
    if url.endswith("/recruiters/") or url.endswith("/recruiters/invite/"):
        return {"enterprise": world.enterprise_x.pk, "email": "hr2@example.cn"}
    return {}


def _cases(table):
    for method, url, expected in table:
        for actor, status in zip(ACTORS, expected, strict=True):
            yield pytest.param(method, url, actor, status, id=f"{method} {url} as {actor}")


@pytest.fixture
def targets(world):
    member = AssociationStaffFactory(association=world.association_a, role="member")
    pending = RecruiterFactory(
        enterprise=world.enterprise_x,
        role=EnterpriseRecruiter.Role.RECRUITER,
        status=EnterpriseRecruiter.Status.PENDING,
        user=UserFactory(signup_role="recruiter"),
    )
    return {
        "a": world.association_a.pk,
        "x": world.enterprise_x.pk,
        "m": world.request_x_to_a.pk,
        "s": member.pk,
        "r": pending.pk,
    }


def _request(client, method, url, data, *, json):
    if method == "get":
        return client.get(url)
    if json:
        return getattr(client, method)(url, data, format="json")
    return getattr(client, method)(url, data)


@pytest.mark.parametrize(("method", "url", "actor", "expected"), list(_cases(PAGES)))
def test_pages(client, world, targets, method, url, actor, expected):
    user = world.actor(actor)
    if user is not None:
        client.force_login(user)
    url = url.format(**targets)
    response = _request(client, method, url, _payload(url, world, ""), json=False)
    assert response.status_code == expected
    if expected == 302 and user is None:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("method", "url", "actor", "expected"), list(_cases(API)))
def test_api(world, targets, method, url, actor, expected):
    client = APIClient()
    user = world.actor(actor)
    if user is not None:
        client.force_authenticate(user)
    url = url.format(**targets)
    # Joining by code: each recruiter asks to join the other's enterprise.
    join_code = (
        world.enterprise_x.credit_code if actor != "recruiter_x" else world.enterprise_y.credit_code
    )
    response = _request(client, method, url, _payload(url, world, join_code), json=True)
    assert response.status_code == expected, response.content


def test_membership_lists_are_scoped_to_each_side(world):
    client = APIClient()
    seen = {}
    for actor in ACTORS[1:]:
        client.force_authenticate(world.actor(actor))
        rows = client.get("/api/v1/memberships/").json()["results"]
        seen[actor] = sorted(row["id"] for row in rows)
    xa, yb = world.request_x_to_a.pk, world.membership_y_in_b.pk
    assert seen == {
        "graduate": [],
        "recruiter_x": [xa],
        "recruiter_y": [yb],
        "staff_a": [xa],
        "staff_b": [yb],
        "officer": sorted([xa, yb]),
    }


def test_staff_of_b_do_not_see_pending_requests_of_a_in_their_workspace(client, world):
    client.force_login(world.staff_b)
    page = client.get("/associations/workspace/").content.decode()
    assert world.enterprise_x.name not in page
    client.force_login(world.staff_a)
    page = client.get("/associations/workspace/").content.decode()
    assert world.enterprise_x.name in page
    assert Membership.objects.get(pk=world.request_x_to_a.pk).status == "requested"
