"""An officer opens the campaign dashboard, follows a figure to its rows and downloads the PDF."""

import pytest

from tests.e2e.helpers import left_the_login_page
from tests.factories import PASSWORD
from tests.outcomes.conftest import EXPECTED, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(left_the_login_page)


def test_an_officer_opens_the_dashboard_and_downloads_the_pdf_report(page, tmp_path):
    world = build_world()
    log_in(page, world.officer.email)
    page.goto(page.base_url + "/outcomes/")
    verified = page.locator("main [data-figure=placements_verified] strong")
    assert verified.inner_text() == str(EXPECTED["placements_verified"])
    assert page.locator("main figure svg").count() >= 3

    page.click("main [data-figure=placements_verified] a")
    page.wait_for_url("**/outcomes/rows/placements_verified/**")
    assert page.locator("main tbody tr").count() == EXPECTED["placements_verified"]
    page.go_back()

    page.click("main button:has-text('生成 PDF 报告')")
    link = page.locator("main #report-status a[download]")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "report.pdf"
    info.value.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
