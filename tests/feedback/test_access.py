"""Who may open each feedback page and endpoint: every actor of the feedback cast
(tests/feedback/conftest.py) against every one, with the effect checked when allowed and the
stored answers unchanged when refused (404 alike for missing and not-yours)."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from feedback import services
from feedback.models import BoothRating, FairRating
from tests.feedback.conftest import ACTORS

pytestmark = pytest.mark.django_db

LOGIN = "login"
#        anonymous visitor absentee recruiter_x outsider staff_a staff_b officer
ANYONE_SIGNED_IN = [LOGIN, "ok", "ok", "ok", "ok", "ok", "ok", "ok"]
ORGANISERS = [LOGIN, 404, 404, 404, 404, "ok", 404, "ok"]
API_ORGANISERS = [403, 404, 404, 404, 404, "ok", 404, "ok"]
AUTHOR = [403, "ok", 404, 404, 404, 404, 404, 404]
BOOTH_OWNERS = [LOGIN, 404, 404, "ok", 404, 404, 404, 404]
PUBLIC = ["ok"] * 8
FIGURES = [403, 403, 403, 403, 403, "ok", "ok", "ok"]


@dataclass(frozen=True)
class Case:
    method: str
    url: str  # {fair}, {fair_rating}, {booth_rating}, {booth}
    who: list
    ok: int
    done: object = None  # (world, response) -> whether the effect happened

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")


def _hidden(model):
    return lambda world, response: model.objects.get().comment_hidden


CASES = {
    "my fairs to rate": Case("get", "/feedback/", ANYONE_SIGNED_IN, 200),
    "rating page": Case("get", "/feedback/fairs/{fair}/", ANYONE_SIGNED_IN, 200),
    "results page": Case("get", "/feedback/fairs/{fair}/results/", ORGANISERS, 200),
    "hide a fair comment": Case(
        "post", "/feedback/fair/{fair_rating}/hide/", ORGANISERS, 302, _hidden(FairRating)
    ),
    "hide a booth comment": Case(
        "post", "/feedback/booth/{booth_rating}/hide/", ORGANISERS, 302, _hidden(BoothRating)
    ),
    "show a comment": Case(
        "post",
        "/feedback/fair/{fair_rating}/show/",
        ORGANISERS,
        302,
        lambda world, response: not FairRating.objects.get().comment_hidden,
    ),
    "booth results": Case("get", "/feedback/booths/{booth}/", BOOTH_OWNERS, 200),
    "api read a rating": Case("get", "/api/v1/fair-ratings/{fair_rating}/", AUTHOR, 200),
    "api change a rating": Case(
        "patch",
        "/api/v1/fair-ratings/{fair_rating}/",
        AUTHOR,
        200,
        lambda world, response: FairRating.objects.get().rating == 2,
    ),
    "api read a booth rating": Case("get", "/api/v1/booth-ratings/{booth_rating}/", AUTHOR, 200),
    "api change a booth rating": Case(
        "patch",
        "/api/v1/booth-ratings/{booth_rating}/",
        AUTHOR,
        200,
        lambda world, response: BoothRating.objects.get().rating == 2,
    ),
    "api hide": Case(
        "post", "/api/v1/fair-ratings/{fair_rating}/hide/", API_ORGANISERS, 200, _hidden(FairRating)
    ),
    "api hide booth": Case(
        "post",
        "/api/v1/booth-ratings/{booth_rating}/hide/",
        API_ORGANISERS,
        200,
        _hidden(BoothRating),
    ),
    "api results": Case("get", "/api/v1/fairs/{fair}/feedback/", API_ORGANISERS, 200),
    "api public rating": Case("get", "/api/v1/fairs/{fair}/rating/", PUBLIC, 200),
    "api trust figures": Case("get", "/api/v1/outcomes/trust/", FIGURES, 200),
}


def _stored():
    return (
        list(FairRating.objects.order_by("pk").values()),
        list(BoothRating.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(CASES))
def test_access_per_actor(client, world, name, actor):
    case = CASES[name]
    fair_rating = services.rate_fair(fair=world.fair, by=world.visitor, rating=4, comment="好")
    booth_rating = services.rate_booth(
        participation=world.booth_x, by=world.visitor, rating=4, comment="好"
    )
    if name == "show a comment":
        services.hide_comment(answer=fair_rating, by=world.officer)
    url = case.url.format(
        fair=world.fair.pk,
        fair_rating=fair_rating.pk,
        booth_rating=booth_rating.pk,
        booth=world.booth_x.pk,
    )
    user = world.actor(actor)
    before = _stored()
    if case.api:
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        response = getattr(api, case.method)(url, {"rating": 2}, format="json")
    else:
        if user is not None:
            client.force_login(user)
        response = getattr(client, case.method)(url)
    expected = case.who[ACTORS.index(actor)]
    if expected == "ok":
        assert response.status_code == case.ok, response.content[:300]
        assert case.done is None or case.done(world, response)
        return
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif case.api and actor == "anonymous":
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == expected
    assert _stored() == before


@pytest.mark.parametrize("actor", ["visitor", "recruiter_x", "staff_b"])
def test_a_draft_fair_is_not_found_by_those_who_do_not_run_it(client, world, actor):
    world.fair.status = "draft"
    world.fair.save()
    client.force_login(world.actor(actor))
    assert client.get(f"/feedback/fairs/{world.fair.pk}/").status_code == 404


def test_missing_things_are_404_like_not_yours(client, world):
    client.force_login(world.officer)
    for url in (
        "/feedback/fairs/999999/",
        "/feedback/fairs/999999/results/",
        "/feedback/booths/999999/",
        "/feedback/others/1/hide/",
    ):
        assert client.get(url).status_code in (404, 405), url
    assert client.post("/feedback/fair/999999/hide/").status_code == 404
    assert client.post("/feedback/others/1/hide/").status_code == 404
