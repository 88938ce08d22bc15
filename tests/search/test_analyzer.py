"""The one Chinese analyzer: user dictionary, search and precise modes, highlighting."""

from search.analyzer import highlight, index_tokens, query_tokens, read_userdict, segmenter


def test_the_shipped_user_dictionary_keeps_job_titles_whole():
    words = [word for word, _freq, _tag in read_userdict()]
    assert len(words) >= 300
    for title in ("数据分析师", "土木工程师", "数控机床", "煤化工", "社区助理"):
        assert title in words
        assert query_tokens(title) == [title]


def test_indexing_adds_the_words_inside_a_title():
    tokens = index_tokens("土木工程师")
    assert {"土木", "工程", "工程师", "土木工程", "土木工程师"} <= set(tokens)


def test_a_phrase_is_segmented_at_word_boundaries():
    assert "会计" not in index_tokens("社会计划生育")
    assert query_tokens("社会计划生育") == ["社会", "计划生育"]


def test_latin_is_lowercased_and_split_from_chinese():
    assert query_tokens("Java开发") == ["java", "开发"]
    assert {"ui", "设计师"} <= set(index_tokens("UI设计师"))


def test_punctuation_and_spaces_are_not_words():
    assert query_tokens("  会计，销售！ ") == ["会计", "销售"]
    assert query_tokens("？？") == []


def test_highlighting_marks_whole_words_and_escapes_the_rest():
    assert highlight("<b>会计</b>助理", ["会计"]) == "&lt;b&gt;<mark>会计</mark>&lt;/b&gt;助理"
    assert "<mark>" not in highlight("负责社会计划生育工作", ["会计"])
    assert highlight("Java开发", ["java"]) == "<mark>Java</mark>开发"


def test_a_long_text_is_cut_around_the_first_match():
    text = "公司介绍。" * 40 + "招聘数据分析师一名。" + "福利待遇。" * 40
    fragment = highlight(text, ["数据分析"], fragment=60)
    assert fragment.startswith("…")
    assert fragment.endswith("…")
    assert "<mark>数据分析</mark>" in fragment


def test_the_segmenter_is_built_once():
    assert segmenter() is segmenter()
