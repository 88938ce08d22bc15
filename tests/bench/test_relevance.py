"""bench/relevance.py: its metrics, its BM25 baseline, its judged corpus, and a run on a tiny corpus
so the script cannot rot."""

import dataclasses
import math
from types import SimpleNamespace

import pytest
import relevance
import relevance_data as data

from jobs.models import Category
from search import rebuild_index

# --- metrics --------------------------------------------------------------------------------


def test_precision_at_ten_counts_relevant_among_the_first_ten_out_of_what_could_be_there():
    assert relevance.precision_at(list(range(1, 13)), {1, 3, 11}) == pytest.approx(2 / 3)
    ranked = list(range(20))
    assert relevance.precision_at(ranked, {0, 1, 2, 3, 4, 5, 6, 15, 16, 17, 18}) == 0.7


def test_a_query_with_no_answer_scores_by_how_little_is_shown():
    assert relevance.precision_at([], set()) == 1.0
    assert relevance.precision_at([4, 5, 6], set()) == pytest.approx(0.7)
    assert relevance.precision_at(list(range(15)), set()) == 0.0
    assert relevance.ndcg_at([4, 5, 6], set()) == pytest.approx(0.7)
    assert relevance.recall([4, 5, 6], set()) is None


def test_recall_counts_relevant_found_anywhere_in_the_list():
    assert relevance.recall([5, 1, 9, 3, *range(100, 200)], {1, 2, 3, 4}) == 0.5
    assert relevance.recall([], {1}) == 0.0


def test_ndcg_discounts_relevant_positions_found_lower():
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert relevance.ndcg_at([1, 0, 2], {1, 2}) == pytest.approx(expected)
    assert relevance.ndcg_at([2, 1, 0], {1, 2}) == 1.0
    assert relevance.ndcg_at([0, 3], {1, 2}) == 0.0
    assert relevance.ndcg_at([9] * 10 + [1], {1}) == 0.0  # found, but not in the first ten


def test_neutral_positions_and_repeats_are_left_out_before_scoring():
    score = relevance.score([7, 8, 1, 1, 9], relevant={1}, neutral={7, 8})
    assert (score.p_at_10, score.recall, score.ndcg_at_10) == (1.0, 1.0, 1.0)
    assert (score.relevant, score.found, score.returned) == (1, 1, 2)


def test_mean_leaves_out_undefined_figures():
    assert relevance.mean([1.0, None, 0.5]) == 0.75
    assert relevance.mean([None]) is None


# --- the baseline -----------------------------------------------------------------------------


def test_bigrams_split_chinese_runs_and_keep_latin_words_whole():
    assert relevance.bigrams("Python开发工程师") == ["python", "开发", "发工", "工程", "程师"]
    assert relevance.bigrams("会 C++，H5") == ["会", "c++", "h5"]


def test_bm25_ranks_by_term_frequency_and_rarity_and_drops_non_matches():
    index = relevance.BigramBM25(
        ["会计 会计 出纳", "会计 销售 出纳", "销售代表", "社会计划生育", "厨师 厨师"]
    )
    assert index.idf("厨师") > index.idf("会计")  # rarer
    ranked = index.rank("会计")
    # a bigram index also matches 会计 across the word boundary of 社会计划生育
    assert ranked[0] == 0
    assert set(ranked) == {0, 1, 3}
    assert index.rank("会计", allowed=lambda doc: doc != 0)[0] == 1
    assert index.rank("kuaiji") == []


# --- the judged corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return relevance.build_corpus(3000, seed=16)


def test_the_data_is_consistent():
    data.check()
    assert len(data.INTENTS) >= 60
    for intent in data.INTENTS:
        naming = [
            t for t in intent.duties + intent.requirements if relevance.has_core(t, intent.core)
        ]
        assert naming, f"{intent.key}: no duty or requirement names the occupation"


def test_the_corpus_is_the_same_for_a_seed_and_differs_between_seeds():
    assert relevance.build_corpus(200, seed=3) == relevance.build_corpus(200, seed=3)
    assert relevance.build_corpus(200, seed=3) != relevance.build_corpus(200, seed=4)


