"""Who may change a position, moderate it or read its reports, through the API and the pages:
every actor of the jobs cast (tests/jobs/conftest.py) against every endpoint, with the effect
checked when the actor may act and the database checked unchanged when refused.

Enterprise X is an approved member of association A, Y of B. staff_b, recruiter_y and the
graduate have nothing to do with X; staff_a moderates X's positions but does not manage them.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from associations.models import Region
from jobs import importing
from jobs.models import Position, PositionEvent, PositionReport
from tests.jobs.conftest import ACTORS

pytestmark = pytest.mark.django_db

LOGIN = "login"  # the expected answer of a page to an anonymous visitor: the login redirect
#              anonymous  graduate  recruiter_x  recruiter_y  staff_a  staff_b  officer
MANAGERS = [403, 404, "ok", 404, 404, 404, 404]  # API: X's recruiters only
MODERATORS = [403, 404, 404, 404, "ok", 404, "ok"]  # API: staff of A, officers
PAGE_MANAGERS = [LOGIN, 404, "ok", 404, 404, 404, 404]
PAGE_MODERATORS = [LOGIN, 404, 404, 404, "ok", 404, "ok"]
# Pages that act for "my enterprise" (?enterprise=X): other roles are refused outright.
PAGE_RECRUITERS = [LOGIN, 403, "ok", 404, 403, 403, 403]

STATES = {
    "published": {},
    "draft": {"status": "draft", "published_at": None},
    "closed": {"status": "closed", "closed_at": timezone.now},
    "suspended": {"suspended_at": timezone.now, "suspension_reason": "信息不实"},
    "asked": {"hiring_check_at": timezone.now},  # 还在招吗？ waiting for an answer
    "unlisted": {"status": "unlisted", "hiring_check_at": timezone.now},
}


@dataclass(frozen=True)
class Case:
    method: str
    url: str  # {pk}: the position; {report}: a report about it; {x}: enterprise X
    state: str  # the position's state before the request
    who: list  # per actor in ACTORS order: the refusal status, or "ok"
    ok: int  # the status of success
    done: object  # (world, position, response) -> whether the effect happened

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")


def _status(expected):
    return lambda world, position, response: _fresh(position).status == expected


def _fresh(position):
    return Position.objects.filter(pk=position.pk).first()


def _copied(world, position, response):
    copies = Position.objects.filter(enterprise=world.enterprise_x).exclude(pk=position.pk)
    return [(p.title, p.status) for p in copies] == [(position.title, "draft")]


def _imported(world, position, response):
    return Position.objects.filter(enterprise=world.enterprise_x, title="护士").count() == 1


def _created(world, position, response):
    return Position.objects.filter(enterprise=world.enterprise_x, title="土木工程师").exists()


CASES = {
    "api patch": Case(
        "patch",
        "/api/v1/positions/{pk}/",
        "published",
        MANAGERS,
        200,
        lambda world, position, response: (
            (_fresh(position).headcount, _fresh(position).enterprise) == (7, world.enterprise_x)
        ),
    ),
    "api delete": Case(
        "delete",
        "/api/v1/positions/{pk}/",
        "draft",
        MANAGERS,
        204,
        lambda world, position, response: _fresh(position) is None,
    ),
    "api close": Case(
        "post", "/api/v1/positions/{pk}/close/", "published", MANAGERS, 200, _status("closed")
    ),
    "api reopen": Case(
        "post", "/api/v1/positions/{pk}/reopen/", "closed", MANAGERS, 200, _status("published")
    ),
    "api duplicate": Case(
        "post", "/api/v1/positions/{pk}/duplicate/", "published", MANAGERS, 201, _copied
    ),
    "api reinstate": Case(
        "post",
        "/api/v1/positions/{pk}/reinstate/",
        "suspended",
        MODERATORS,
        200,
        lambda world, position, response: _fresh(position).suspended_at is None,
    ),
    "api position report": Case(
        "get",
        "/api/v1/position-reports/{report}/",
        "published",
        MODERATORS,
        200,
        lambda world, position, response: response.json()["position"] == position.pk,
    ),
    "page delete": Case(
        "post",
        "/jobs/{pk}/delete/",
        "draft",
        PAGE_MANAGERS,
        302,
        lambda world, position, response: _fresh(position) is None,
    ),
    "page reinstate": Case(
        "post",
        "/jobs/{pk}/reinstate/",
        "suspended",
        PAGE_MODERATORS,
        302,
        lambda world, position, response: _fresh(position).suspended_at is None,
    ),
    "page reopen": Case(
        "post", "/jobs/{pk}/reopen/", "closed", PAGE_MANAGERS, 302, _status("published")
    ),
    "page close": Case(
        "post", "/jobs/{pk}/close/", "published", PAGE_MANAGERS, 302, _status("closed")
    ),
    "page duplicate": Case(
        "post", "/jobs/{pk}/duplicate/", "published", PAGE_MANAGERS, 302, _copied
    ),
    "api confirm hiring": Case(
        "post",
        "/api/v1/positions/{pk}/confirm-hiring/",
        "asked",
        MANAGERS,
        200,
        lambda world, position, response: _fresh(position).hiring_check_at is None,
    ),
    "page still hiring": Case(
        "get",
        "/jobs/{pk}/still-hiring/",
        "asked",
        PAGE_MANAGERS,
        200,
        lambda world, position, response: b'id="confirm-hiring"' in response.content,
    ),
    "page confirm hiring": Case(
        "post",
        "/jobs/{pk}/still-hiring/confirm/",
        "unlisted",
        PAGE_MANAGERS,
        302,
        _status("published"),
    ),
    "page close not hiring": Case(
        "post", "/jobs/{pk}/still-hiring/close/", "asked", PAGE_MANAGERS, 302, _status("closed")
    ),
    "page create form": Case(
        "get",
        "/jobs/manage/new/?enterprise={x}",
        "published",
        PAGE_RECRUITERS,
        200,
        lambda world, position, response: response.context["enterprise"] == world.enterprise_x,
    ),
    "page create": Case("post", "/jobs/manage/new/", "published", PAGE_RECRUITERS, 302, _created),
    "page import": Case(
        "post", "/jobs/manage/import/", "published", PAGE_RECRUITERS, 302, _imported
    ),
    "page import template": Case(
        "get",
        "/jobs/manage/import/template.xlsx?enterprise={x}",
        "published",
        PAGE_RECRUITERS,
        200,
        lambda world, position, response: response.content[:2] == b"PK",
    ),
}


def _csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in importing.COLUMNS])
    row = {"title": "护士", "category": "healthcare", "description": "护理住院病人"}
    row.update(city="太原", education="大专", majors="护理学", headcount=3, job_type="全职")
    writer.writerow([row.get(column.field, "") for column in importing.COLUMNS])
    return buffer.getvalue().encode()


def _payload(name: str, world) -> dict:
    if name == "api patch":  # the enterprise is not for the recruiter to change
        return {"headcount": 7, "enterprise": world.enterprise_y.pk}
    if name == "page create":
        return {
            "enterprise": world.enterprise_x.pk,
            "title": "土木工程师",
            "category": "construction",
            "description": "负责施工现场技术管理。",
            "city": Region.objects.get(code="140100").pk,
            "education": "bachelor",
            "majors": "土木工程",
            "headcount": 2,
            "job_type": "full_time",
            "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        }
    if name == "page import":
        return {
            "enterprise": world.enterprise_x.pk,
            "file": SimpleUploadedFile("positions.csv", _csv()),
            "publish": "0",
        }
    return {}


def _reported(world, position) -> PositionReport:
    return PositionReport.objects.create(
        position=position, reporter=world.graduate, reason="fraud", details="收取报名费"
    )


def _stored() -> tuple:
    """Every position and report as stored, and how many events were recorded."""
    return (
        list(Position.objects.order_by("pk").values()),
        list(PositionReport.objects.order_by("pk").values()),
        PositionEvent.objects.count(),
    )


def _send(case: Case, name: str, world, user, client, url: str):
    if case.api:
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return getattr(api, case.method)(url, _payload(name, world), format="json")
    if user is not None:
        client.force_login(user)
    return getattr(client, case.method)(url, _payload(name, world))


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(CASES))
def test_access_per_actor(client, world, name, actor):
    case = CASES[name]
    fields = {
        key: value() if callable(value) else value for key, value in STATES[case.state].items()
    }
    position = world.position(**fields)
    report = _reported(world, position)
    url = case.url.format(pk=position.pk, report=report.pk, x=world.enterprise_x.pk)
    before = _stored()
    response = _send(case, name, world, world.actor(actor), client, url)
    expected = case.who[ACTORS.index(actor)]
    if expected == "ok":
        assert response.status_code == case.ok, getattr(response, "content", b"")[:500]
        assert case.done(world, position, response)
        return
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif case.api and actor == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected
    assert _stored() == before


@pytest.mark.parametrize("actor", ACTORS)
def test_regions_are_read_by_anyone_and_changed_by_no_one(world, actor):
    taiyuan = Region.objects.get(code="140100")
    before = list(Region.objects.order_by("pk").values())
    api = APIClient()
    if world.actor(actor) is not None:
        api.force_authenticate(world.actor(actor))
    url = f"/api/v1/regions/{taiyuan.pk}/"
    read = api.get(url)
    assert read.status_code == 200
    assert (read.json()["name"], read.json()["level"]) == ("太原市", "city")
    change = {"name": "改名市", "code": "999999"}
    answers = [api.patch(url, change), api.put(url, change), api.delete(url)]
    assert [answer.status_code for answer in answers] == [405, 405, 405]
    assert list(Region.objects.order_by("pk").values()) == before


def test_another_enterprise_cannot_be_chosen_on_the_recruiters_pages(client, world):
    """recruiter_y asking for X's pages is refused, and creating on its own page makes Y's."""
    client.force_login(world.recruiter_y)
    for url in ("/jobs/manage/new/", "/jobs/manage/import/"):
        assert client.get(f"{url}?enterprise={world.enterprise_x.pk}").status_code == 404
    data = _payload("page create", world)
    data.pop("enterprise")
    assert client.post("/jobs/manage/new/", data).status_code == 302
    made = Position.objects.get(title="土木工程师")
    assert (made.enterprise, made.status) == (world.enterprise_y, "draft")


@pytest.mark.parametrize("status", ["invited", "requested", "rejected", "ended"])
def test_staff_stop_moderating_once_the_enterprise_is_no_longer_an_approved_member(
    client, world, status
):
    world.enterprise_x.memberships.update(status=status)
    position = world.position(suspended_at=timezone.now(), suspension_reason="信息不实")
    report = _reported(world, position)
    before = _stored()
    api = APIClient()
    api.force_authenticate(world.staff_a)
    assert api.post(f"/api/v1/positions/{position.pk}/reinstate/").status_code == 404
    assert api.get(f"/api/v1/position-reports/{report.pk}/").status_code == 404
    client.force_login(world.staff_a)
    assert client.post(f"/jobs/{position.pk}/reinstate/").status_code == 404
    assert _stored() == before
