"""A graduate searches positions, narrows by a facet and opens a position, on a phone screen."""

import re

import pytest

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
    page.wait_for_function("document.querySelectorAll('main article.search-hit').length === 1")
    assert "成本会计" in hits.first.inner_text()

    page.reload()  # the narrowed search lives in the URL
    assert hits.count() == 1

    hits.first.locator("h2 a").click()
    page.wait_for_url(re.compile(rf"/jobs/{wanted.pk}/$"))
    assert "成本会计" in page.locator("main h1").inner_text()
