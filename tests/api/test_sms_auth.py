"""The API's sign-in by SMS: POST /api/v1/auth/sms/ sends a code, /auth/token/ takes it."""

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import LoginCode, SmsMessage
from tests.accounts.sms_helpers import last_code, outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    cache.clear()  # the token endpoint's throttle counts in the cache, across tests
    return APIClient()


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path}"
    settings.SMS_CAPTCHA_AFTER = 100
    return tmp_path


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def call(api, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(url, data, format="json")

    return call


def test_a_code_from_the_sms_endpoint_gets_a_token(api, sms_dir, post):
    user = UserFactory(phone="+8613912345678", phone_verified=True)
    sent = post(api, "/api/v1/auth/sms/", {"phone": "139 1234 5678"})
    assert sent.status_code == 202
    assert sent.json()["retry_after"] == 60
    assert sent.json()["expires_in"] == 300
    code = last_code(sms_dir, "+8613912345678")
    answer = post(api, "/api/v1/auth/token/", {"phone": "13912345678", "code": code})
    assert answer.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    assert api.get("/api/v1/me/").json()["id"] == user.pk
    # Used once.
    again = post(APIClient(), "/api/v1/auth/token/", {"phone": "13912345678", "code": code})
    assert again.status_code == 400
    assert "code" in again.json()


def test_an_unknown_number_gets_the_same_answer_and_no_code(api, sms_dir, post):
    UserFactory(phone="+8613912345678", phone_verified=True)
    known = post(api, "/api/v1/auth/sms/", {"phone": "13912345678"})
    unknown = post(APIClient(REMOTE_ADDR="10.9.9.9"), "/api/v1/auth/sms/", {"phone": "13712345678"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert [m["kind"] for m in outbox(sms_dir, "+8613712345678")] == ["unknown_account"]
    assert not LoginCode.objects.filter(phone="+8613712345678").exists()
    refused = post(api, "/api/v1/auth/token/", {"phone": "13712345678", "code": "123456"})
    assert refused.status_code == 400


@pytest.mark.parametrize("phone", ["+85291234567", "12345", ""])
def test_a_bad_number_is_a_400_and_nothing_is_sent(api, sms_dir, post, phone):
    response = post(api, "/api/v1/auth/sms/", {"phone": phone})
    assert response.status_code == 400
    assert "phone" in response.json()
    assert not SmsMessage.objects.exists()


def test_a_second_code_within_the_minute_is_a_429_with_the_wait(api, sms_dir, post):
    UserFactory(phone="+8613912345678", phone_verified=True)
    post(api, "/api/v1/auth/sms/", {"phone": "13912345678"})
    again = post(api, "/api/v1/auth/sms/", {"phone": "13912345678"})
    assert again.status_code == 429
    assert 0 < again.json()["retry_after"] <= 60
    assert again["Retry-After"]
    assert SmsMessage.objects.count() == 1


def test_five_wrong_codes_lock_the_code(api, sms_dir, post):
    UserFactory(phone="+8613912345678", phone_verified=True)
    post(api, "/api/v1/auth/sms/", {"phone": "13912345678"})
    code = last_code(sms_dir, "+8613912345678")
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        post(api, "/api/v1/auth/token/", {"phone": "13912345678", "code": wrong}) for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [400] * 5
    assert "已失效" in answers[-1].json()["code"][0]  # this code no longer works
    locked = post(api, "/api/v1/auth/token/", {"phone": "13912345678", "code": code})
    assert locked.status_code == 400


def test_an_expired_code_is_refused(api, sms_dir, post):
    UserFactory(phone="+8613912345678", phone_verified=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        post(api, "/api/v1/auth/sms/", {"phone": "13912345678"})
        clock.shift(301)
        answer = post(
            api,
            "/api/v1/auth/token/",
            {"phone": "13912345678", "code": last_code(sms_dir, "+8613912345678")},
        )
    assert answer.status_code == 400


def test_the_captcha_is_asked_then_accepted(api, sms_dir, post, settings):
    from captcha.models import CaptchaStore

    settings.SMS_CAPTCHA_AFTER = 1
    post(api, "/api/v1/auth/sms/", {"phone": "13700000001"})
    asked = post(api, "/api/v1/auth/sms/", {"phone": "13700000002"})
    assert asked.status_code == 400
    assert asked.json()["captcha_required"] is True
    assert api.get(asked.json()["captcha_image"]).status_code == 200
    store = CaptchaStore.objects.get(hashkey=asked.json()["captcha_key"])
    wrong = post(
        api,
        "/api/v1/auth/sms/",
        {"phone": "13700000002", "captcha_key": store.hashkey, "captcha": "nope"},
    )
    assert wrong.status_code == 400
    again = post(api, "/api/v1/auth/sms/", {"phone": "13700000002"}).json()
    store = CaptchaStore.objects.get(hashkey=again["captcha_key"])
    passed = post(
        api,
        "/api/v1/auth/sms/",
        {"phone": "13700000002", "captcha_key": store.hashkey, "captcha": store.response},
    )
    assert passed.status_code == 202


def test_token_needs_email_and_password_or_phone_and_code(api, post):
    assert post(api, "/api/v1/auth/token/", {}).status_code == 400
    assert "code" in post(api, "/api/v1/auth/token/", {"phone": "13912345678"}).json()


def test_the_schema_documents_the_sms_endpoint(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    answers = schema["paths"]["/api/v1/auth/sms/"]["post"]["responses"]
    assert {"202", "400", "429"} <= set(answers)
    components = schema["components"]["schemas"]
    # A 400 is either a malformed number or a captcha to solve: both described.
    assert {"phone", "captcha_key", "captcha_image"} <= set(
        components["SmsCodeBadRequest"]["properties"]
    )
    assert components["SmsCodeRefused"]["required"] == ["detail", "retry_after"]
    token = schema["components"]["schemas"]["TokenRequestRequest"]["properties"]
    assert {"phone", "code", "email", "password"} <= set(token)
