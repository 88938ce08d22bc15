"""Trust in the browser, on a phone screen: a search card says how fast its enterprise replies;
a recruiter answers "还在招吗？" in one click; a graduate rates a fair after checking in."""

import datetime

import pytest
from django.utils import timezone

from candidates.followups import check_positions_still_hiring
from candidates.models import Application, ApplicationEvent
from fairs.models import Lead
from feedback.models import BoothRating, FairRating
from search import rebuild_index
from tests.e2e.test_jobs import log_in
from tests.factories import (
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    ParticipationFactory,
    PositionFactory,
    RecruiterFactory,
    RegionFactory,
    TicketFactory,
    VerifiedEnterpriseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


def answered_after(position, delays):
    """Applications made over the last weeks, each answered that long after (None: never)."""
    now = timezone.now()
    for n, delay in enumerate(delays):
        applied_at = now - datetime.timedelta(days=20 - n)
        application = Application.objects.create(
            graduate=GraduateFactory().graduate_profile, position=position
        )
        Application.objects.filter(pk=application.pk).update(created_at=applied_at)
        submitted = ApplicationEvent.objects.create(application=application, to_status="submitted")
        ApplicationEvent.objects.filter(pk=submitted.pk).update(created_at=applied_at)
        if delay is not None:
            answer = ApplicationEvent.objects.create(
                application=application, from_status="submitted", to_status="rejected"
            )
            ApplicationEvent.objects.filter(pk=answer.pk).update(created_at=applied_at + delay)


def test_a_search_card_says_how_fast_the_enterprise_replies(page):
    RegionFactory()
    fast = PositionFactory(
        title="数据分析师", enterprise=EnterpriseFactory(name="太原快答科技有限公司")
    )
    slow = PositionFactory(
        title="数据分析助理", enterprise=EnterpriseFactory(name="晋城慢回物流有限公司")
    )
    quiet = PositionFactory(title="数据分析实习生")  # too few applications: nothing shown
    answered_after(fast, [datetime.timedelta(hours=h) for h in (3, 8, 20, 30, 40)])
    answered_after(slow, [9 * DAY, None, None, None, None, 10 * DAY])
    answered_after(quiet, [datetime.timedelta(hours=2)])
    rebuild_index()

    page.goto(page.base_url + "/search/?q=数据分析")
    card = page.locator(f"main article.search-hit[data-position='{fast.pk}']")
    assert "通常 1 天内回复" in card.locator("[data-responsiveness]").inner_text()
    slow_card = page.locator(f"main article.search-hit[data-position='{slow.pk}']")
    assert slow_card.locator("[data-responsiveness=slow]").inner_text() == "回复较慢"
    quiet_card = page.locator(f"main article.search-hit[data-position='{quiet.pk}']")
    assert quiet_card.count() == 1
    assert quiet_card.locator("[data-responsiveness]").count() == 0


def test_a_recruiter_confirms_the_position_is_still_hiring(page):
    RegionFactory()
    enterprise = VerifiedEnterpriseFactory(name="太原云图软件有限公司")
    recruiter = RecruiterFactory(enterprise=enterprise).user
    position = PositionFactory(
        enterprise=enterprise, title="测试工程师", published_at=timezone.now() - 30 * DAY
    )
    assert check_positions_still_hiring()["asked"] == 1
    log_in(page, recruiter.email)

    page.goto(page.base_url + "/me/notifications/")
    page.click(f"main a[href='/jobs/{position.pk}/still-hiring/']")
    assert page.locator("main h1").inner_text() == "还在招吗？"
    page.click("main #confirm-hiring")
    page.wait_for_selector("main #answered")
    assert "谢谢" in page.locator(".messages").inner_text()
    position.refresh_from_db()
    assert (position.status, position.hiring_check_at) == ("published", None)
    assert position.events.last().action == "hiring_confirmed"

    page.goto(page.base_url + f"/jobs/manage/?enterprise={enterprise.pk}")
    assert page.locator("main #still-hiring").count() == 0


def test_a_graduate_rates_a_fair_and_a_booth_after_checking_in(page):
    RegionFactory()
    now = timezone.now()
    fair = FairFactory(
        title="山西大学春季双选会",
        starts_at=now - datetime.timedelta(hours=30),
        ends_at=now - datetime.timedelta(hours=24),
        graduate_registration_opens=now - 20 * DAY,
        graduate_registration_closes=now - 2 * DAY,
        status="finished",
    )
    booth = ParticipationFactory(
        fair=fair, enterprise=EnterpriseFactory(name="太原云图软件有限公司"), booth_number="A-01"
    )
    graduate = GraduateFactory()
    TicketFactory(fair=fair, graduate=graduate, checked_in_at=fair.starts_at)
    Lead.objects.create(fair=fair, enterprise=booth.enterprise, graduate=graduate)
    log_in(page, graduate.email)

    page.goto(page.base_url + "/fairs/me/tickets/")
    page.click("main a.rate-fair")
    page.wait_for_selector("main #rate-fair")
    form = page.locator("main form[data-target=fair]")
    form.locator("input[value='4']").check()
    form.locator("textarea").fill("<b>很好</b>")
    form.locator("button[type=submit]").click()
    assert "纯文本" in page.locator("main form[data-target=fair] .error").inner_text()
    assert not FairRating.objects.exists()

    form = page.locator("main form[data-target=fair]")
    form.locator("input[value='4']").check()
    form.locator("textarea").fill("企业多，秩序好")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages")
    booth_form = page.locator(f"main form[data-target=booth-{booth.pk}]")
    booth_form.locator("input[value='5']").check()
    booth_form.locator("button[type=submit]").click()
    page.wait_for_selector(f"main form[data-target=booth-{booth.pk}] button:has-text('修改')")

    rating = FairRating.objects.get()
    assert (rating.author, rating.rating, rating.comment) == (graduate, 4, "企业多，秩序好")
    assert BoothRating.objects.get().rating == 5
