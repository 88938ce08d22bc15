"""A graduate's free-text major is read as a class of the national catalogues (本科 and 职业教育),
whose job categories and industries the recommendations use; the shipped data is consistent."""

import pytest
from django.utils import translation

from associations.models import Industry
from candidates.majors import catalogue, match_major, normalize
from jobs.models import Category

# What graduates type → (the class, the best-fitting job category).
READINGS = [
    ("计算机科学与技术", "计算机类", "software"),
    ("计算机", "计算机类", "software"),
    ("软件工程", "计算机类", "software"),
    ("软工", "计算机类", "software"),
    ("计科", "计算机类", "software"),
    ("Computer Science", "计算机类", "software"),
    ("计算机科学与技术（师范）", "计算机类", "software"),
    ("计算机科学与技术专业", "计算机类", "software"),
    ("计算机科学与技木", "计算机类", "software"),  # a typo
    ("ＣＯＭＰＵＴＥＲ ＳＣＩＥＮＣＥ", "计算机类", "software"),  # full-width
    ("计算机应用技术", "计算机类", "software"),  # vocational
    ("数据科学与大数据技术", "计算机类", "data"),
    ("大数据", "计算机类", "data"),
    ("统计学", "统计学类", "data"),
    ("会计", "财务会计类", "finance"),
    ("会计学", "工商管理类", "finance"),  # a major of 工商管理类 with its own categories
    ("财务管理", "工商管理类", "finance"),
    ("会计电算化", "工商管理类", "finance"),  # an old name, found by its keyword
    ("大数据与会计", "财务会计类", "finance"),
    ("accounting", "工商管理类", "finance"),
    ("市场营销", "工商管理类", "marketing"),
    ("人力资源管理", "工商管理类", "admin"),
    ("护理学", "护理学类", "healthcare"),
    ("护理", "护理类", "healthcare"),
    ("Nursing", "护理学类", "healthcare"),
    ("土木工程", "土木类", "construction"),
    ("土木", "土木类", "construction"),
    ("工程造价", "管理科学与工程类", "construction"),
    ("采矿工程", "矿业类", "mining_energy"),
    ("矿业工程", "矿业类", "mining_energy"),
    ("煤矿开采技术", "煤炭类", "mining_energy"),
    ("电气工程", "电气类", "engineering"),
    ("电子信息工程", "电子信息类", "engineering"),
    ("机械设计制造及其自动化", "机械类", "engineering"),
    ("社会工作", "社会学类", "community"),
    ("学前教育", "教育学类", "education"),
    ("法学", "法学类", "legal"),
    ("视觉传达设计", "设计学类", "design"),
    ("物流管理", "物流管理与工程类", "logistics"),
    ("酒店管理", "旅游管理类", "hospitality"),
    ("农学", "植物生产类", "agriculture"),
    ("计算机类", "计算机类", "software"),  # a class's own name
]


@pytest.mark.parametrize(("typed", "class_name", "category"), READINGS)
def test_a_typed_major_is_read_as_its_class_and_best_job_category(typed, class_name, category):
    match = match_major(typed)
    assert match is not None, typed
    assert match.major_class.name == class_name
    assert match.categories[0] == category


@pytest.mark.parametrize("typed", ["", "   ", "工程", "管理", "xyz", "随便写写"])
def test_words_that_name_no_major_are_not_read_as_one(typed):
    assert match_major(typed) is None


def test_a_major_brings_its_own_words_to_look_for_in_positions():
    assert set(match_major("会计学").words) >= {"会计学", "会计"}
    assert "人力资源" not in match_major("会计学").words  # not the whole class's keywords
    assert "计算机" in match_major("计算机科学与技术").words


def test_normalising_drops_brackets_spaces_and_the_word_major():
    assert normalize(" 软件 工程（嵌入式方向）专业 ") == "软件工程"
    assert normalize("Software  Engineering") == "software engineering"


def test_the_class_label_follows_the_language():
    major_class = match_major("软件工程").major_class
    with translation.override("en"):
        assert major_class.label == "Computer science"
    with translation.override("zh-hans"):
        assert major_class.label == "计算机类"


def test_the_catalogue_covers_both_national_catalogues_with_known_categories_and_industries():
    classes = catalogue().classes
    undergraduate = [c for c in classes if c.catalogue == "undergraduate"]
    vocational = [c for c in classes if c.catalogue == "vocational"]
    assert len(undergraduate) >= 90
    assert len(vocational) >= 90
    assert len({c.code for c in classes}) == len(classes)
    for major_class in classes:
        assert major_class.categories, major_class.name
        assert set(major_class.categories) <= set(Category.values), major_class.name
        assert set(major_class.industries) <= set(Industry.values), major_class.name
        assert major_class.majors, major_class.name
        assert major_class.keywords, major_class.name
        for major, categories in major_class.overrides:
            assert major in major_class.majors, (major_class.name, major)
            assert set(categories) <= set(Category.values), (major_class.name, major)


def test_every_abbreviation_names_a_major_in_the_catalogue():
    cat = catalogue()
    for short, name in cat.other_names.items():
        assert name in cat.by_major, short
