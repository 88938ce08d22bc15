"""WeChat sign-in (allauth's "weixin" provider): the QR page on a computer, OAuth inside WeChat's
browser, a new account from WeChat, linking WeChat to an existing account. WeChat's endpoints
are answered locally (`responses`): nothing leaves the machine."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import User
from tests.factories import GraduateFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "https://api.weixin.qq.com/sns/oauth2/access_token"
USERINFO_URL = "https://api.weixin.qq.com/sns/userinfo"
IN_WECHAT = "Mozilla/5.0 (iPhone) AppleWebKit/605 Mobile/15E148 MicroMessenger/8.0.50"


@pytest.fixture(autouse=True)
def wechat_apps(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "weixin": {
            **settings.SOCIALACCOUNT_PROVIDERS["weixin"],
            "APPS": [
                {
                    "client_id": "wx-web",
                    "secret": "web-secret",
                    "settings": {"context": "qr", "scope": ["snsapi_login"]},
                },
                {
                    "client_id": "wx-mp",
                    "secret": "mp-secret",
                    "settings": {"context": "in_wechat", "scope": ["snsapi_userinfo"]},
                },
            ],
        }
    }


def start(client, **headers):
    """Press "WeChat" on the login page: where the browser is sent."""
    response = client.post(reverse("weixin_login"), **headers)
    assert response.status_code == 302
    return response["Location"]


def wechat_answers(openid="o-web-1", unionid="union-1", nickname="小明"):
    responses.add(
        responses.POST,
        TOKEN_URL,
        json={
            "access_token": "tok",
            "expires_in": 7200,
            "refresh_token": "r",
            "openid": openid,
            "scope": "snsapi_login",
            "unionid": unionid,
        },
    )
    # As WeChat answers: UTF-8 JSON labelled text/plain without a charset.
    userinfo = {"openid": openid, "unionid": unionid, "nickname": nickname, "headimgurl": ""}
    responses.add(
        responses.GET,
        USERINFO_URL,
        body=json.dumps(userinfo, ensure_ascii=False).encode(),
        content_type="text/plain",
    )


def come_back(client, location):
    state = parse_qs(urlsplit(location).query)["state"][0]
    return client.get(reverse("weixin_callback"), {"code": "wechat-code", "state": state})


def test_a_computer_gets_the_qr_page_of_the_website_application(client):
    location = start(client)
    assert location.startswith("https://open.weixin.qq.com/connect/qrconnect?")
    query = parse_qs(urlsplit(location).query)
    assert (query["appid"], query["scope"]) == (["wx-web"], ["snsapi_login"])


def test_wechats_browser_gets_the_official_accounts_oauth(client):
    location = start(client, HTTP_USER_AGENT=IN_WECHAT)
    assert location.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
    assert location.endswith("#wechat_redirect")
    query = parse_qs(urlsplit(location.split("#")[0]).query)
    assert (query["appid"], query["scope"]) == (["wx-mp"], ["snsapi_userinfo"])


@responses.activate
def test_a_new_person_signs_up_with_wechat_and_says_who_they_are(client):
    wechat_answers()
    response = come_back(client, start(client))
    assert response["Location"] == reverse("socialaccount_signup")
    form = client.get(response["Location"]).context["form"]
    assert form.initial["full_name"] == "小明"  # WeChat's nickname, to be corrected
    response = client.post(
        reverse("socialaccount_signup"), {"full_name": "王小明", "role": "graduate"}
    )
    assert response.status_code == 302
    user = User.objects.get(full_name="王小明")
    assert SocialAccount.objects.get(user=user).uid == "union-1"
    assert hasattr(user, "graduate_profile")
    assert int(client.session["_auth_user_id"]) == user.pk
    # The token request carried the website application's secret.
    sent = parse_qs(responses.calls[0].request.body)
    assert sent["appid"] == ["wx-web"]
    assert sent["secret"] == ["web-secret"]
    assert sent["code"] == ["wechat-code"]


@responses.activate
def test_the_same_person_inside_wechat_is_the_same_account(client):
    user = GraduateFactory()
    SocialAccount.objects.create(user=user, provider="weixin", uid="union-1")
    wechat_answers(openid="o-mp-9", unionid="union-1")
    browser = client.__class__(HTTP_USER_AGENT=IN_WECHAT)
    response = come_back(browser, start(browser))
    assert response.status_code == 302
    assert int(browser.session["_auth_user_id"]) == user.pk


@responses.activate
def test_an_account_links_its_wechat_and_then_signs_in_with_it(client):
    user = GraduateFactory()
    client.force_login(user)
    location = client.post(reverse("weixin_login"), {"process": "connect"})["Location"]
    wechat_answers(unionid="union-7")
    come_back(client, location)
    assert SocialAccount.objects.get(uid="union-7").user == user
    client.post(reverse("account_logout"))
    other = client.__class__()
    response = come_back(other, start(other))
    assert int(other.session["_auth_user_id"]) == user.pk
    assert response.status_code == 302


@responses.activate
def test_a_wechat_error_is_a_page_not_a_500(client):
    responses.add(responses.POST, TOKEN_URL, json={"errcode": 40029, "errmsg": "invalid code"})
    response = come_back(client, start(client))
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not User.objects.exists()


def test_without_wechat_settings_the_login_page_offers_no_wechat(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"weixin": {"APPS": []}}
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("weixin_login") not in page
