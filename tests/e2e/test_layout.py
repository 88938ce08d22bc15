"""Pages fit a phone's width in both languages, and the header keeps the brand on one line."""

import pytest
from playwright.sync_api import expect

from search import rebuild_index
from tests.factories import (
    PASSWORD,
    EnterpriseFactory,
    FairFactory,
    OfficerFactory,
    PositionFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}


@pytest.fixture
def open_page(browser, live_server):
    """A page of a new browser context in the given language and viewport size."""
    contexts = []

    def open_page(language, viewport):
        context = browser.new_context(locale=LOCALES[language], viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def catalogue():
    """Positions whose facets have long labels (an enterprise name of 40 characters, two cities,
    several categories), the way the demo's search page looks."""
    datong = RegionFactory(code="140200", name="大同市", name_en="Datong")
    long_name = EnterpriseFactory(
        name="山西省太原市小店区晋阳街道示范数字化转型与智能制造服务有限责任公司"
    )
    positions = [
        PositionFactory(title="会计助理", category="finance", majors=[]),
        PositionFactory(title="成本会计", city=datong, majors=[], salary_max=None),
        PositionFactory(
            title="Java开发工程师ExtraordinarilyLongUnbrokenEnglishJobTitleForTesting",
            enterprise=long_name,
            majors=[],
        ),
        PositionFactory(title="销售代表", category="sales", job_type="internship", majors=[]),
    ]
    rebuild_index()
    return positions


def page_width(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_main_pages_fit_a_phone_screen(open_page, catalogue, language):
    fair = FairFactory()
    page = open_page(language, PHONE)
    paths = [
        "/search/",
        f"/search/?city={catalogue[0].city_id}",
        "/",
        "/fairs/",
        f"/fairs/{fair.pk}/",
        f"/jobs/{catalogue[2].pk}/",
    ]
    for path in paths:
        page.goto(page.base_url + path)
        scroll_width, inner_width = page_width(page)
        assert scroll_width <= inner_width + 1, f"{path} is {scroll_width}px wide in {language}"


def test_the_search_form_keeps_a_facet_clicked_for_the_next_query(open_page, catalogue):
    page = open_page("zh-hans", PHONE)
    page.goto(page.base_url + "/search/")
    datong = catalogue[1].city
    page.click(f"main details[data-facet=city] a[data-value='{datong.pk}']")
    page.wait_for_url(f"**/search/?city={datong.pk}")
    expect(page.locator("main article.search-hit")).to_have_count(1)

    page.fill("main input[name=q]", "会计")
    page.press("main input[name=q]", "Enter")
    page.wait_for_url(f"**q=%E4%BC%9A%E8%AE%A1*city={datong.pk}*")
    expect(page.locator("main article.search-hit")).to_have_count(1)
    assert "成本会计" in page.locator("main article.search-hit").first.inner_text()
    assert "会计助理" not in page.locator("main #search-results").inner_text()


def test_the_brand_stays_on_one_line_in_a_full_english_header(open_page):
    officer = OfficerFactory(user__full_name="王主任").user
    page = open_page("en", {"width": 1280, "height": 800})
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", officer.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(page.base_url + "/")

    # 晋聘 and Jinpin share a line: the second starts above the first's bottom edge.
    assert page.locator("header .brand").evaluate(
        """brand => brand.querySelector(".brand-en").getBoundingClientRect().top
            < brand.querySelector("strong").getBoundingClientRect().bottom"""
    )
    # Each link is whole, on one line: a label of two words is not broken over two.
    heights = page.locator("header .nav-menu > ul > li > a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert max(heights) - min(heights) < 2, heights
    scroll_width, inner_width = page_width(page)
    assert scroll_width <= inner_width + 1
