"""Mobile numbers and WeChat in the browser: a graduate signs up by number (the code read from
the file:// SMS outbox), applies and gets the interview invitation by SMS; a recruiter signs in
by code; a person signs in with WeChat, whose pages and API are answered locally."""

import datetime
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import responses
from django.utils import timezone

from accounts.models import User
from candidates import services
from candidates.models import Application
from tests.accounts.sms_helpers import last_code, outbox
from tests.candidates.helpers import make_position, pdf_bytes, recruiter_of, taiyuan
from tests.e2e.test_csp import watched
from tests.factories import RecruiterFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path / 'sms'}"
    return tmp_path / "sms"


def enter_code(page, sms_dir, phone):
    page.fill("input[name=code]", last_code(sms_dir, phone))
    page.click("main form button[type=submit]")


def test_graduate_signs_up_by_mobile_applies_and_gets_the_interview_by_sms(page, sms_dir, tmp_path):
    city = taiyuan()
    position = make_position(title="数据分析师", city=city)
    recruiter = recruiter_of(position.enterprise)
    refused = watched(page)  # what the Content-Security-Policy refused, on every page

    page.goto(page.base_url + "/accounts/signup/")
    page.fill("input[name=phone]", "139 1234 5678")
    page.fill("input[name=full_name]", "刘洋")
    page.check("input[name=role][value=graduate]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/phone/verify/")
    assert page.locator("main [data-sms=sent]").count() == 1
    assert page.locator("main [data-after-countdown]").first.is_disabled()  # the cool-down
    enter_code(page, sms_dir, "+8613912345678")
    page.wait_for_url("**/accounts/welcome/")
    user = User.objects.get(phone="+8613912345678")
    assert user.phone_verified
    assert user.email is None

    # The profile shows the verified number; the graduate completes the rest.
    page.goto(page.base_url + "/me/profile/")
    assert "13912345678" in page.locator("main #profile-mobile").inner_text()
    page.fill("input[name=university]", "山西财经大学")
    page.fill("input[name=major]", "统计学")
    page.select_option("select[name=degree]", "bachelor")
    page.fill("input[name=graduation_year]", "2026")
    page.check(f"input[name=expected_cities][value='{city.pk}']")
    page.click("main #profile-form button[type=submit]")
    page.wait_for_url("**/me/profile/")
    resume = tmp_path / "刘洋简历.pdf"
    resume.write_bytes(pdf_bytes())
    page.set_input_files("main #resume-upload input[type=file]", str(resume))
    page.click("main #resume-upload button[type=submit]")
    page.wait_for_url("**/me/profile/")
    assert page.locator("main [data-complete=yes]").count() == 1

    # SMS notifications are opt-in, in the account settings.
    page.goto(page.base_url + "/accounts/settings/")
    page.check("input[name=sms_notifications]")
    page.click("main #settings-notifications button[type=submit]")
    page.wait_for_url("**/accounts/settings/")
    assert page.locator("input[name=sms_notifications]").is_checked()

    page.goto(page.base_url + f"/jobs/{position.pk}/")
    page.click("main #apply")
    page.click("main #apply-form button[type=submit]")
    page.wait_for_url("**/me/applications/*/")
    application = Application.objects.get()
    services.move_application(
        application=application,
        to="interview",
        by=recruiter,
        interview_at=timezone.now() + datetime.timedelta(days=3),
        interview_place="长治路111号",
    )
    invitation = [m for m in outbox(sms_dir, "+8613912345678") if m["kind"] == "interview"]
    assert len(invitation) == 1
    assert "长治路111号" in invitation[0]["text"]
    assert "数据分析师" in invitation[0]["text"]
    assert refused == []  # the code page's countdown and status polling run within the policy


def test_a_recruiter_signs_in_with_a_code(page, sms_dir):
    recruiter = RecruiterFactory(
        user__phone="+8613812340000", user__phone_verified=True, user__full_name="赵敏"
    ).user
    page.goto(page.base_url + "/accounts/login/")
    page.click("main a[href*='/accounts/login/code/']")
    page.fill("input[name=phone]", "13812340000")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/login/code/confirm/")
    enter_code(page, sms_dir, "+8613812340000")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    assert recruiter.get_short_name() in page.locator("header .account").text_content()


@responses.activate
def test_a_person_signs_in_with_wechat(page, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "weixin": {
            **settings.SOCIALACCOUNT_PROVIDERS["weixin"],
            "APPS": [
                {
                    "client_id": "wx-web",
                    "secret": "s",
                    "settings": {"context": "qr", "scope": ["snsapi_login"]},
                }
            ],
        }
    }
    responses.add_passthru(page.base_url)
    responses.add(
        responses.POST,
        "https://api.weixin.qq.com/sns/oauth2/access_token",
        json={"access_token": "t", "expires_in": 7200, "openid": "o1", "unionid": "u1"},
    )
    responses.add(
        responses.GET,
        "https://api.weixin.qq.com/sns/userinfo",
        body=json.dumps(
            {"openid": "o1", "unionid": "u1", "nickname": "小明"}, ensure_ascii=False
        ).encode(),
        content_type="text/plain",
    )

    def wechat_scanned(route):
        """WeChat's QR page, as if the phone had scanned it and the person agreed."""
        query = parse_qs(urlsplit(route.request.url).query)
        back = (
            query["redirect_uri"][0]
            + "?"
            + urlencode({"code": "scanned", "state": query["state"][0]})
        )
        route.fulfill(status=302, headers={"Location": back})

    page.route("https://open.weixin.qq.com/**", wechat_scanned)
    refused = watched(page)
    page.goto(page.base_url + "/accounts/login/")
    page.click("main a[href*='/accounts/weixin/login/']")
    page.click("main form button[type=submit]")  # allauth's "continue with WeChat"
    page.wait_for_url("**/accounts/3rdparty/signup/")
    assert page.input_value("input[name=full_name]") == "小明"
    page.check("input[name=role][value=graduate]")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/welcome/")
    assert User.objects.get(full_name="小明").socialaccount_set.get().uid == "u1"
    assert refused == []  # the form posted to us and redirected to WeChat: form-action allows it
