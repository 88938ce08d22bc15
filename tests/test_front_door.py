"""Finding one's way: the home page is a front door, each role lands on its workspace, the header
links there, and every task of a role is one click from it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import roles_for
from fairs.models import Fair
from outcomes import tally
from outcomes.selectors import HOME_FIGURES
from search.views import POPULAR
from tests.candidates.helpers import make_position
from tests.factories import (
    PASSWORD,
    AssociationFactory,
    AssociationStaffFactory,
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    RecruiterFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def soon(days: float, hour: int = 9):
    local = timezone.localtime() + timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def test_the_home_page_is_a_front_door(client):
    campus = FairFactory(title="中北大学春季双选会", starts_at=soon(3), ends_at=soon(3, 15))
    cloud = FairFactory(
        title="晋聘云聘·数字经济专场",
        kind="cloud",
        venue="",
        host_university="",
        starts_at=soon(2),
        ends_at=soon(4, 18),
    )
    later = FairFactory(title="下个月的双选会", starts_at=soon(30), ends_at=soon(30, 15))
    position = make_position(title="数据分析师")
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search:positions")}"' in page
    assert all(word in page for word in POPULAR)
    assert campus.title in page
    assert cloud.title in page
    assert later.title not in page  # this week's fairs only
    assert position.title in page
    assert reverse("jobs:detail", args=[position.pk]) in page


def test_the_home_page_figures_are_the_tallys(client):
    make_position(title="会计")
    shown = dict(
        re.findall(
            r'data-figure="(\w+)"><strong>([^<]+)</strong>', client.get("/").content.decode()
        )
    )
    figures = tally.summary(tally.Scope())
    assert list(shown) == list(HOME_FIGURES)
    for key, value in shown.items():
        expected = figures[key]
        assert value == ("&lt;5" if 0 < expected < 5 else str(expected))


def test_a_quiet_week_shows_the_next_fairs(client):
    later = FairFactory(title="下个月的双选会", starts_at=soon(30), ends_at=soon(30, 15))
    FairFactory(
        title="已取消的双选会", starts_at=soon(31), ends_at=soon(31, 15), status="cancelled"
    )
    page = client.get("/").content.decode()
    assert later.title in page
    assert "已取消的双选会" not in page


def staff_of_one():
    return AssociationStaffFactory().user


WORKSPACES = [
    (GraduateFactory, "/me/"),
    (lambda: RecruiterFactory().user, "/associations/enterprises/workspace/"),
    (staff_of_one, "/associations/workspace/"),
    (lambda: OfficerFactory().user, "/outcomes/"),
    (lambda: UserFactory(signup_role="recruiter"), "/accounts/welcome/"),
    (UserFactory, "/accounts/welcome/"),
]


@pytest.mark.parametrize(("make_user", "workspace"), WORKSPACES)
def test_each_role_lands_on_its_own_workspace_after_signing_in(client, make_user, workspace):
    user = make_user()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == workspace
    header = client.get(reverse("fairs:list")).content.decode()
    assert re.search(rf'<a href="{workspace}" class="workspace-link"', header)


def test_someone_with_two_roles_lands_on_the_hub_that_lists_both(client):
    user = GraduateFactory()
    AssociationStaffFactory(user=user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/welcome/"
    hub = client.get("/accounts/welcome/").content.decode()
    assert 'data-tasks="graduate"' in hub
    assert 'data-tasks="association_staff"' in hub


def test_a_next_link_still_wins_over_the_workspace(client):
    user = GraduateFactory()
    response = client.post(
        reverse("account_login") + "?next=/fairs/",
        {"login": user.email, "password": PASSWORD, "next": "/fairs/"},
    )
    assert response["Location"] == "/fairs/"


def task_links(page: str, role: str) -> list[str]:
    block = re.search(rf'<ul class="tasks" data-tasks="{role}">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r'href="([^"]+)"', block)


@pytest.mark.parametrize(
    ("make_user", "role"),
    [
        (GraduateFactory, "graduate"),
        (lambda: RecruiterFactory().user, "recruiter"),
        (staff_of_one, "association_staff"),
        (lambda: OfficerFactory().user, "officer"),
    ],
)
def test_every_task_of_a_role_is_one_click_from_its_workspace(client, make_user, role):
    user = make_user()
    client.force_login(user)
    workspace = client.get(roles_for(user).workspace_url)
    assert workspace.status_code == 200
    links = task_links(workspace.content.decode(), role)
    assert len(links) >= 6
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_association_staff_reach_fairs_check_in_and_moderation_from_their_workspace(client):
    staff = AssociationStaffFactory()
    now = timezone.now()
    running = FairFactory(
        organiser=staff.association,
        status="ongoing",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
    )
    client.force_login(staff.user)
    workspace = client.get("/associations/workspace/").content.decode()
    for link in ("/fairs/manage/", "/jobs/moderation/", "/fairs/manage/new/?association="):
        assert link in workspace
    panel_url = f"/fairs/manage/panel/?association={staff.association.pk}"
    assert f'hx-get="{panel_url}"' in workspace.replace("&amp;", "&")
    panel = client.get(panel_url).content.decode()
    assert f"/fairs/{running.pk}/checkin/" in panel
    assert f"/fairs/{running.pk}/manage/" in panel
    other = AssociationFactory()
    assert client.get(f"/fairs/manage/panel/?association={other.pk}").status_code == 404


def test_a_new_fair_needs_no_association_in_the_address(client):
    staff = AssociationStaffFactory()
    client.force_login(staff.user)
    response = client.get("/fairs/manage/new/")
    assert response.status_code == 302
    assert response["Location"] == f"/fairs/manage/new/?association={staff.association.pk}"
    second = AssociationStaffFactory(user=staff.user)
    chooser = client.get("/fairs/manage/new/").content.decode()
    assert f'<option value="{staff.association.pk}">' in chooser
    assert f'<option value="{second.association.pk}">' in chooser
    assert client.get(f"/fairs/manage/new/?association={second.association.pk}").status_code == 200
    assert not Fair.objects.exists()


def test_someone_without_an_association_cannot_create_a_fair(client):
    client.force_login(GraduateFactory())
    assert client.get("/fairs/manage/new/").status_code == 403


def test_an_officer_chooses_among_every_association(client):
    associations = AssociationFactory.create_batch(3)
    client.force_login(OfficerFactory().user)
    chooser = Client()
    chooser.force_login(OfficerFactory().user)
    page = chooser.get("/fairs/manage/new/").content.decode()
    assert all(f'<option value="{a.pk}">' in page for a in associations)


def test_a_new_recruiters_empty_lists_say_what_to_do_next(client):
    recruiter = RecruiterFactory()
    client.force_login(recruiter.user)
    enterprise = recruiter.enterprise.pk
    positions = client.get(f"/jobs/manage/?enterprise={enterprise}").content.decode()
    assert f'href="/jobs/manage/new/?enterprise={enterprise}">发布第一个职位' in positions
    pipeline = client.get("/me/pipeline/").content.decode()
    empty = pipeline.split('class="empty-state"', 1)[1].split("</td>", 1)[0]
    assert 'href="/jobs/manage/"' in empty
    assert 'href="/fairs/enterprise/"' in empty
