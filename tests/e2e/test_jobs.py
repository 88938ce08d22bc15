"""A recruiter writes a position, previews it, publishes it and sees it on its public page;
a graduate opens it and finds the apply button (on a phone-sized screen)."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Position
from tests.e2e.helpers import left_the_login_page
from tests.factories import (
    PASSWORD,
    GraduateFactory,
    RecruiterFactory,
    RegionFactory,
    VerifiedEnterpriseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(left_the_login_page)


def test_recruiter_creates_and_publishes_a_position_and_sees_its_public_page(page, browser):
    RegionFactory()  # 太原市 (the data migration's rows do not survive transactional tests)
    enterprise = VerifiedEnterpriseFactory(name="太原云图软件有限公司")
    recruiter = RecruiterFactory(enterprise=enterprise).user
    log_in(page, recruiter.email)

    page.goto(page.base_url + "/jobs/manage/")
    assert page.locator("main .empty-state").count() == 1
    page.click("main #new-position")
    page.fill("input[name=title]", "数据分析师")
    page.select_option("select[name=category]", "data")
    page.fill("textarea[name=description]", "负责**经营数据**分析。<script>alert(1)</script>")
    page.select_option("select[name=city]", label="太原市")
    page.fill("input[name=salary_min]", "7000")
    page.fill("input[name=salary_max]", "12000")
    page.select_option("select[name=education]", "bachelor")
    page.fill("input[name=majors]", "统计学、数学")
    page.fill("input[name=headcount]", "2")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    page.fill("input[name=deadline]", deadline.isoformat())
    page.click("main #position-form button[type=submit]")
    page.wait_for_selector("[data-preview=yes]")
    assert page.locator("main [data-status=draft]").count() == 1

    page.click("main #publish")
    page.wait_for_selector("main [data-status=published]")
    position = Position.objects.get(title="数据分析师")
    assert position.status == "published"

    page.goto(page.base_url + f"/jobs/{position.pk}/")
    assert page.locator("main h1").inner_text() == "数据分析师"
    assert page.locator("main #description strong").inner_text() == "经营数据"
    assert "7000–12000" in page.locator("main .salary").inner_text()

    graduate = GraduateFactory()
    other = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    graduate_page = other.new_page()
    graduate_page.base_url = page.base_url
    log_in(graduate_page, graduate.email)
    graduate_page.goto(page.base_url + f"/jobs/{position.pk}/")
    assert graduate_page.locator("main #apply").count() == 1
    assert graduate_page.locator("main #report").count() == 1
    other.close()
