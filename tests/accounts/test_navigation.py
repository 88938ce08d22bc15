"""Role-aware navigation and the language switch."""

import pytest
from django.urls import reverse

from tests.factories import (
    AssociationStaffFactory,
    GraduateFactory,
    OfficerFactory,
    RecruiterFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def nav_roles(client) -> set[str]:
    import re

    page = client.get(reverse("home")).content.decode()
    return set(re.findall(r'data-role="([a-z_]+)"', page))


def test_anonymous_visitor_sees_login_and_signup(client):
    page = client.get(reverse("home")).content.decode()
    assert reverse("account_login") in page
    assert reverse("account_signup") in page
    assert nav_roles(client) == set()


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [
        (GraduateFactory, {"graduate"}),
        (lambda: RecruiterFactory().user, {"recruiter"}),
        (lambda: UserFactory(signup_role="recruiter"), {"recruiter_pending"}),
        (lambda: AssociationStaffFactory().user, {"association_staff"}),
        (lambda: OfficerFactory().user, {"officer"}),
        (UserFactory, set()),
    ],
)
def test_navigation_follows_roles(client, make_user, expected):
    client.force_login(make_user())
    assert nav_roles(client) == expected


def test_language_switch_to_english_and_back(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans"' in page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in page
    assert "Log in" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "登录" in page


def test_english_signup_page_is_complete(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("account_signup")).content.decode()
    assert "Sign Up" in page
    assert "Graduate looking for a job" in page


@pytest.mark.parametrize(
    ("make_user", "hubs", "links"),
    [
        (GraduateFactory, {"graduate"}, ["/me/profile/", "/fairs/me/tickets/"]),
        (lambda: RecruiterFactory().user, {"recruiter"}, ["/jobs/manage/", "/fairs/enterprise/"]),
        (lambda: UserFactory(signup_role="recruiter"), {"recruiter_pending"}, []),
        (lambda: AssociationStaffFactory().user, {"association_staff"}, ["/fairs/manage/"]),
        (lambda: OfficerFactory().user, {"officer"}, ["/outcomes/"]),
    ],
)
def test_workspace_hub_lists_the_tools_of_each_role(client, make_user, hubs, links):
    import re

    client.force_login(make_user())
    page = client.get(reverse("accounts:onboarding")).content.decode()
    assert set(re.findall(r'data-hub="([a-z_]+)"', page)) == hubs
    for link in links:
        assert f'href="{link}' in page
