"""What a graduate types and what they find, on every backend: compounds, related terms, role
words, typos, pinyin, English, the "also found" block, salary overlap, categories, snippets."""

import pytest

from search import SearchQuery, rebuild_index, search_positions, suggest
from search.lexicon import lexicon_changed
from search.models import RelatedTerms
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def search(params):
    return search_positions(SearchQuery.from_params(params))


def titles(params):
    return [hit.position.title for hit in search(params).hits]


def test_a_compound_also_matches_its_parts_written_apart(backend, make_position):
    index_all(
        make_position("电气工程师"),
        make_position("电气设备工程师"),
        make_position("电气 工程师（变电）"),
        make_position("机械工程师", description="了解基本电路知识。"),
    )
    found = titles({"q": "电气工程师"})
    assert found[0] == "电气工程师"  # the compound itself ranks first
    assert sorted(found[1:]) == ["电气 工程师（变电）", "电气设备工程师"]


def test_related_terms_widen_a_word_and_rank_below_it(backend, make_position):
    index_all(make_position("会计"), make_position("出纳"), make_position("仓库管理员"))
    assert titles({"q": "出纳"}) == ["出纳", "会计"]


def test_an_officer_edit_of_the_related_terms_applies_at_once(backend, make_position):
    index_all(make_position("网格员"), make_position("社区助理"))
    assert titles({"q": "社区助理"})[0] == "社区助理"
    RelatedTerms.objects.filter(words__contains="网格员").update(active=False)
    lexicon_changed()
    assert titles({"q": "社区助理"}) == ["社区助理"]


def test_english_job_words_find_chinese_postings(backend, make_position):
    index_all(make_position("会计"), make_position("护士"), make_position("厨师"))
    assert titles({"q": "accountant"}) == ["会计"]
    assert titles({"q": "Nurse"}) == ["护士"]
    assert titles({"q": "tour guide"}) == []


def test_a_generic_role_word_ranks_but_is_not_required(backend, make_position):
    index_all(
        make_position("Python开发工程师"),
        make_position("Python数据工程师"),
        make_position("Java开发工程师"),
    )
    found = titles({"q": "Python开发"})
    assert found == ["Python开发工程师", "Python数据工程师"]


def test_a_typo_is_read_as_the_word_it_sounds_like(backend, make_position):
    index_all(make_position("会计"), make_position("软件工程师"), make_position("数据分析师"))
    rebuild_index()  # the vocabulary is renewed with every reindex
    result = search({"q": "会记"})
    assert [hit.position.title for hit in result.hits] == ["会计"]
    assert result.corrected_text == "会计"
    assert titles({"q": "软建工程师"}) == ["软件工程师"]
    assert titles({"q": "数椐分析"}) == ["数据分析师"]
    # A typo that is a real word of its own, sounding like the word meant (前段 for 前端).
    index_all(make_position("前端开发工程师"))
    rebuild_index()
    assert titles({"q": "前段开发"}) == ["前端开发工程师"]
    # Asked to search as typed, it does.
    assert search({"q": "会记", "verbatim": "1"}).total == 0


def test_pinyin_and_initials_are_read_as_chinese(backend, make_position):
    index_all(make_position("会计"), make_position("会计助理"), make_position("护士"))
    rebuild_index()
    assert sorted(titles({"q": "kuaiji"})) == ["会计", "会计助理"]
    assert sorted(titles({"q": "kj"})) == ["会计", "会计助理"]
    assert suggest("kuaiji")[0] == "会计"
    assert "会计" in suggest("kj")


def test_a_real_latin_word_is_not_read_as_pinyin(backend, make_position):
    index_all(make_position("Java开发工程师"), make_position("会计"))
    rebuild_index()
    assert titles({"q": "java"}) == ["Java开发工程师"]


def test_few_hits_for_all_words_bring_positions_with_some_of_them(backend, make_position):
    index_all(make_position("焊工"), make_position("会计"), make_position("厨师"))
    result = search({"q": "焊工 会计"})
    assert result.total == 0
    assert sorted(hit.position.title for hit in result.related) == ["会计", "焊工"]
    assert result.related_total == 2


def test_salary_bands_list_every_position_whose_range_overlaps(backend, make_position):
    index_all(
        make_position("甲", salary_min=5000, salary_max=9000),
        make_position("乙", salary_min=8000, salary_max=12000),
        make_position("丙", salary_min=3000, salary_max=5000),
        make_position("丁", salary_min=None, salary_max=None),
        make_position("戊", salary_min=8000, salary_max=8000),
    )
    result = search({"salary": "8-12k"})
    assert sorted(hit.position.title for hit in result.hits) == ["乙", "戊", "甲"]
    assert result.negotiable_total == 1
    assert sorted(titles({"salary": "5-8k"})) == ["甲"]
    facets = search({}).facet_counts("salary")
    assert facets == {"3-5k": 1, "5-8k": 1, "8-12k": 3, "negotiable": 1}


def test_the_job_category_is_a_filter_a_facet_and_searchable(backend, make_position):
    index_all(
        make_position("综合岗", category="finance"),
        make_position("专员", category="logistics"),
    )
    assert titles({"category": "finance"}) == ["综合岗"]
    assert search({}).facet_counts("category") == {"finance": 1, "logistics": 1}
    assert titles({"q": "财务"}) == ["综合岗"]
    assert titles({"q": "仓储"}) == ["专员"]


def test_snippets_are_rendered_text_not_markdown(backend, make_position):
    index_all(make_position("运维工程师", description="负责**政务云平台**的运维。\n\n- 熟悉 Linux"))
    hit = search({"q": "政务"}).hits[0]
    assert "**" not in hit.highlights["description"]
    assert "<mark>政务</mark>云平台" in hit.highlights["description"]


def test_a_real_word_no_position_uses_finds_nothing_rather_than_a_look_alike(
    backend, make_position
):
    index_all(
        make_position("区域销售经理"), make_position("供应链专员"), make_position("飞行器装配工")
    )
    rebuild_index()
    for query in ("区块链", "空乘"):
        result = search({"q": query})
        assert (result.total, result.related, result.corrected_text) == (0, [], ""), query
