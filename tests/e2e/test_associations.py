"""A recruiter signs up, registers an enterprise, asks an association to admit it; the
association's staff approve and the enterprise shows as verified (on a phone-sized screen)."""

import pytest

from associations.credit_code import make_credit_code
from associations.models import Enterprise
from associations.selectors import is_verified
from tests.e2e.helpers import left_the_login_page
from tests.factories import PASSWORD, AssociationFactory, AssociationStaffFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email, password):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(left_the_login_page)


def test_recruiter_registers_enterprise_and_staff_verify_it(page, browser):
    RegionFactory()  # 太原市 (the data migration's rows do not survive transactional tests)
    association = AssociationFactory(name="山西省软件行业协会")
    staff = AssociationStaffFactory(association=association).user
    code = make_credit_code(20260601)

    page.goto(page.base_url + "/accounts/signup/")
    page.fill("input[name=email]", "hr@yuntu.example.cn")
    page.fill("input[name=full_name]", "李华")
    page.check("input[name=role][value=recruiter]")
    page.fill("input[name=password1]", "Xq7!mc3-Lpz")
    page.fill("input[name=password2]", "Xq7!mc3-Lpz")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/welcome/")

    page.click("main a[href='/associations/enterprises/new/']")
    page.fill("input[name=name]", "太原云图软件有限公司")
    page.fill("input[name=credit_code]", code[:17] + ("0" if code[17] != "0" else "1"))
    page.select_option("select[name=industry]", "I")
    page.select_option("select[name=city]", label="太原市")
    page.click("main form button[type=submit]")
    assert page.locator("main .errorlist").count() >= 1  # the mistyped code is refused
    page.fill("input[name=credit_code]", code.lower())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/associations/enterprises/workspace/**")
    assert page.locator("[data-verified=no]").count() == 1

    page.select_option("#membership-request select[name=association]", label=association.name)
    page.click("#membership-request button[type=submit]")
    page.wait_for_selector("[data-status=requested]")

    staff_context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    staff_page = staff_context.new_page()
    staff_page.base_url = page.base_url
    log_in(staff_page, staff.email, PASSWORD)
    staff_page.goto(page.base_url + "/associations/workspace/")
    assert staff_page.locator("[data-count=requested]").inner_text() == "1"
    staff_page.click("#requests button[name=approve]")
    staff_page.wait_for_selector("[data-count=approved]:text('1')")
    staff_context.close()

    enterprise = Enterprise.objects.get(credit_code=code)
    assert is_verified(enterprise)
    page.reload()
    assert page.locator("[data-verified=yes]").count() == 1
    assert page.locator("[data-status=approved]").count() == 1
    page.goto(page.base_url + f"/associations/enterprises/{enterprise.pk}/")
    assert page.locator("main [data-verified=yes]").count() == 1
