"""为你推荐: open positions ranked by their fit with the graduate, a full page when that many fit,
each card saying why, on the page and in the API, in Chinese and English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from candidates import services
from candidates.recommendations import recommend
from jobs.models import Position
from tests.factories import GraduateFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def taiyuan():
    return RegionFactory()


@pytest.fixture
def datong():
    return RegionFactory(code="140200", name="大同市", name_en="Datong")


@pytest.fixture
def graduate(taiyuan):
    """A computer-science graduate who wants to work in Taiyuan (no resume: reading only)."""
    profile = GraduateFactory(full_name="李明").graduate_profile
    services.update_profile(
        profile=profile,
        by=profile.user,
        data={
            "major": "计算机科学与技术",
            "degree": "bachelor",
            "skills": "Python, MySQL",
            "expected_salary": 6000,
        },
        cities=[taiyuan],
    )
    return profile


def position(**fields):
    defaults = {"published_at": timezone.now() - datetime.timedelta(days=10), "majors": []}
    return PositionFactory(**(defaults | fields))


def ids(recommendations):
    return [r.position.pk for r in recommendations]


def codes(recommendation):
    return [reason.code for reason in recommendation.reasons]


def test_a_full_page_of_fitting_positions_is_recommended_when_that_many_fit(graduate, taiyuan):
    for n in range(25):
        position(title=f"软件开发工程师{n}", category="software", city=taiyuan)
    position(title="护士", category="healthcare", description="医院护理工作", city=taiyuan)
    recommendations = recommend(graduate, limit=20)
    assert len(recommendations) == 20
    assert all(r.position.category == "software" for r in recommendations)
    assert all("major_category" in codes(r) for r in recommendations)


def test_positions_of_the_major_in_the_chosen_city_rank_first(graduate, taiyuan, datong):
    in_city = position(title="Java 开发", category="software", city=taiyuan)
    elsewhere = position(title="Java 开发", category="software", city=datong)
    data = position(title="数据分析师", category="data", city=taiyuan)
    unrelated = position(title="护士", category="healthcare", description="护理", city=taiyuan)
    recommendations = recommend(graduate)
    assert ids(recommendations) == [in_city.pk, data.pk, elsewhere.pk]
    assert unrelated.pk not in ids(recommendations)
    first = recommendations[0]
    assert codes(first)[:2] == ["major_category", "city"]
    assert first.score > recommendations[1].score > recommendations[2].score


def test_the_major_named_by_the_position_or_in_its_title_fits_outside_its_categories(graduate):
    listed = position(title="信息化专员", category="admin", majors=["计算机科学与技术"])
    titled = position(title="计算机教师", category="education")
    plain = position(title="行政专员", category="admin")
    recommendations = {r.position.pk: r for r in recommend(graduate)}
    assert codes(recommendations[listed.pk])[0] == "major_listed"
    assert codes(recommendations[titled.pk])[0] == "major_words"
    assert plain.pk not in recommendations


def test_a_description_fits_when_it_asks_for_the_major_not_when_it_merely_names_a_tool(
    graduate,
):
    services.update_profile(profile=graduate, by=graduate.user, data={"skills": ""})
    asks = position(title="信息员", category="admin", description="计算机相关专业优先。")
    merely = position(title="文员", category="admin", description="熟练使用计算机和办公软件。")
    recommendations = {r.position.pk: r for r in recommend(graduate)}
    assert codes(recommendations[asks.pk])[0] == "major_words"
    assert merely.pk not in recommendations


def test_a_position_whose_education_the_degree_does_not_meet_is_not_recommended(graduate):
    met = position(category="software", education="associate")
    position(category="software", education="master")
    assert ids(recommend(graduate)) == [met.pk]


def test_only_open_positions_not_applied_to_are_recommended(graduate):
    today = timezone.localdate()
    open_one = position(category="software")
    position(category="software", status=Position.Status.CLOSED)
    position(category="software", status=Position.Status.DRAFT)
    position(category="software", deadline=today - datetime.timedelta(days=1))
    position(category="software", suspended_at=timezone.now())
    applied = position(category="software")
    graduate.applications.create(position=applied, source="search")
    assert ids(recommend(graduate)) == [open_one.pk]


def test_skills_found_in_the_position_are_a_reason_and_latin_skills_match_whole_words(graduate):
    python = position(title="后端开发", category="software", requirements="熟悉 Python 与 Django")
    services.update_profile(profile=graduate, by=graduate.user, data={"skills": "C, Python"})
    cad = position(title="制图员", category="design", description="熟练使用 CAD 软件")
    recommendations = {r.position.pk: r for r in recommend(graduate)}
    skills = next(r for r in recommendations[python.pk].reasons if r.code == "skills")
    assert "Python" in skills.text
    assert cad.pk not in recommendations  # "C" is not in "CAD"


def test_salary_and_freshness_are_reasons_when_they_fit(graduate):
    fresh_paying = position(
        category="software", salary_min=6000, salary_max=9000, published_at=timezone.now()
    )
    old_low = position(category="software", salary_min=3000, salary_max=4000)
    recommendations = {r.position.pk: r for r in recommend(graduate)}
    assert {"salary", "fresh"} <= set(codes(recommendations[fresh_paying.pk]))
    assert not {"salary", "fresh"} & set(codes(recommendations[old_low.pk]))
    assert recommendations[fresh_paying.pk].score > recommendations[old_low.pk].score


def test_with_nothing_fitting_the_newest_positions_in_the_chosen_cities_stand_in(
    graduate, taiyuan, datong
):
    services.update_profile(
        profile=graduate, by=graduate.user, data={"major": "考古学", "skills": ""}
    )
    near = position(title="销售代表", category="sales", city=taiyuan)
    position(title="销售代表", category="sales", city=datong)
    recommendations = recommend(graduate)
    assert ids(recommendations) == [near.pk]
    assert codes(recommendations[0])[0] == "city"


def test_the_reasons_read_in_both_languages(graduate, taiyuan):
    position(title="Python 开发", category="software", city=taiyuan)
    (recommendation,) = recommend(graduate)
    with translation.override("zh-hans"):
        chinese = [reason.text for reason in recommendation.reasons]
    with translation.override("en"):
        english = [reason.text for reason in recommendation.reasons]
    assert chinese[:3] == [
        "专业对口：计算机类 → 软件与互联网",
        "在你期望的城市：太原市",
        "技能匹配：Python",
    ]
    assert english[:3] == [
        "Major fits: Computer science → Software and IT",
        "In a city you chose: Taiyuan",
        "Skills match: Python",
    ]
    assert "学历符合：本科" in chinese


def test_the_page_shows_twenty_cards_with_reasons_and_a_next_page(client, graduate, taiyuan):
    for n in range(25):
        position(title=f"软件开发工程师{n}", category="software", city=taiyuan)
    client.force_login(graduate.user)
    html = client.get(reverse("candidates:for_you")).content.decode()
    assert html.count('class="match-card"') == 20
    assert html.count('data-reason="major_category"') == 20
    assert "专业对口：计算机类 → 软件与互联网" in html
    assert "你的专业“计算机科学与技术”归入计算机类" in html
    second = client.get(reverse("candidates:for_you"), {"page": 2}).content.decode()
    assert second.count('class="match-card"') == 5


def test_the_api_keeps_its_fields_and_adds_the_score_and_reasons(graduate, taiyuan):
    made = position(title="Python 开发", category="software", city=taiyuan, salary_min=7000)
    api = APIClient()
    api.force_authenticate(graduate.user)
    (row,) = api.get("/api/v1/graduate/recommendations/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert row["id"] == made.pk
    for key in ("title", "enterprise", "city", "salary_min", "salary_max", "education"):
        assert key in row
    assert 0 < row["score"] <= 100
    assert row["reasons"][0] == {
        "code": "major_category",
        "text": "Major fits: Computer science → Software and IT",
    }


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_a_bad_limit_is_refused_with_a_clear_error(graduate, limit):
    api = APIClient()
    api.force_authenticate(graduate.user)
    response = api.get("/api/v1/graduate/recommendations/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()


def test_the_limit_gives_more_than_a_page(graduate):
    for n in range(30):
        position(title=f"开发{n}", category="software")
    api = APIClient()
    api.force_authenticate(graduate.user)
    assert len(api.get("/api/v1/graduate/recommendations/", {"limit": 25}).json()) == 25
    assert len(api.get("/api/v1/graduate/recommendations/").json()) == 20
