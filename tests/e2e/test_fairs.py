"""A campus fair from creation to check-in, in the browser on a phone-sized screen."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from fairs.models import Fair, Ticket
from tests.factories import PASSWORD, AssociationStaffFactory, GraduateFactory, form_time

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_a_campus_fair_from_creation_to_check_in(page, browser, request):
    staff = AssociationStaffFactory(association__name="山西省建筑业协会").user
    graduate = GraduateFactory(full_name="张晓雨")
    log_in(page, staff.email)

    page.goto(page.base_url + "/fairs/manage/")
    page.click("main a[href*='/fairs/manage/new/']")
    page.fill("input[name=title]", "太原理工大学建筑类专场双选会")
    page.select_option("select[name=kind]", "campus")
    page.fill("input[name=host_university]", "太原理工大学")
    page.fill("input[name=venue]", "迎西校区体育馆")
    page.fill("input[name=starts_at]", form_time(3, 9))
    page.fill("input[name=ends_at]", form_time(3, 16))
    page.fill("input[name=enterprise_registration_opens]", form_time(-10, 0))
    page.fill("input[name=enterprise_registration_closes]", form_time(2, 18))
    page.fill("input[name=graduate_registration_opens]", form_time(-10, 0))
    page.fill("input[name=graduate_registration_closes]", form_time(3, 15))
    page.fill("input[name=booth_capacity]", "60")
    page.fill("input[name=venue_capacity]", "800")
    page.click("main form.fair-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/fairs/\d+/manage/$"))
    fair = Fair.objects.get(title="太原理工大学建筑类专场双选会")
    assert fair.status == "draft"

    page.click(f"main form[action='/fairs/{fair.pk}/publish/'] button")
    page.wait_for_selector("[data-status=published]")

    # The graduate finds the fair in the calendar and registers on their own phone.
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.base_url = page.base_url
    log_in(phone, graduate.email)
    phone.goto(page.base_url + "/fairs/")
    phone.click("main a:has-text('太原理工大学建筑类专场双选会')")
    phone.click(f"main form[action='/fairs/{fair.pk}/register/'] button")
    phone.wait_for_selector(".ticket-code")
    code = phone.locator(".ticket-code").get_attribute("data-code")
    assert phone.locator(".qr svg").count() == 1
    context.close()
    assert Ticket.objects.get(fair=fair, graduate=graduate).code == code

    # At the door, on the fair's morning (check-in opens hours before the start): staff type the
    # code; a second scan says when the first was.
    fair.refresh_from_db()
    morning = time_machine.travel(fair.starts_at - datetime.timedelta(hours=1))
    morning.start()
    request.addfinalizer(morning.stop)
    page.goto(page.base_url + f"/fairs/{fair.pk}/checkin/")
    page.fill("#id_code", code.lower())
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("[data-result=ok]")
    assert "张晓雨" in page.locator("#checkin-result").inner_text()
    page.fill("#id_code", code)
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("[data-result=again]")
    page.fill("#id_code", "WRONGCODE1")
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("[data-result=refused]")
    # A locator assertion, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator("[data-counter=checked_in]")).to_have_text("1", timeout=12_000)
    assert Ticket.objects.get(code=code).checked_in_at is not None
