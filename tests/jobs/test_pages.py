"""Pages: the public position page, the recruiter's pages and the permission matrix."""

import datetime

import pytest
from django.utils import timezone

from associations.models import Region
from jobs.models import Position
from tests.factories import PositionFactory, RecruiterFactory, VerifiedEnterpriseFactory
from tests.jobs.conftest import ACTORS

pytestmark = pytest.mark.django_db


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


# actor -> expected status, for each page of a draft and a published position of X.
MATRIX = {
    "draft_detail": dict(zip(ACTORS, [404, 404, 200, 404, 404, 404, 404], strict=True)),
    "published_detail": dict(zip(ACTORS, [200] * 7, strict=True)),
    "edit": dict(zip(ACTORS, [302, 404, 200, 404, 404, 404, 404], strict=True)),
    "preview": dict(zip(ACTORS, [302, 404, 200, 404, 404, 404, 404], strict=True)),
    "manage": dict(zip(ACTORS, [302, 403, 200, 200, 403, 403, 403], strict=True)),
    "moderation": dict(zip(ACTORS, [302, 403, 403, 403, 200, 200, 200], strict=True)),
    "report": dict(zip(ACTORS, [302, 200, 200, 200, 200, 200, 200], strict=True)),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", list(MATRIX))
def test_page_permission_matrix(client, world, actor, page):
    draft = world.position(status="draft")
    published = world.position()
    url = {
        "draft_detail": f"/jobs/{draft.pk}/",
        "published_detail": f"/jobs/{published.pk}/",
        "edit": f"/jobs/{draft.pk}/edit/",
        "preview": f"/jobs/{draft.pk}/preview/",
        "manage": "/jobs/manage/",
        "moderation": "/jobs/moderation/",
        "report": f"/jobs/{published.pk}/report/",
    }[page]
    response = _client(client, world.actor(actor)).get(url)
    assert response.status_code == MATRIX[page][actor]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", "draft"),
        ("graduate", "draft"),
        ("recruiter_y", "draft"),
        ("staff_a", "draft"),
        ("officer", "draft"),
        ("recruiter_x", "published"),
    ],
)
def test_only_recruiters_of_the_enterprise_publish(client, world, actor, expected):
    draft = world.position(status="draft")
    _client(client, world.actor(actor)).post(f"/jobs/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == expected


def test_a_recruiter_creates_a_draft_with_the_form_and_publishes_it(client, world):
    client.force_login(world.recruiter_x)
    city = Region.objects.get(code="140100")
    response = client.post(
        f"/jobs/manage/new/?enterprise={world.enterprise_x.pk}",
        {
            "title": "数据分析师",
            "category": "data",
            "description": "负责**经营数据**分析。",
            "city": city.pk,
            "salary_min": "7000",
            "salary_max": "12000",
            "education": "bachelor",
            "majors": "统计学、数学",
            "headcount": "2",
            "job_type": "full_time",
            "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        },
    )
    position = Position.objects.get(title="数据分析师")
    assert response.status_code == 302
    assert (position.status, position.majors, position.created_by) == (
        "draft",
        ["统计学", "数学"],
        world.recruiter_x,
    )
    client.post(f"/jobs/{position.pk}/publish/")
    page = client.get(f"/jobs/{position.pk}/").content.decode()
    assert "<strong>经营数据</strong>" in page
    assert "7000–12000" in page


def upside_down_salaries(**fields) -> dict:
    """A position form whose salary range is the wrong way round, the rest as given or valid."""
    return {
        "title": "会计",
        "category": "finance",
        "description": "记账",
        "city": Region.objects.get(code="140100").pk,
        "salary_min": "9000",
        "salary_max": "5000",
        "education": "any",
        "headcount": "1",
        "job_type": "full_time",
        **fields,
    }


def test_the_form_shows_the_services_errors_on_their_fields(client, world):
    client.force_login(world.recruiter_x)
    response = client.post("/jobs/manage/new/", upside_down_salaries())
    assert response.status_code == 200
    assert "salary_max-errors" in response.content.decode()
    assert not Position.objects.exists()


def test_one_submission_shows_every_problem_with_the_form(client, world):
    """A missing title and a salary range upside down are both shown on the first try."""
    client.force_login(world.recruiter_x)
    response = client.post("/jobs/manage/new/", upside_down_salaries(title=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "salary_max"} <= set(errors)
    assert not Position.objects.exists()


def test_the_list_filters_by_status_with_counts_and_paginates(client, world):
    for _ in range(22):
        world.position()
    world.position(status="draft")
    world.position(suspended_at=timezone.now(), suspension_reason="虚假信息")
    world.position(enterprise=world.enterprise_y)
    client.force_login(world.recruiter_x)
    response = client.get(f"/jobs/manage/?enterprise={world.enterprise_x.pk}")
    counts = response.context["counts"]
    assert (counts["all"], counts["published"], counts["draft"], counts["suspended"]) == (
        24,
        23,
        1,
        1,
    )
    assert len(response.context["page_obj"]) == 20
    assert 'rel="next"' in response.content.decode()
    drafts = client.get("/jobs/manage/?status=draft").context["page_obj"]
    assert [p.status for p in drafts] == ["draft"]
    suspended = client.get("/jobs/manage/?status=suspended").content.decode()
    assert "虚假信息" in suspended
    assert "empty-state" in client.get("/jobs/manage/?status=filled").content.decode()


def test_a_recruiter_of_two_enterprises_switches_between_them(client, world):
    other = VerifiedEnterpriseFactory(name="山西第二家公司")
    RecruiterFactory(enterprise=other, user=world.recruiter_x)
    PositionFactory(enterprise=other, title="仓储管理员")
    client.force_login(world.recruiter_x)
    first = client.get("/jobs/manage/").content.decode()
    assert "山西第二家公司" in first
    second = client.get(f"/jobs/manage/?enterprise={other.pk}").content.decode()
    assert "仓储管理员" in second
    assert client.get(f"/jobs/manage/?enterprise={world.enterprise_y.pk}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"status": "closed"}, "state"),
        ({"status": "expired"}, "state"),
        ({"status": "filled"}, "state"),
        ({"suspended_at": timezone.now(), "suspension_reason": "涉嫌虚假招聘"}, "state"),
    ],
)
def test_a_position_that_is_not_open_shows_its_state_and_no_apply_button(
    client, world, changes, shown
):
    position = world.position(**changes)
    client.force_login(world.graduate)
    page = client.get(f"/jobs/{position.pk}/").content.decode()
    assert f'id="{shown}"' in page
    assert 'id="apply"' not in page
    assert "涉嫌虚假招聘" not in page  # the reason is for the recruiter and moderators


def test_an_open_position_shows_the_apply_button_and_report_link_to_graduates(client, world):
    position = world.position()
    client.force_login(world.graduate)
    page = client.get(f"/jobs/{position.pk}/").content.decode()
    assert f"/candidates/apply/{position.pk}/" in page or "candidates" not in page
    assert 'id="apply"' in page
    assert 'id="report"' in page
    anonymous = client.__class__().get(f"/jobs/{position.pk}/").content.decode()
    assert 'id="report"' not in anonymous


def test_the_recruiter_sees_the_suspension_reason(client, world):
    position = world.position(suspended_at=timezone.now(), suspension_reason="薪资信息不实")
    client.force_login(world.recruiter_x)
    assert "薪资信息不实" in client.get(f"/jobs/{position.pk}/").content.decode()


def test_the_position_page_lists_the_fairs_it_is_listed_at(client, world):
    from tests.factories import ParticipationFactory

    position = world.position()
    participation = ParticipationFactory(enterprise=world.enterprise_x, status="approved")
    participation.positions.add(position)
    page = client.get(f"/jobs/{position.pk}/").content.decode()
    assert participation.fair.title in page


def test_duplicate_and_close_from_the_pages(client, world):
    position = world.position()
    client.force_login(world.recruiter_x)
    response = client.post(f"/jobs/{position.pk}/duplicate/")
    copy = Position.objects.exclude(pk=position.pk).get()
    assert response.url == f"/jobs/{copy.pk}/edit/"
    client.post(f"/jobs/{position.pk}/close/")
    position.refresh_from_db()
    assert position.status == "closed"
    response = client.post(f"/jobs/{position.pk}/close/", follow=True)
    assert "message-error" in response.content.decode()
