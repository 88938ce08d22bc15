"""Malformed input is answered, never a 500: a bad id in a request body is a 400 and changes
nothing; a bad id filter in a list (API or page) is ignored, as if it were absent.

"²" passes str.isdigit() but not int(); a 23-digit id passes int() but overflows the database.
"""

import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services
from candidates.models import Application, Notification
from core.params import MAX_ID, int_param
from fairs.models import Fair
from jobs.limits import MAX_MONTHLY_SALARY as MAX_SALARY
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    FairFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

SUPERSCRIPT = "²"
HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("1", {}, 1),
        ("42", {}, 42),
        ("007", {}, 7),
        (str(MAX_ID), {}, MAX_ID),
        ("0", {}, None),
        ("0", {"minimum": 0}, 0),
        ("50", {"maximum": 50}, 50),
        ("51", {"maximum": 50}, None),
        (str(MAX_ID + 1), {}, None),
        (HUGE, {}, None),
        ("9" * 5000, {}, None),  # past int()'s digit limit: refused before converting
        ("0" * 5000 + "3", {}, 3),
        (SUPERSCRIPT, {}, None),
        ("٣", {}, None),  # an Arabic-Indic three: a digit, but not one anybody typed here
        ("-1", {}, None),
        ("+1", {}, None),
        (" 1", {}, None),
        ("1.0", {}, None),
        ("1e3", {}, None),
        ("abc", {}, None),
        ("", {}, None),
        (None, {}, None),
        (5, {}, 5),  # a report's parameters are kept as JSON numbers
        (0, {}, None),
        (MAX_ID + 1, {}, None),
        (True, {}, None),
        (5.0, {}, None),
    ],
)
def test_int_param_reads_only_ascii_digits_within_bounds(value, kwargs, expected):
    assert int_param(value, **kwargs) == expected


@pytest.fixture
def world():
    """A graduate who applied to a position; its recruiter; a fair the enterprise takes part in,
    organised by an association with staff."""
    position = make_position()
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    association = AssociationFactory()
    fair = FairFactory(organiser=association, city=position.city)
    ParticipationFactory(fair=fair, enterprise=position.enterprise)
    return SimpleNamespace(
        position=position,
        application=application,
        fair=fair,
        users={
            "anonymous": None,
            "graduate": graduate.user,
            "recruiter": recruiter_of(position.enterprise),
            "staff": AssociationStaffFactory(association=association).user,
        },
    )


def _client(world, role: str) -> APIClient:
    client = APIClient()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _state() -> list:
    """What a refused request must leave as it was."""
    return [
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        list(Fair.objects.order_by("pk").values_list("pk", "status")),
    ]


# --- request bodies: 400 naming the field, nothing changed -------------------------------------

HIRE = {"hire_date": timezone.localdate().isoformat(), "contract_type": "labour_contract"}


