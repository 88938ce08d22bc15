"""A graduate signs up in the browser, logs out and logs in again (on a phone-sized screen)."""

import pytest

from accounts.models import User
from accounts.roles import roles_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_graduate_signs_up_and_logs_in(page):
    page.goto(page.base_url + "/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("input[name=email]", "wang.fang@example.cn")
    page.fill("input[name=full_name]", "王芳")
    page.check("input[name=role][value=graduate]")
    page.fill("input[name=password1]", "Xq7!mc3-Lpz")
    page.fill("input[name=password2]", "Xq7!mc3-Lpz")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/welcome/")
    assert page.locator("[data-role=graduate]").count() == 1
    assert roles_for(User.objects.get(email="wang.fang@example.cn")).graduate

    page.click("summary")  # the menu is folded on a phone
    page.click("text=退出")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", "wang.fang@example.cn")
    page.fill("input[name=password]", "Xq7!mc3-Lpz")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/me/")  # a graduate lands on their workspace
    assert page.locator("h1").inner_text() == "我的投递"
    assert page.locator("header [data-workspace]").inner_text() == "我的工作台"
