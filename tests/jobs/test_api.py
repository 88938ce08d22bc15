"""Positions API: the same rules and permissions as the pages."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from associations.models import Region
from jobs import importing
from jobs.models import Position, PositionReport
from tests.jobs.conftest import ACTORS

pytestmark = pytest.mark.django_db


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _payload(world, **overrides):
    data = {
        "enterprise": world.enterprise_x.pk,
        "title": "土木工程师",
        "category": "construction",
        "description": "负责施工现场技术管理。",
        "city": Region.objects.get(code="140100").pk,
        "salary_min": 6000,
        "salary_max": 9000,
        "education": "bachelor",
        "majors": ["土木工程"],
        "headcount": 2,
        "job_type": "full_time",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_anyone_lists_and_reads_open_positions_only(world):
    open_position = world.position(title="会计")
    world.position(status="draft", title="草稿")
    world.position(status="closed", title="已关闭")
    world.position(suspended_at=timezone.now(), title="被下架")
    response = _api().get("/api/v1/positions/")
    assert [row["title"] for row in response.json()["results"]] == ["会计"]
    detail = _api().get(f"/api/v1/positions/{open_position.pk}/").json()
    assert detail["enterprise_name"] == world.enterprise_x.name
    assert detail["is_open"] is True


def test_a_recruiter_creates_edits_publishes_closes_and_reopens(world):
    api = _api(world.recruiter_x)
    created = api.post("/api/v1/positions/", _payload(world), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    edited = api.patch(f"/api/v1/positions/{pk}/", {"headcount": 5}, format="json")
    assert (edited.json()["headcount"], edited.json()["salary_min"]) == (5, 6000)
    assert api.post(f"/api/v1/positions/{pk}/publish/").json()["status"] == "published"
    assert api.post(f"/api/v1/positions/{pk}/close/").json()["status"] == "closed"
    assert api.post(f"/api/v1/positions/{pk}/reopen/").json()["status"] == "published"
    copy = api.post(f"/api/v1/positions/{pk}/duplicate/")
    assert (copy.status_code, copy.json()["status"]) == (201, "draft")
    mine = api.get("/api/v1/positions/?scope=mine&status=draft").json()["results"]
    assert [row["id"] for row in mine] == [copy.json()["id"]]
    assert api.delete(f"/api/v1/positions/{copy.json()['id']}/").status_code == 204


def test_rule_violations_answer_400_with_the_field(world):
    api = _api(world.recruiter_x)
    response = api.post(
        "/api/v1/positions/", _payload(world, salary_min=9000, salary_max=100), format="json"
    )
    assert response.status_code == 400
    assert "salary_max" in response.json()
    position = world.position()
    response = api.post(f"/api/v1/positions/{position.pk}/publish/")
    assert response.status_code == 400


def test_an_unverified_enterprise_cannot_publish_through_the_api(unverified):
    enterprise, recruiter = unverified
    api = _api(recruiter)
    from tests.factories import PositionFactory

    draft = PositionFactory(enterprise=enterprise, status="draft")
    response = api.post(f"/api/v1/positions/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "尚未认证" in str(response.json())


# actor -> status for: read a draft, publish a draft, create for X, suspend, the report queue
MATRIX = {
    "retrieve_draft": [404, 404, 200, 404, 404, 404, 404],
    "publish_draft": [401, 404, 200, 404, 404, 404, 404],
    "create": [401, 403, 201, 403, 403, 403, 403],
    "suspend": [401, 404, 404, 404, 200, 404, 200],
    "reports": [401, 403, 403, 403, 200, 200, 200],
    "report": [401, 201, 403, 201, 201, 201, 201],
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("actor", ACTORS)
def test_api_permission_matrix(world, actor, endpoint):
    draft = world.position(status="draft")
    published = world.position()
    api = _api(world.actor(actor))
    response = {
        "retrieve_draft": lambda: api.get(f"/api/v1/positions/{draft.pk}/"),
        "publish_draft": lambda: api.post(f"/api/v1/positions/{draft.pk}/publish/"),
        "create": lambda: api.post("/api/v1/positions/", _payload(world), format="json"),
        "suspend": lambda: api.post(
            f"/api/v1/positions/{published.pk}/suspend/", {"reason": "虚假"}, format="json"
        ),
        "reports": lambda: api.get("/api/v1/position-reports/"),
        "report": lambda: api.post(
            f"/api/v1/positions/{published.pk}/report/",
            {"reason": "fraud", "details": "收费"},
            format="json",
        ),
    }[endpoint]()
    assert response.status_code == MATRIX[endpoint][ACTORS.index(actor)]


def test_moderation_through_the_api_is_scoped_to_the_associations(world):
    position = world.position()
    _api(world.graduate).post(
        f"/api/v1/positions/{position.pk}/report/",
        {"reason": "discrimination", "details": "限男性"},
        format="json",
    )
    report = PositionReport.objects.get()
    assert _api(world.staff_b).get("/api/v1/position-reports/").json()["results"] == []
    assert (
        _api(world.staff_b).post(f"/api/v1/position-reports/{report.pk}/dismiss/").status_code
        == 404
    )
    rows = _api(world.staff_a).get("/api/v1/position-reports/").json()["results"]
    assert [row["id"] for row in rows] == [report.pk]
    response = _api(world.staff_a).post(
        f"/api/v1/position-reports/{report.pk}/dismiss/", {"note": "核实无误"}, format="json"
    )
    assert response.json()["status"] == "dismissed"


def test_the_suspension_reason_is_shown_to_the_recruiter_only(world):
    position = world.position(suspended_at=timezone.now(), suspension_reason="信息不实")
    url = f"/api/v1/positions/{position.pk}/"
    assert _api(world.recruiter_x).get(url).json()["suspension_reason"] == "信息不实"
    assert _api(world.graduate).get(url).json()["suspension_reason"] == ""


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in importing.COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_bulk_import_through_the_api(world):
    good = [
        "护士",
        "healthcare",
        "护理住院病人",
        "",
        "太原",
        "",
        "",
        "",
        "大专",
        "护理学",
        3,
        "全职",
        "",
    ]
    bad = [*good[:10], 0, *good[11:]]
    api = _api(world.recruiter_x)
    refused = api.post(
        "/api/v1/positions/import/",
        {
            "enterprise": world.enterprise_x.pk,
            "file": SimpleUploadedFile("p.csv", _csv([good, bad])),
        },
        format="multipart",
    )
    assert refused.status_code == 400
    assert [e["row"] for e in refused.json()["errors"]] == [3], refused.json()
    assert not Position.objects.exists()
    done = api.post(
        "/api/v1/positions/import/",
        {
            "enterprise": world.enterprise_x.pk,
            "file": SimpleUploadedFile("p.csv", _csv([good, good])),
            "publish": "true",
        },
        format="multipart",
    )
    assert done.status_code == 201
    assert done.json()["imported"] == 2
    assert Position.objects.filter(status="published").count() == 2
    other = _api(world.recruiter_y).post(
        "/api/v1/positions/import/",
        {"enterprise": world.enterprise_x.pk, "file": SimpleUploadedFile("p.csv", _csv([good]))},
        format="multipart",
    )
    assert other.status_code == 403