@pytest.mark.parametrize(
    ("role", "path", "body", "field"),
    [
        ("graduate", "/api/v1/applications/", {"position": 10**20}, "position"),
        ("graduate", "/api/v1/applications/", {"position": 2**63}, "position"),
        ("graduate", "/api/v1/applications/", {"position": "{position}", "fair": 2**63}, "fair"),
        ("recruiter", "/api/v1/pipeline/bulk-reject/", {"applications": [10**20]}, "applications"),
        ("recruiter", "/api/v1/pipeline/bulk-reject/", {"applications": [2**63]}, "applications"),
        ("recruiter", "/api/v1/notifications/read/", {"ids": [10**20]}, "ids"),
        ("graduate", "/api/v1/notifications/read/", {"ids": [-(2**63) - 1]}, "ids"),
        (
            "recruiter",
            "/api/v1/pipeline/{application}/hire/",
            {**HIRE, "monthly_salary": 10**20},
            "monthly_salary",
        ),
        (
            "recruiter",
            "/api/v1/pipeline/{application}/hire/",
            {**HIRE, "monthly_salary": MAX_SALARY + 1},
            "monthly_salary",
        ),
        ("staff", "/api/v1/fairs/{fair}/cancel/", {"reason": [1]}, "reason"),
        ("staff", "/api/v1/fairs/{fair}/cancel/", {"reason": {"why": "rain"}}, "reason"),
        ("staff", "/api/v1/fairs/{fair}/cancel/", {"reason": None}, "reason"),
        ("staff", "/api/v1/fairs/{fair}/cancel/", {}, "reason"),
    ],
)
def test_a_malformed_body_is_a_400_naming_the_field_and_changes_nothing(
    world, role, path, body, field
):
    ids = {
        "position": world.position.pk,
        "application": world.application.pk,
        "fair": world.fair.pk,
    }
    body = {
        key: value.format(**ids) if isinstance(value, str) else value for key, value in body.items()
    }
    before = _state()
    response = _client(world, role).post(path.format(**ids), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _state() == before


# --- list filters in the API: a value that is no id is ignored ---------------------------------


@pytest.mark.parametrize(
    ("role", "path", "base", "bad"),
    [
        ("anonymous", "/api/v1/fairs/", "", "city=abc"),
        ("anonymous", "/api/v1/fairs/", "", f"city={SUPERSCRIPT}"),
        ("anonymous", "/api/v1/fairs/", "", f"city={HUGE}"),
        ("staff", "/api/v1/fair-participations/", "", "fair=abc"),
        ("recruiter", "/api/v1/fair-participations/", "", f"fair={HUGE}"),
        ("graduate", "/api/v1/fair-slots/", "", "fair=abc"),
        ("graduate", "/api/v1/fair-slots/", "", f"enterprise={HUGE}"),
        ("recruiter", "/api/v1/pipeline/", "", f"position={SUPERSCRIPT}"),
        ("recruiter", "/api/v1/pipeline/", "", f"enterprise={HUGE}"),
        ("recruiter", "/api/v1/pipeline/export/", "", f"position={SUPERSCRIPT}"),
        ("recruiter", "/api/v1/pipeline/export/", "", f"enterprise={HUGE}"),
        ("anonymous", "/api/v1/regions/", "", f"parent={HUGE}"),
        ("anonymous", "/api/v1/regions/", "", f"parent={SUPERSCRIPT}"),
        ("anonymous", "/api/v1/positions/", "", f"enterprise={HUGE}"),
        ("anonymous", "/api/v1/positions/", "", f"enterprise={SUPERSCRIPT}"),
        ("recruiter", "/api/v1/positions/", "scope=mine", f"enterprise={HUGE}"),
    ],
)
def test_a_malformed_id_filter_in_an_api_list_is_ignored(world, role, path, base, bad):
    client = _client(world, role)
    unfiltered = client.get(f"{path}?{base}")
    response = client.get(f"{path}?{base}&{bad}")
    assert response.status_code == 200
    assert response.content == unfiltered.content


@pytest.mark.parametrize(
    "bad",
    [
        f"page={SUPERSCRIPT}",
        f"page_size={SUPERSCRIPT}",
        f"salary_min={SUPERSCRIPT}",
        f"city={SUPERSCRIPT}",
        f"fair={SUPERSCRIPT}",
        f"association={SUPERSCRIPT}",
        f"city={HUGE}",
        f"page={HUGE}",
    ],
)
def test_the_search_api_answers_a_malformed_parameter_with_a_400_naming_it(world, bad):
    response = _client(world, "anonymous").get(f"/api/v1/positions/search/?{bad}")
    assert response.status_code == 400
    assert bad.split("=")[0] in response.json()


# --- pages: a malformed filter is ignored; a malformed subject is not found ----------------------


@pytest.mark.parametrize(
    ("role", "path", "bad", "shown"),
    [
        ("anonymous", "/search/", f"page={SUPERSCRIPT}", "position"),
        ("anonymous", "/search/", f"page_size={SUPERSCRIPT}", "position"),
        ("anonymous", "/search/", f"salary_min={SUPERSCRIPT}", "position"),
        ("anonymous", "/search/", f"city={SUPERSCRIPT}", "position"),
        ("anonymous", "/search/", f"fair={SUPERSCRIPT}", "position"),
        ("anonymous", "/search/", f"association={SUPERSCRIPT}", "position"),
        ("anonymous", "/fairs/{fair}/", f"page={SUPERSCRIPT}", "fair"),
        ("anonymous", "/fairs/{fair}/", f"page={HUGE}", "fair"),
        ("recruiter", "/me/pipeline/", f"position={SUPERSCRIPT}", "graduate"),
        ("recruiter", "/me/pipeline/", f"enterprise={HUGE}", "graduate"),
        ("recruiter", "/me/pipeline/export.csv", f"position={SUPERSCRIPT}", "graduate"),
        ("recruiter", "/me/pipeline/export.csv", f"enterprise={HUGE}", "graduate"),
        ("recruiter", "/fairs/{fair}/participate/", "enterprise=abc", "enterprise"),
        ("recruiter", "/fairs/{fair}/participate/", f"enterprise={HUGE}", "enterprise"),
    ],
)
def test_a_malformed_filter_on_a_page_is_ignored(world, role, path, bad, shown):
    response = _client(world, role).get(f"{path.format(fair=world.fair.pk)}?{bad}")
    assert response.status_code == 200
    expected = {
        "position": world.position.title,
        "fair": world.fair.title,
        "graduate": world.application.graduate.full_name,
        "enterprise": world.position.enterprise.name,
    }[shown]
    assert expected in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "bad", ["association=abc", f"association={SUPERSCRIPT}", f"association={HUGE}"]
)
def test_creating_a_fair_for_a_malformed_association_is_not_found(world, bad):
    response = _client(world, "staff").get(f"/fairs/manage/new/?{bad}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "bad", [f"city_id={SUPERSCRIPT}", f"campaign_id={HUGE}", "association_id=x"]
)
def test_the_figures_ignore_a_malformed_scope(world, bad):
    client = _client(world, "staff")
    assert client.get(f"/outcomes/?{bad}").status_code == 200
    assert client.get(f"/api/v1/outcomes/breakdowns/?{bad}").status_code == 200


