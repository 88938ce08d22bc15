"""A graduate searches positions, narrows by a facet and opens a position, on a phone screen."""

import re

import pytest
from playwright.sync_api import expect

from search import rebuild_index
from tests.factories import EnterpriseFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_narrow_by_a_facet_and_open_a_position(page):
    datong = RegionFactory(code="140200", name="大同市", name_en="Datong")
    PositionFactory(title="会计助理", description="负责凭证录入与报表。", majors=[])
    wanted = PositionFactory(
        title="成本会计",
        description="负责煤矿生产成本核算。",
        majors=[],
        city=datong,
        enterprise=EnterpriseFactory(name="大同煤业股份有限公司", industry="B", city=datong),
    )
    PositionFactory(title="Java开发工程师", description="后端开发。", majors=[])
    rebuild_index()

    page.goto(page.base_url + "/search/")
    page.fill("main input[name=q]", "会计")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"q=%E4%BC%9A%E8%AE%A1"))
    hits = page.locator("main article.search-hit")
    assert hits.count() == 2
    assert page.locator("main article.search-hit mark").first.inner_text() == "会计"

    city = page.locator(f"main details[data-facet=city] a[data-value='{datong.pk}']")
    city.click()
    page.wait_for_url(re.compile(rf"city={datong.pk}"))
    expect(page.locator("main article.search-hit")).to_have_count(1)
    assert "成本会计" in hits.first.inner_text()

    page.reload()  # the narrowed search lives in the URL
    assert hits.count() == 1

    hits.first.locator("h2 a").click()
    page.wait_for_url(re.compile(rf"/jobs/{wanted.pk}/$"))
    assert "成本会计" in page.locator("main h1").inner_text()


def test_typos_pinyin_related_words_and_the_salary_overlap(page):
    PositionFactory(
        title="会计",
        category="finance",
        description="负责账务。",
        majors=[],
        salary_min=3000,
        salary_max=4500,
    )
    PositionFactory(
        title="出纳",
        category="finance",
        description="负责现金收付。",
        majors=[],
        salary_min=5000,
        salary_max=9000,
    )
    PositionFactory(
        title="仓库管理员",
        category="logistics",
        description="负责出入库。",
        majors=[],
        salary_min=None,
        salary_max=None,
    )
    rebuild_index()
    hits = page.locator("main article.search-hit")

    # A typo: the page searches the word it sounds like, and says so.
    page.goto(page.base_url + "/search/?q=" + "会记")
    assert "会计" in page.locator("main .search-corrected").inner_text()
    assert "会计" in hits.first.inner_text()

    # Pinyin, as many people type first.
    page.goto(page.base_url + "/search/?q=kuaiji")
    assert "会计" in hits.first.inner_text()

    # A related word: 出纳 first, then 会计.
    page.goto(page.base_url + "/search/")
    page.fill("main input[name=q]", "出纳")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"q=%E5%87%BA%E7%BA%B3"))
    titles = [h.inner_text() for h in page.locator("main article.search-hit h2").all()]
    assert titles == ["出纳", "会计"]

    # The 8,000–12,000 band lists the 5,000–9,000 position (the ranges overlap), and says how
    # many negotiable positions the band leaves out.
    page.goto(page.base_url + "/search/")
    salary = page.locator("main details[data-facet=salary]")
    if salary.get_attribute("open") is None:
        salary.locator("summary").click()
    band = salary.locator("a[data-value='8-12k']")
    assert "(1)" in band.locator("xpath=..").inner_text()
    band.click()
    page.wait_for_url(re.compile(r"salary=8-12k"))
    expect(page.locator("main article.search-hit")).to_have_count(1)
    assert "出纳" in hits.first.inner_text()
    assert "面议" in page.locator("main .search-negotiable").inner_text()


def test_autocomplete_in_pinyin_with_the_keyboard(page):
    PositionFactory(title="会计助理", category="finance", description="负责凭证录入。", majors=[])
    PositionFactory(title="护士", category="healthcare", description="病区护理。", majors=[])
    rebuild_index()
    page.goto(page.base_url + "/search/")
    box = page.locator("main input[role=combobox]")
    box.fill("kuaiji")
    options = page.locator("#search-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert "会计" in options.first.inner_text()
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=%E4%BC%9A%E8%AE%A1"))
    assert "会计助理" in page.locator("main article.search-hit").first.inner_text()
