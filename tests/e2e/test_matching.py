"""Matching in the browser (phone-sized screen): the demo graduate's 为你推荐 is a full page of
cards with reasons; a recruiter invites a suggested graduate from 人才推荐, the graduate accepts,
and the application is in the recruiter's pipeline through the channel "invitation"."""

import io
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from candidates import services
from candidates.models import Application, Invitation
from tests.candidates.helpers import complete_profile, pdf_bytes, recruiter_of
from tests.factories import PASSWORD, GraduateFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email, password=PASSWORD):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_the_demo_graduate_sees_a_full_page_of_recommendations_with_reasons(page, monkeypatch):
    from accounts.demo import DEMO_PASSWORD

    # The Shanxi regions come from a data migration, which transactional tests do not keep.
    import_module("associations.migrations.0003_shanxi_regions").load(apps, None)
    monkeypatch.setattr(services, "render_resume_pdf", lambda graduate: pdf_bytes())
    for app in ("accounts", "associations", "jobs", "candidates"):
        import_module(f"{app}.demo").load(io.StringIO())

    log_in(page, "graduate@jinpin.demo", DEMO_PASSWORD)
    page.goto(page.base_url + "/me/for-you/")
    cards = page.locator("main .match-card")
    assert cards.count() >= 20
    for n in range(cards.count()):
        card = cards.nth(n)
        assert card.locator(".reasons li").count() >= 2
        assert card.locator(".match-score").inner_text().startswith("匹配度")
    first_reasons = cards.first.locator(".reasons").inner_text()
    assert "专业对口：计算机类" in first_reasons or "职位要求的专业" in first_reasons


def test_a_recruiter_invites_a_suggested_graduate_who_accepts(page, browser):
    RegionFactory()  # 太原市
    position = PositionFactory(
        title="Python 开发工程师", category="software", majors=[], published_at=timezone.now()
    )
    recruiter = recruiter_of(position.enterprise)
    graduate = complete_profile(GraduateFactory(full_name="王晋阳").graduate_profile)
    services.set_matching_preferences(profile=graduate, by=graduate.user, discoverable=True)

    # The recruiter finds 人才推荐 from the positions list and invites the masked graduate.
    log_in(page, recruiter.email)
    page.goto(page.base_url + "/jobs/manage/")
    page.click(f"main [data-talent='{position.pk}']")
    card = page.locator(f"main .talent[data-graduate='{graduate.pk}']")
    assert "王同学" in card.inner_text()
    assert "王晋阳" not in page.locator("main").inner_text()
    card.locator("summary").click()
    card.locator("textarea[name=message]").fill("你好，欢迎投递我们的 Python 开发职位！")
    card.locator("button[type=submit]").click()
    page.wait_for_url(f"**/me/pipeline/positions/{position.pk}/talent/")
    assert (
        "已邀请，待答复"
        in page.locator(f"main .talent[data-graduate='{graduate.pk}']").inner_text()
    )

    # The graduate sees the invitation (a notification, the invitations page) and accepts.
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.base_url = page.base_url
    log_in(other, graduate.user.email)
    other.goto(other.base_url + "/me/notifications/")
    other.click("main [data-kind=invitation] a")
    other.wait_for_url("**/me/invitations/")
    invitation = Invitation.objects.get()
    assert "欢迎投递我们的 Python 开发职位" in other.locator("main").inner_text()
    other.click(f"main [data-invitation='{invitation.pk}'] form button:has-text('接受并投递')")
    other.wait_for_url("**/me/applications/*/")
    context.close()

    application = Application.objects.get()
    assert application.source == "invitation"
    page.goto(page.base_url + "/me/pipeline/")
    row = page.locator(f"main tr[data-application='{application.pk}']")
    assert "王晋阳" in row.inner_text()
    assert row.locator("[data-source]").get_attribute("data-source") == "invitation"
    assert row.locator("[data-source]").inner_text() == "企业邀请"
    page.goto(page.base_url + f"/me/pipeline/positions/{position.pk}/talent/")
    assert (
        page.locator(f"main #invitations [data-invitation='{invitation.pk}']").get_attribute(
            "data-status"
        )
        == "accepted"
    )
