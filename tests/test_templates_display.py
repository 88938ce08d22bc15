"""What the pages print: salaries, fair times, history labels, verification notices, applied
positions and the search form's filters, in Chinese and English (the browser audit's findings)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from candidates.matching import Fit
from candidates.models import Application, GraduateProfile
from candidates.recommendations import Recommendation
from candidates.selectors import completeness
from fairs.models import Fair, FairEvent
from fairs.selectors import brochure_entries
from fairs.templatetags.fairs_tags import period
from jobs.models import Position
from jobs.templatetags.jobs_tags import salary
from search import service
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    ParticipationFactory,
    PositionFactory,
    RecruiterFactory,
    RegionFactory,
)
from tests.outcomes.conftest import build_world

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


# --- salary: one formatter for every page and the brochure -------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "chinese", "english"),
    [
        (5000, 8000, "5000–8000 元/月", "CNY 5,000–8,000 a month"),
        (5000, None, "5000 元/月起", "from CNY 5,000 a month"),
        (None, 8000, "最高 8000 元/月", "up to CNY 8,000 a month"),
        (None, None, "面议", "Negotiable"),
        (12000, 12000, "12000–12000 元/月", "CNY 12,000–12,000 a month"),
    ],
)
def test_the_salary_formatter_reads_naturally_in_both_languages(low, high, chinese, english):
    position = Position(salary_min=low, salary_max=high)
    with translation.override("zh-hans"):
        assert salary(position) == chinese
    with translation.override("en"):
        assert salary(position) == english


@pytest.mark.django_db
def test_a_fair_page_formats_salaries_and_links_each_position(client):
    participation = ParticipationFactory()
    only_min = PositionFactory(enterprise=participation.enterprise, salary_max=None)
    negotiable = PositionFactory(
        enterprise=participation.enterprise, salary_min=None, salary_max=None
    )
    participation.positions.set([only_min, negotiable])
    service.index_position_now(only_min.pk)
    service.index_position_now(negotiable.pk)

    page = client.get(reverse("fairs:detail", args=[participation.fair.pk])).content.decode()
    section = page[page.index('id="positions"') :]
    assert "None" not in section
    assert "6000 元/月起" in section
    assert "面议" in section
    for position in (only_min, negotiable):
        assert f'href="{reverse("jobs:detail", args=[position.pk])}"' in section


@pytest.mark.django_db
def test_the_brochure_and_the_recommendations_use_the_same_salary_formatter():
    participation = ParticipationFactory()
    only_min = PositionFactory(enterprise=participation.enterprise, salary_max=None)
    participation.positions.set([only_min])
    fair = participation.fair
    with translation.override("en"):
        brochure = render_to_string(
            "fairs/pdf/brochure.html", {"fair": fair, "entries": brochure_entries(fair)}
        )
        recommendations = render_to_string(
            "candidates/partials/recommendation_cards.html",
            {"recommendations": [Recommendation(only_min, Fit(score=50, fits=True))]},
        )
    for html in (brochure, recommendations):
        assert "from CNY 6,000 a month" in html
        assert "None" not in html
        assert "元/月" not in html
        assert "6000–" not in html


# --- fair times ---------------------------------------------------------------------------------


def test_a_one_day_fair_shows_the_end_time_and_a_longer_one_the_end_date():
    with translation.override("zh-hans"):
        assert period(at(26, 9), at(26, 17)) == "2026-11-26 09:00 – 17:00"
        assert period(at(26, 10), at(29, 18)) == "2026-11-26 10:00 – 2026-11-29 18:00"


def test_the_end_date_is_taken_in_the_local_time_zone():
    # 2026-11-26 17:00 UTC is 2026-11-27 01:00 in Taiyuan: another day there.
    start = datetime.datetime(2026, 11, 26, 9, tzinfo=SHANGHAI)
    end = datetime.datetime(2026, 11, 26, 17, tzinfo=datetime.UTC)
    assert period(start, end) == "2026-11-26 09:00 – 2026-11-27 01:00"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["fairs:list", "fairs:detail"])
def test_fair_pages_show_when_a_multi_day_fair_ends(client, name):
    # A fair four to seven days ahead, whatever day the suite runs (it must still be upcoming).
    first = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    starts = first + datetime.timedelta(days=4)
    ends = (first + datetime.timedelta(days=7)).replace(hour=18)
    fair = FairFactory(
        starts_at=starts,
        ends_at=ends,
        enterprise_registration_opens=first - datetime.timedelta(days=20),
        enterprise_registration_closes=first + datetime.timedelta(days=1),
        graduate_registration_opens=first - datetime.timedelta(days=20),
        graduate_registration_closes=first + datetime.timedelta(days=3),
    )
    url = reverse(name, args=[fair.pk] if name == "fairs:detail" else [])
    page = client.get(url).content.decode()
    assert f"{starts:%Y-%m-%d} 10:00 – {ends:%Y-%m-%d} 18:00" in page
    assert "– 18:00" not in page


# --- histories show labels, not codes ----------------------------------------------------------


@pytest.mark.django_db
def test_the_fair_history_names_each_action_in_chinese(client):
    association = AssociationFactory()
    fair = FairFactory(organiser=association)
    staff = AssociationStaffFactory(association=association).user
    FairEvent.objects.create(fair=fair, actor=staff, action="created", to_status="draft")
    FairEvent.objects.create(
        fair=fair,
        actor=staff,
        action="updated",
        from_status="draft",
        to_status="draft",
        note="title, venue",
    )
    FairEvent.objects.create(
        fair=fair, actor=staff, action="published", from_status="draft", to_status="published"
    )
    client.force_login(staff)
    page = client.get(reverse("fairs:manage", args=[fair.pk])).content.decode()
    history = page[page.rindex("<ul>") :]
    assert 'data-action="created">已创建<' in history
    assert 'data-action="updated">已修改<' in history
    assert 'data-action="published">已发布<' in history
    assert "标题、场地" in history  # the fields an edit changed, by their names
    for code in ("· created ·", "· published ·", "title, venue"):
        assert code not in history


@pytest.mark.django_db
def test_the_placement_history_shows_status_labels_not_codes(client):
    world = build_world()
    placement = world.placements[3]  # declared, then confirmed on the graduate's behalf
    client.force_login(placement.graduate.user)
    page = client.get(reverse("outcomes:placement", args=[placement.pk])).content.decode()
    history = page[page.rindex("<ul>") :]
    assert "企业已申报" in history
    assert "代毕业生确认" in history
    assert "(企业已申报 → 已确认)" in history
    assert "∅" not in history
    assert not re.search(r"→ (declared|confirmed)\b", history)


# --- registration for fairs needs a verified enterprise ----------------------------------------


@pytest.mark.django_db
def test_an_unverified_enterprise_learns_up_front_that_it_cannot_register(client):
    fair = FairFactory()
    recruiter = RecruiterFactory(enterprise=EnterpriseFactory()).user
    client.force_login(recruiter)

    page = client.get(reverse("fairs:recruiter")).content.decode()
    assert fair.title in page
    assert 'id="needs-verification"' in page
    assert "只有已认证的企业才能报名参会" in page
    assert reverse("associations:directory") in page
    assert reverse("fairs:participate", args=[fair.pk]) not in page

    page = client.get(reverse("fairs:participate", args=[fair.pk])).content.decode()
    assert 'id="needs-verification"' in page
    assert 'method="post"' not in page.split('id="needs-verification"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_a_verified_enterprise_is_offered_registration(client):
    fair = FairFactory()
    enterprise = EnterpriseFactory()
    MembershipFactory(enterprise=enterprise, association=fair.organiser)
    client.force_login(RecruiterFactory(enterprise=enterprise).user)
    page = client.get(reverse("fairs:recruiter")).content.decode()
    assert reverse("fairs:participate", args=[fair.pk]) in page
    assert 'id="needs-verification"' not in page
    page = client.get(reverse("fairs:participate", args=[fair.pk])).content.decode()
    assert 'id="needs-verification"' not in page
    assert "企业报名参会" in page


# --- the graduate's pages -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_empty_profile_shows_only_the_parts_that_exist(client):
    graduate = GraduateFactory()
    GraduateProfile.objects.filter(user=graduate).update(
        full_name="测试生", university="", major=""
    )
    client.force_login(graduate)
    page = client.get(reverse("candidates:workspace")).content.decode()
    assert '<p class="dot-list"><span>测试生</span></p>' in page
    assert "· ·" not in page


@pytest.mark.django_db
def test_the_position_page_shows_an_application_already_made(client):
    position = PositionFactory()
    graduate = GraduateFactory()
    client.force_login(graduate)
    page = client.get(reverse("jobs:detail", args=[position.pk])).content.decode()
    assert 'id="apply"' in page

    application = Application.objects.create(
        graduate=graduate.graduate_profile, position=position, source="search"
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("jobs:detail", args=[position.pk])).content.decode()
    assert 'id="apply"' not in page
    assert 'id="applied"' in page
    assert reverse("candidates:application", args=[application.pk]) in page
    assert "已投递" in page
    # One look-up of the visitor's application (the enterprise's responsiveness is another
    # statement, over all of its applications).
    own = [q["sql"] for q in queries.captured_queries if "candidates_application" in q["sql"]]
    assert len([sql for sql in own if "WITH applied" not in sql]) == 1


@pytest.mark.django_db
def test_visitors_and_other_graduates_are_still_offered_to_apply(client):
    position = PositionFactory()
    Application.objects.create(
        graduate=GraduateFactory().graduate_profile, position=position, source="search"
    )
    assert (
        'id="applied"'
        not in client.get(reverse("jobs:detail", args=[position.pk])).content.decode()
    )
    client.force_login(GraduateFactory())
    page = client.get(reverse("jobs:detail", args=[position.pk])).content.decode()
    assert 'id="apply"' in page
    assert 'id="applied"' not in page


# --- words: a person's name is 姓名, a position's title 职位名称 ---------------------------------


@pytest.mark.django_db
def test_a_persons_name_and_a_positions_title_have_their_own_chinese_words():
    from accounts.models import User
    from associations.models import Enterprise

    def label(model, field):
        return str(model._meta.get_field(field).verbose_name)

    with translation.override("zh-hans"):
        assert label(GraduateProfile, "full_name") == "姓名"
        assert label(User, "full_name") == "姓名"
        assert label(Enterprise, "name") == "名称"  # a thing's name stays 名称
        assert label(Position, "title") == "职位名称"
        assert label(Fair, "title") == "标题"
        profile = GraduateFactory().graduate_profile
        profile.full_name = ""
        assert "姓名" in [str(item) for item in completeness(profile).labels]
    with translation.override("en"):
        assert label(GraduateProfile, "full_name") == "name"
        assert label(Position, "title") == "title"


# --- search: a new query keeps the filters clicked --------------------------------------------


@pytest.mark.django_db
def test_an_htmx_facet_click_updates_the_filters_the_search_form_sends(client):
    taiyuan = RegionFactory()
    position = PositionFactory(city=taiyuan, title="会计助理", majors=[])
    service.index_position_now(position.pk)

    page = client.get(reverse("search:positions"), {"city": taiyuan.pk}).content.decode()
    start = page.index('role="search"')
    form = page[start : page.index("</form>", start)]
    assert f'<input type="hidden" name="city" value="{taiyuan.pk}">' in form
    assert 'id="search-state"' in form

    htmx = {"HX-Request": "true", "HX-Target": "search-results"}
    update = client.get(
        reverse("search:positions"), {"city": taiyuan.pk, "sort": "newest"}, headers=htmx
    ).content.decode()
    state = re.search(r'<div id="search-state" hx-swap-oob="true"[^>]*>(.*?)</div>', update)
    assert state is not None
    assert f'name="city" value="{taiyuan.pk}"' in state.group(1)
    assert 'name="sort" value="newest"' in state.group(1)

    cleared = client.get(reverse("search:positions"), {}, headers=htmx).content.decode()
    state = re.search(r'<div id="search-state" hx-swap-oob="true"[^>]*>(.*?)</div>', cleared)
    assert state is not None
    assert state.group(1) == ""
