"""A graduate completes the profile, uploads a resume, finds a position, applies, and sees the
status change when a recruiter moves the application to interview (phone-sized screen)."""

import datetime

import pytest
from django.utils import timezone

from candidates import services
from candidates.models import Application
from tests.candidates.helpers import make_position, pdf_bytes, recruiter_of, taiyuan
from tests.factories import PASSWORD, GraduateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_graduate_applies_and_sees_the_interview(page, tmp_path):
    city = taiyuan()
    position = make_position(title="数据分析师", city=city)
    recruiter = recruiter_of(position.enterprise)
    graduate = GraduateFactory(full_name="刘洋", phone="+8613912345678", phone_verified=True)
    log_in(page, graduate.email)

    # Profile: the completeness indicator lists what is missing until it is all there.
    page.goto(page.base_url + "/me/profile/")
    assert page.locator("main [data-missing]").count() > 0
    page.fill("input[name=university]", "山西财经大学")
    page.fill("input[name=college]", "统计学院")
    page.fill("input[name=major]", "统计学")
    page.select_option("select[name=degree]", "bachelor")
    page.fill("input[name=graduation_year]", "2026")
    page.check(f"input[name=expected_cities][value='{city.pk}']")
    page.fill("input[name=expected_salary]", "7000")
    page.fill("textarea[name=skills]", "SQL, Python, 数据可视化")
    page.click("main #profile-form button[type=submit]")
    page.wait_for_url("**/me/profile/")
    assert page.locator("main [data-missing]").count() == 1  # only the resume is missing

    resume = tmp_path / "刘洋简历.pdf"
    resume.write_bytes(pdf_bytes())
    page.set_input_files("main #resume-upload input[type=file]", str(resume))
    page.click("main #resume-upload button[type=submit]")
    page.wait_for_url("**/me/profile/")
    assert page.locator("main [data-complete=yes]").count() == 1
    assert page.locator("main [data-resume]").count() == 1

    # The position is recommended for the graduate (major and city match) and applied to.
    page.goto(page.base_url + "/me/for-you/")
    page.click(f"main [data-position='{position.pk}'] a[role=button]")
    page.click("main #apply-form button[type=submit]")
    page.wait_for_url("**/me/applications/*/")
    status = page.locator("main #application-status")
    assert status.get_attribute("data-status") == "submitted"
    application = Application.objects.get()
    assert application.source == "recommendation"

    services.move_application(
        application=application,
        to="interview",
        by=recruiter,
        interview_at=timezone.now() + datetime.timedelta(days=3),
        interview_place="太原市小店区长治路111号",
    )
    page.reload()
    assert status.get_attribute("data-status") == "interview"
    assert "长治路111号" in page.locator("main").inner_text()
    page.goto(page.base_url + "/me/")
    assert page.locator("main [data-status=interview]").count() == 1
    assert (
        page.locator("header [data-notifications]").first.get_attribute("data-notifications") == "1"
    )
