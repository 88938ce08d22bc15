"""Lists that grow with the campaign: the districts offered follow the chosen city, and a long
select (co-organisers, an association to join) narrows to what one types."""

import pytest

from tests.e2e.helpers import log_in
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    RecruiterFactory,
    RegionFactory,
    VerifiedEnterpriseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def visible_options(page, select: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{select} option", "(os) => os.filter((o) => !o.hidden && o.value).map((o) => o.text)"
    )


def test_the_districts_offered_follow_the_city(page):
    taiyuan = RegionFactory()
    datong = RegionFactory(code="140200", name="大同市", name_en="Datong")
    RegionFactory(code="140105", name="小店区", level="district", parent=taiyuan)
    RegionFactory(code="140213", name="平城区", level="district", parent=datong)
    recruiter = RecruiterFactory(enterprise=VerifiedEnterpriseFactory()).user
    log_in(page, recruiter.email)
    page.goto(page.base_url + "/jobs/manage/new/")
    for city, district in ((taiyuan, "小店区"), (datong, "平城区")):
        page.select_option("select[name=city]", str(city.pk))
        offered = visible_options(page, "select[name=district]")
        assert f"{city.name} · {district}" in offered
        assert all(option.startswith(f"{city.name} · ") for option in offered)


def test_a_long_list_of_associations_narrows_to_what_one_types(page):
    staff = AssociationStaffFactory()
    for name in ("山西省软件行业协会", "山西省煤炭工业协会", "大同市物流行业协会"):
        AssociationFactory(name=name)
    log_in(page, staff.user.email)
    page.goto(page.base_url + f"/fairs/manage/new/?association={staff.association.pk}")
    box = page.locator("select[name=co_organisers]").locator("xpath=preceding-sibling::input[1]")
    assert box.get_attribute("aria-label") == "输入文字筛选列表"
    box.fill("物流")
    assert visible_options(page, "select[name=co_organisers]") == ["大同市物流行业协会"]
    box.fill("")
    assert len(visible_options(page, "select[name=co_organisers]")) >= 4