# --- ids in paths: anything but a number of an id's size is not found ---------------------------


def _api_detail_routes() -> list[str]:
    """Every API route that names one object, with {id} where its id goes."""
    from api.routers import ID_PATTERN, router

    routes = []
    for pattern in router.urls:
        regex = pattern.pattern.regex.pattern
        if ID_PATTERN not in regex:
            continue
        path = re.sub(r"\(\?P<\w+>" + re.escape(ID_PATTERN) + r"\)", "{id}", regex)
        path = path.lstrip("^").rstrip("$").replace("\\.", ".").replace("/?", "/")
        if "(?P<format>" in path:
            continue
        routes.append("/api/v1/" + path)
    return sorted(set(routes))


API_DETAIL_ROUTES = _api_detail_routes()


def test_the_issue_s_five_endpoints_are_among_the_routes_checked():
    for route in [
        "/api/v1/pipeline/{id}/",
        "/api/v1/applications/{id}/withdraw/",
        "/api/v1/graduate/resumes/{id}/download/",
        "/api/v1/pipeline/{id}/resume/",
        "/api/v1/campaigns/{id}/",
    ]:
        assert route in API_DETAIL_ROUTES


@pytest.mark.parametrize("route", API_DETAIL_ROUTES)
def test_a_malformed_id_in_an_api_path_is_not_found(world, route):
    client = _client(world, "recruiter")
    for bad in ["abc", "null,null", SUPERSCRIPT, HUGE, "1.5", "-1"]:
        for method in ("get", "post", "patch", "delete"):
            response = getattr(client, method)(route.format(id=bad), {}, format="json")
            assert response.status_code == 404, (method, route, bad)


@pytest.mark.parametrize("role", ["graduate", "anonymous"])
def test_applying_to_a_position_with_an_overflowing_id_is_not_found(world, role):
    response = _client(world, role).get(f"/me/apply/{HUGE}/")
    assert response.status_code in {404, 302}  # not found, or asked to log in first
