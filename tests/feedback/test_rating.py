"""Fair feedback: graduates who checked in rate the fair and the booths they visited, enterprises
that took part rate the fair and the candidates; 1 to 5 stars and a short plain-text comment, one
answer each, changed until 7 days after the fair. Each abuse is refused with a clear error and
nothing stored. The clock is moved, never slept."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services as candidate_services
from feedback import services
from feedback.models import BoothRating, FairRating
from tests.candidates.helpers import complete_profile, make_position
from tests.factories import GraduateFactory, RecruiterFactory, TicketFactory
from tests.feedback.conftest import ended_fair

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def stored():
    return (
        list(FairRating.objects.order_by("pk").values()),
        list(BoothRating.objects.order_by("pk").values()),
    )


def refused(call, code=None, field=None):
    before = stored()
    with pytest.raises(ValidationError) as error:
        call()
    assert stored() == before
    if code:
        assert error.value.code == code
    if field:
        assert field in error.value.message_dict
    return error.value


def test_a_graduate_who_checked_in_rates_the_fair_and_a_booth_visited(world):
    fair_rating = services.rate_fair(
        fair=world.fair, by=world.visitor, rating=4, comment="组织有序"
    )
    booth = services.rate_booth(participation=world.booth_x, by=world.visitor, rating="5")
    assert (fair_rating.role, fair_rating.rating, fair_rating.comment) == (
        "graduate",
        4,
        "组织有序",
    )
    assert (booth.fair, booth.rating) == (world.fair, 5)


def test_a_graduate_who_did_not_check_in_cannot_rate(world):
    refused(
        lambda: services.rate_fair(fair=world.fair, by=world.absentee, rating=5),
        code="not_attended",
    )
    stranger = GraduateFactory()
    refused(lambda: services.rate_fair(fair=world.fair, by=stranger, rating=5), "not_attended")


def test_rating_twice_is_refused_and_changing_is_offered(world):
    services.rate_fair(fair=world.fair, by=world.visitor, rating=4)
    error = refused(
        lambda: services.rate_fair(fair=world.fair, by=world.visitor, rating=1),
        code="already_rated",
    )
    assert "change" in str(error) or "修改" in str(error)
    services.rate_booth(participation=world.booth_x, by=world.visitor, rating=4)
    refused(
        lambda: services.rate_booth(participation=world.booth_x, by=world.visitor, rating=2),
        code="already_rated",
    )


def test_ratings_open_when_the_fair_ends(world):
    with time_machine.travel(world.fair.ends_at - datetime.timedelta(minutes=1), tick=False):
        refused(lambda: services.rate_fair(fair=world.fair, by=world.visitor, rating=5), "not_yet")


def test_ratings_close_seven_days_after_the_fair(world):
    closes = world.fair.ends_at + 7 * DAY
    with time_machine.travel(closes - datetime.timedelta(minutes=1), tick=False):
        given = services.rate_fair(fair=world.fair, by=world.visitor, rating=3)
    with time_machine.travel(closes + datetime.timedelta(minutes=1), tick=False):
        refused(
            lambda: services.rate_booth(participation=world.booth_x, by=world.visitor, rating=5),
            code="closed",
        )
        refused(
            lambda: services.change_fair_rating(fair_rating=given, by=world.visitor, rating=5),
            code="closed",
        )
    assert FairRating.objects.get().rating == 3


def test_an_answer_is_changed_within_the_window(world):
    given = services.rate_fair(fair=world.fair, by=world.visitor, rating=2, comment="人太多")
    with time_machine.travel(timezone.now() + 5 * DAY, tick=False):
        services.change_fair_rating(
            fair_rating=given, by=world.visitor, rating=4, comment="人多但有序"
        )
    given.refresh_from_db()
    assert (given.rating, given.comment) == (4, "人多但有序")
    assert FairRating.objects.count() == 1


def test_another_graduate_cannot_change_it(world):
    given = services.rate_fair(fair=world.fair, by=world.visitor, rating=2)
    with pytest.raises(PermissionDenied):
        services.change_fair_rating(fair_rating=given, by=world.absentee, rating=5)


@pytest.mark.parametrize("rating", [0, 6, -1, "abc", "", None, True, 3.5, "4.0"])
def test_stars_are_one_to_five(world, rating):
    refused(
        lambda: services.rate_fair(fair=world.fair, by=world.visitor, rating=rating),
        field="rating",
    )


@pytest.mark.parametrize(
    "comment",
    [
        "好" * 301,
        "<script>alert(1)</script>",
        "很好<b>推荐</b>",
        "<a href='http://spam.example'>兼职</a>",
        "&lt;b&gt;",
        "<!-- 注释 -->",
    ],
)
def test_a_long_comment_or_one_with_html_is_refused(world, comment):
    refused(
        lambda: services.rate_fair(fair=world.fair, by=world.visitor, rating=4, comment=comment),
        field="comment",
    )


def test_plain_text_that_looks_like_a_comparison_is_fine(world):
    given = services.rate_fair(
        fair=world.fair, by=world.visitor, rating=4, comment="等待时间<5分钟，企业数>50 & 有序"
    )
    assert given.comment == "等待时间<5分钟，企业数>50 & 有序"


def test_a_booth_not_visited_cannot_be_rated(world):
    refused(
        lambda: services.rate_booth(participation=world.booth_y, by=world.visitor, rating=5),
        code="not_visited",
    )


def test_applying_through_the_fair_counts_as_a_visit(world):
    position = make_position(enterprise=world.booth_y.enterprise)
    profile = complete_profile(world.visitor.graduate_profile)
    with time_machine.travel(world.fair.starts_at + datetime.timedelta(hours=1), tick=False):
        world.fair.status = "ongoing"
        world.fair.save()
        candidate_services.apply(
            graduate=profile,
            position=position,
            source="booth_scan",
            fair=world.fair,
            by=world.visitor,
        )
    world.fair.status = "finished"
    world.fair.save()
    assert services.rate_booth(participation=world.booth_y, by=world.visitor, rating=3)


def test_an_enterprise_rates_the_fair_and_its_candidates_once(world):
    given = services.rate_fair_as_enterprise(
        fair=world.fair,
        enterprise=world.booth_x.enterprise,
        by=world.recruiter_x,
        rating=4,
        candidates_rating=3,
        comment="学生准备充分",
    )
    assert (given.role, given.candidates_rating) == ("enterprise", 3)
    colleague = RecruiterFactory(enterprise=world.booth_x.enterprise).user
    refused(
        lambda: services.rate_fair_as_enterprise(
            fair=world.fair,
            enterprise=world.booth_x.enterprise,
            by=colleague,
            rating=1,
            candidates_rating=1,
        ),
        code="already_rated",
    )
    # Any recruiter of the enterprise may change its answer.
    services.change_fair_rating(fair_rating=given, by=colleague, rating=5, candidates_rating=4)
    given.refresh_from_db()
    assert (given.rating, given.candidates_rating, given.author) == (5, 4, colleague)


def test_the_candidates_rating_is_required_of_an_enterprise(world):
    refused(
        lambda: services.rate_fair_as_enterprise(
            fair=world.fair,
            enterprise=world.booth_x.enterprise,
            by=world.recruiter_x,
            rating=4,
            candidates_rating=None,
        ),
        field="candidates_rating",
    )


def test_an_enterprise_that_did_not_take_part_or_did_not_show_cannot_rate(world):
    outsider = world.outsider_recruiter
    enterprise = outsider.enterprise_recruiters.get().enterprise
    refused(
        lambda: services.rate_fair_as_enterprise(
            fair=world.fair, enterprise=enterprise, by=outsider, rating=2, candidates_rating=2
        ),
        code="not_attended",
    )
    world.booth_y.no_show = True
    world.booth_y.save()
    refused(
        lambda: services.rate_fair_as_enterprise(
            fair=world.fair,
            enterprise=world.booth_y.enterprise,
            by=world.recruiter_y,
            rating=1,
            candidates_rating=1,
        ),
        code="not_attended",
    )
    # Nor for an enterprise one does not recruit for.
    refused(
        lambda: services.rate_fair_as_enterprise(
            fair=world.fair,
            enterprise=world.booth_x.enterprise,
            by=world.recruiter_y,
            rating=1,
            candidates_rating=1,
        ),
        code="not_attended",
    )


def test_a_cancelled_fair_cannot_be_rated(world):
    world.fair.status = "cancelled"
    world.fair.save()
    refused(lambda: services.rate_fair(fair=world.fair, by=world.visitor, rating=5), "closed")


def test_staff_hide_an_abusive_comment_and_the_stars_still_count(world, client):
    given = services.rate_booth(
        participation=world.booth_x, by=world.visitor, rating=1, comment="骗子公司"
    )
    with pytest.raises(PermissionDenied):
        services.hide_comment(answer=given, by=world.recruiter_x)
    services.hide_comment(answer=given, by=world.staff_a)
    given.refresh_from_db()
    assert given.comment_hidden
    client.force_login(world.recruiter_x)
    page = client.get(f"/feedback/booths/{world.booth_x.pk}/").content.decode()
    assert "骗子公司" not in page
    assert "1.0" in page
    # New words are moderated afresh.
    services.change_booth_rating(booth_rating=given, by=world.visitor, rating=2, comment="态度一般")
    given.refresh_from_db()
    assert not given.comment_hidden


def test_the_public_page_shows_the_average_from_ten_ratings(world, client, settings):
    settings.FAIR_RATING_PUBLIC_MIN = 10
    for index in range(9):
        graduate = GraduateFactory()
        TicketFactory(fair=world.fair, graduate=graduate, checked_in_at=world.fair.starts_at)
        services.rate_fair(fair=world.fair, by=graduate, rating=4 if index % 3 else 5)
    page = client.get(f"/fairs/{world.fair.pk}/").content.decode()
    assert 'id="fair-rating"' not in page
    assert client.get(f"/api/v1/fairs/{world.fair.pk}/rating/").json() == {
        "average": None,
        "count": 9,
    }
    services.rate_fair(fair=world.fair, by=world.visitor, rating=3)
    page = client.get(f"/fairs/{world.fair.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-average="4.2"' in page
    assert "rated by 10 visitors" in page
    assert client.get(f"/api/v1/fairs/{world.fair.pk}/rating/").json() == {
        "average": 4.2,
        "count": 10,
    }


def test_organisers_see_results_per_fair_and_per_booth_with_comments(world, client):
    services.rate_fair(fair=world.fair, by=world.visitor, rating=4, comment="组织有序")
    services.rate_booth(participation=world.booth_x, by=world.visitor, rating=2, comment="没人")
    services.rate_fair_as_enterprise(
        fair=world.fair,
        enterprise=world.booth_x.enterprise,
        by=world.recruiter_x,
        rating=5,
        candidates_rating=4,
    )
    client.force_login(world.staff_a)
    page = client.get(f"/feedback/fairs/{world.fair.pk}/results/").content.decode()
    for text in ("组织有序", "没人", f'data-booth="{world.booth_x.pk}"', "A-01"):
        assert text in page
    results = APIClient()
    results.force_authenticate(world.staff_a)
    body = results.get(f"/api/v1/fairs/{world.fair.pk}/feedback/").json()
    assert body["graduates"] == {"average": 4.0, "count": 1, "candidates_average": None}
    assert body["enterprises"]["candidates_average"] == 4.0
    booth = next(b for b in body["booths"] if b["participation"] == world.booth_x.pk)
    assert (booth["average"], booth["count"]) == (2.0, 1)


def test_the_rating_page_takes_a_graduates_answers(world, client):
    client.force_login(world.visitor)
    page = client.get(f"/feedback/fairs/{world.fair.pk}/").content.decode()
    assert 'data-target="fair"' in page
    assert f'data-target="booth-{world.booth_x.pk}"' in page
    assert f'data-target="booth-{world.booth_y.pk}"' not in page
    response = client.post(
        f"/feedback/fairs/{world.fair.pk}/",
        {"target": "fair", "fair-rating": "5", "fair-comment": "很好"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/feedback/fairs/{world.fair.pk}/",
        {"target": "fair", "fair-rating": "3", "fair-comment": "<b>改</b>"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "plain text" in response.content.decode()
    assert FairRating.objects.get().rating == 5
    # The same form changes the answer.
    client.post(
        f"/feedback/fairs/{world.fair.pk}/",
        {"target": "fair", "fair-rating": "4", "fair-comment": "很好"},
    )
    assert FairRating.objects.get().rating == 4
    # A booth that is not the visitor's to rate is no target.
    response = client.post(
        f"/feedback/fairs/{world.fair.pk}/",
        {"target": f"booth-{world.booth_y.pk}", f"booth-{world.booth_y.pk}-rating": "1"},
    )
    assert response.status_code == 404


def test_the_rating_page_says_why_one_cannot_rate(world, client):
    client.force_login(world.absentee)
    page = client.get(f"/feedback/fairs/{world.fair.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Only graduates who checked in" in page.content.decode()
    assert (
        client.post(
            f"/feedback/fairs/{world.fair.pk}/", {"target": "fair", "fair-rating": "5"}
        ).status_code
        == 404
    )
    assert not FairRating.objects.exists()


def test_the_api_refuses_with_the_rule(world):
    api = APIClient()
    api.force_authenticate(world.absentee)
    response = api.post(
        "/api/v1/fair-ratings/", {"fair": world.fair.pk, "rating": 5}, format="json"
    )
    assert response.status_code == 400
    api.force_authenticate(world.visitor)
    created = api.post("/api/v1/fair-ratings/", {"fair": world.fair.pk, "rating": 5}, format="json")
    assert created.status_code == 201
    assert created.json()["editable_until"]
    again = api.post("/api/v1/fair-ratings/", {"fair": world.fair.pk, "rating": 1}, format="json")
    assert again.status_code == 400
    too_long = api.patch(
        f"/api/v1/fair-ratings/{created.json()['id']}/", {"rating": 4, "comment": "长" * 301}
    )
    assert too_long.status_code == 400
    changed = api.patch(f"/api/v1/fair-ratings/{created.json()['id']}/", {"rating": 4})
    assert changed.json()["rating"] == 4
    booth = api.post(
        "/api/v1/booth-ratings/",
        {"participation": world.booth_x.pk, "rating": 4, "comment": "<i>x</i>"},
        format="json",
    )
    assert booth.status_code == 400
    assert "comment" in booth.json()


def test_an_enterprise_rates_through_the_api(world):
    api = APIClient()
    api.force_authenticate(world.recruiter_x)
    body = {
        "fair": world.fair.pk,
        "enterprise": world.booth_x.enterprise_id,
        "rating": 4,
        "candidates_rating": 5,
    }
    response = api.post("/api/v1/fair-ratings/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "enterprise"
    assert [r["id"] for r in api.get("/api/v1/fair-ratings/").json()["results"]] == [
        response.json()["id"]
    ]


def test_an_old_fair_is_not_in_anyones_list(world, client):
    old = ended_fair(world.fair.organiser, ago=10 * DAY)
    TicketFactory(fair=old, graduate=world.visitor, checked_in_at=old.starts_at)
    services.ask_for_fair_feedback()
    client.force_login(world.visitor)
    page = client.get("/feedback/").content.decode()
    assert f'data-fair="{world.fair.pk}"' in page
    assert f'data-fair="{old.pk}"' not in page