def test_the_corpus_covers_every_category_and_names_each_occupation(corpus):
    assert len(corpus.positions) == 3000
    assert {p.category for p in corpus.positions} == set(Category.values)
    intents = {i.key: i for i in data.INTENTS}
    for p in corpus.positions:
        assert relevance.has_core(
            f"{p.title}\n{p.description}\n{p.requirements}", intents[p.intent].core
        )


def test_every_query_has_answers_except_those_meant_to_have_none(corpus):
    assert len(data.QUERIES) >= 40
    kinds = {q.kind for q in data.QUERIES}
    assert {"word", "compound", "synonym", "typo", "pinyin", "english", "filter", "empty"} <= kinds
    for query in data.QUERIES:
        relevant, _neutral = relevance.judge(query, corpus)
        if query.kind == "empty":
            assert not relevant
            assert not any(query.params["q"] in p.text for p in corpus.positions)
        else:
            assert len(relevant) >= 5, query.label


def test_filters_judge_salary_by_overlap_and_leave_what_cannot_be_told_neutral(corpus):
    position = corpus.positions[0]

    def verdict(low, high, **params):
        return relevance.filter_verdict(
            dataclasses.replace(position, salary_min=low, salary_max=high), params
        )

    assert verdict(5000, 9000, salary="8-12k") is True
    assert verdict(12000, None, salary="8-12k") is None  # starts where the band ends
    assert verdict(5000, 8000, salary="8-12k") is None  # ends where the band starts
    assert verdict(4000, 6000, salary="8-12k") is False
    assert verdict(None, None, salary="8-12k") is None
    assert verdict(3000, 5000, salary_min="5000") is True
    assert verdict(3000, 4500, salary_min="5000") is False
    # an open range ("3000元以上") may or may not reach what is asked
    assert verdict(9000, None, salary="8-12k") is True
    assert verdict(3000, None, salary="8-12k") is None
    assert verdict(13000, None, salary="8-12k") is False
    assert verdict(6000, None, salary_min="5000") is True
    assert verdict(3000, None, salary_min="5000") is None
    assert verdict(3000, 4500, city=position.city) is True
    assert verdict(3000, 4500, city="不存在") is False


def test_a_place_in_the_words_judges_by_the_city_and_leaves_a_namesake_neutral(corpus):
    query = next(q for q in data.QUERIES if q.kind == "place")
    relevant, neutral = relevance.judge(query, corpus)
    assert all(corpus.positions[i].city == query.place for i in relevant)
    assert all(
        corpus.positions[i].city != query.place
        for i in neutral
        if corpus.positions[i].intent in query.relevant
    )


# --- the product ------------------------------------------------------------------------------


def test_the_product_ranking_appends_the_also_found_block_after_every_page(monkeypatch):
    pages = {
        1: SimpleNamespace(
            hits=[SimpleNamespace(id=1), SimpleNamespace(id=2)],
            num_pages=2,
            degraded=False,
            related=[SimpleNamespace(id=9), SimpleNamespace(id=2)],
        ),
        2: SimpleNamespace(hits=[SimpleNamespace(id=3)], num_pages=2, degraded=False, related=[]),
    }
    monkeypatch.setattr("search.search_positions", lambda query: pages[query.page])
    assert relevance.product_ranking({"q": "会计"}) == [1, 2, 3, 9]


@pytest.mark.django_db
def test_the_benchmark_runs_end_to_end_on_a_tiny_corpus(settings):
    settings.SEARCH_BACKEND = "embedded"
    corpus = relevance.build_corpus(150, seed=5)
    index_of, cities = relevance.load_corpus(corpus)
    assert rebuild_index()["indexed"] == 150

    def rank(query):
        pks = relevance.product_ranking(relevance.product_params(query.params, cities))
        return [index_of[pk] for pk in pks]

    rows = relevance.evaluate(corpus, data.QUERIES, rank)
    figures = relevance.summary(rows)
    assert figures["queries"] == len(data.QUERIES)
    for name in ("p_at_10", "recall", "ndcg_at_10", "baseline_p_at_10", "baseline_recall"):
        assert 0 <= figures[name] <= 1
    by_words = {r.query.label: r for r in rows}
    assert by_words["会计"].product.recall == 1.0  # every one of these ads says 会计
    assert by_words["city=晋中 education=bachelor"].product.recall in (None, 1.0)
