"""The contract every search backend keeps: the embedded one always, Elasticsearch when
ELASTICSEARCH_URL is set. Both index the same pre-segmented words, so they agree on matches."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Position
from listings.source import searchable_positions
from search import SearchQuery, rebuild_index, search_positions, suggest
from search.service import reconcile, understand_query
from search.source import source
from search.sync import schedule_position_index
from tests.factories import AssociationFactory, EnterpriseFactory, MembershipFactory
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def titles(params):
    result = search_positions(SearchQuery.from_params(params))
    return sorted(hit.position.title for hit in result.hits)


@pytest.mark.parametrize(
    ("word", "expected"), [("会计", "会计助理"), ("销售", "销售代表"), ("护士", "社区医院护士")]
)
def test_two_character_words_match(backend, make_position, word, expected):
    index_all(make_position("会计助理"), make_position("销售代表"), make_position("社区医院护士"))
    assert titles({"q": word}) == [expected]


def test_a_word_inside_a_longer_title_finds_it(backend, make_position):
    index_all(make_position("软件开发工程师"), make_position("行政专员"))
    assert titles({"q": "软件"}) == ["软件开发工程师"]
    assert titles({"q": "工程师"}) == ["软件开发工程师"]
    assert titles({"q": "软件开发工程师"}) == ["软件开发工程师"]


def test_mixed_latin_and_chinese_text_works_in_any_case(backend, make_position):
    index_all(make_position("Java开发工程师"), make_position("Python数据分析师"))
    assert titles({"q": "Java开发"}) == ["Java开发工程师"]
    assert titles({"q": "java"}) == ["Java开发工程师"]
    assert titles({"q": "JAVA 开发"}) == ["Java开发工程师"]
    assert titles({"q": "数据分析"}) == ["Python数据分析师"]


def test_a_phrase_containing_the_characters_of_a_word_does_not_match_it(backend, make_position):
    index_all(
        make_position("计生专员", description="负责社会计划生育政策宣传。"),
        make_position("会计", description="负责账务处理。"),
    )
    assert titles({"q": "会计"}) == ["会计"]
    assert titles({"q": "计划生育"}) == ["计生专员"]


def test_every_query_word_is_required(backend, make_position):
    index_all(make_position("会计助理"), make_position("销售助理"))
    assert titles({"q": "会计 助理"}) == ["会计助理"]
    assert titles({"q": "助理"}) == ["会计助理", "销售助理"]


def test_enterprise_names_and_descriptions_are_searched(backend, make_position):
    enterprise = EnterpriseFactory(name="太原重型机械集团有限公司", industry="C")
    index_all(
        make_position("装配工", enterprise=enterprise),
        make_position("文员", description="熟练使用办公软件，负责档案管理。"),
    )
    assert titles({"q": "重型机械"}) == ["装配工"]
    assert titles({"q": "档案管理"}) == ["文员"]


@pytest.fixture
def catalogue(make_position, taiyuan, datong):
    """Positions spread over cities, industries, education, job types, salaries, associations."""
    coal = EnterpriseFactory(name="山西焦煤集团", industry="B", city=datong)
    association = AssociationFactory(short_name="煤炭协会")
    MembershipFactory(enterprise=coal, association=association)
    positions = [
        make_position(
            "采矿工程师",
            enterprise=coal,
            city=datong,
            salary_min=8000,
            salary_max=12000,
            education="bachelor",
        ),
        make_position(
            "煤化工工程师",
            enterprise=coal,
            city=datong,
            salary_min=6000,
            salary_max=9000,
            education="master",
        ),
        make_position(
            "会计", city=taiyuan, salary_min=4000, salary_max=6000, education="associate"
        ),
        make_position(
            "会计实习生",
            city=taiyuan,
            salary_min=2000,
            salary_max=2500,
            education="bachelor",
            job_type="internship",
        ),
        make_position(
            "社区助理",
            city=taiyuan,
            salary_min=None,
            salary_max=None,
            education="any",
            job_type="community_assistant",
        ),
        make_position("软件开发工程师", city=datong, salary_min=9000, salary_max=15000),
    ]
    index_all(*positions)
    return {"positions": positions, "association": association, "coal": coal}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "工程师"},
        {"q": "会计"},
        {"education": "bachelor"},
        {"job_type": "internship"},
        {"salary": "negotiable"},
        {"salary_min": "8000"},
        {"industry": "B"},
        {"q": "工程师", "salary": "8-12k"},
        {"q": "财务"},
        {"category": "finance"},
    ],
)
def test_filters_and_facet_counts_agree_with_the_database(backend, catalogue, datong, params):
    query = SearchQuery.from_params(params)
    result = search_positions(query)
    # The same plan and filters, answered by the database as when the engine is down.
    expected = source().database_search(query, understand_query(query.text).plan)
    assert result.total == expected.total
    assert sorted(result.ids) == sorted(expected.ids)
    for name in ("city", "industry", "category", "education", "job_type", "salary"):
        assert result.facet_counts(name) == expected.facet_counts(name), name


def test_city_and_association_filters_agree_with_the_rows(backend, catalogue, datong):
    by_city = search_positions(SearchQuery.from_params({"city": str(datong.pk)}))
    assert sorted(by_city.ids) == sorted(
        Position.objects.filter(city=datong).values_list("pk", flat=True)
    )
    association = catalogue["association"]
    members = search_positions(SearchQuery.from_params({"association": str(association.pk)}))
    assert {h.position.title for h in members.hits} == {"采矿工程师", "煤化工工程师"}
    assert members.facet_counts("association") == {str(association.pk): 2}


def test_sorting_by_salary_and_by_date(backend, catalogue):
    by_salary = search_positions(SearchQuery.from_params({"sort": "salary"}))
    assert by_salary.hits[0].position.title == "软件开发工程师"
    newest = catalogue["positions"][0]
    newest.published_at = timezone.now() + timedelta(minutes=5)
    newest.save()
    index_all(newest)
    by_date = search_positions(SearchQuery.from_params({"sort": "newest"}))
    assert by_date.hits[0].id == newest.pk


def test_pages_do_not_overlap_and_cover_every_hit(backend, catalogue):
    pages = [
        search_positions(SearchQuery.from_params({"page_size": "4", "page": str(n)})).ids
        for n in (1, 2)
    ]
    assert len(pages[0]) == 4
    assert len(pages[1]) == 2
    assert set(pages[0]).isdisjoint(pages[1])


def test_a_closed_position_disappears_once_its_change_commits(
    backend, make_position, django_capture_on_commit_callbacks
):
    position = make_position("数据分析师")
    index_all(position)
    assert titles({"q": "数据分析师"}) == ["数据分析师"]
    with django_capture_on_commit_callbacks(execute=True):
        position.status = Position.Status.CLOSED
        position.save()
        schedule_position_index(position.pk)
    assert titles({"q": "数据分析师"}) == []


@pytest.mark.parametrize(
    "change",
    [
        {"status": "filled"},
        {"status": "expired"},
        {"status": "draft"},
        {"suspended_at": timezone.now()},
        {"deadline": timezone.localdate() - timedelta(days=1)},
    ],
)
def test_positions_that_are_not_open_leave_the_results(
    backend, make_position, django_capture_on_commit_callbacks, change
):
    position = make_position("土木工程师")
    index_all(position)
    with django_capture_on_commit_callbacks(execute=True):
        Position.objects.filter(pk=position.pk).update(**change)
        schedule_position_index(position.pk)
    assert titles({"q": "土木工程师"}) == []


def test_a_deleted_position_leaves_the_index(backend, make_position):
    position = make_position("焊工")
    index_all(position)
    pk = position.pk
    position.delete()
    from search import index_position_now

    assert index_position_now(pk) == "deleted"
    assert search_positions(SearchQuery.from_params({"q": "焊工"})).total == 0


def test_reindex_keeps_results(backend, catalogue):
    queries = [{"q": "工程师"}, {"q": "会计"}, {"education": "bachelor"}, {}]
    before = [sorted(search_positions(SearchQuery.from_params(q)).ids) for q in queries]
    counts = rebuild_index()
    assert counts["indexed"] == searchable_positions().count()
    after = [sorted(search_positions(SearchQuery.from_params(q)).ids) for q in queries]
    assert after == before


def test_reconcile_repairs_drift_both_ways(backend, make_position):
    indexed = make_position("仓库管理员")
    index_all(indexed)
    missing = make_position("叉车司机")  # never indexed
    Position.objects.filter(pk=indexed.pk).update(status="closed")  # closed without re-indexing
    assert titles({"q": "仓库管理员"}) == ["仓库管理员"]
    counts = reconcile()
    assert counts["added"] == 1
    assert counts["removed"] == 1
    assert titles({"q": "叉车司机"}) == [missing.title]
    assert titles({"q": "仓库管理员"}) == []
    assert reconcile() == {"added": 0, "updated": 0, "removed": 0}


def test_suggestions_complete_titles_and_enterprise_names(backend, make_position):
    enterprise = EnterpriseFactory(name="数智科技有限公司")
    index_all(
        make_position("数据分析师"),
        make_position("数据分析师"),
        make_position("数控操作工", enterprise=enterprise),
        make_position("Java开发工程师"),
    )
    found = suggest("数")
    assert found[0] == "数据分析师"
    assert set(found) == {"数据分析师", "数控操作工", "数智科技有限公司"}
    assert suggest("java") == ["Java开发工程师"]
    assert suggest("不存在") == []
