"""Signing up and in with a mainland mobile number and an SMS code (allauth's phone support)."""

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import SmsMessage, User
from accounts.phone import masked, national, normalize_phone
from accounts.services import verify_phone
from tests.accounts.sms_helpers import last_code, outbox
from tests.factories import GraduateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path}"
    settings.SMS_CAPTCHA_AFTER = 100  # captcha has its own tests
    return tmp_path


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST with the after-commit SMS sent as the request ends (as without a broker)."""

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "+86 138-1234-5678",
        "008613812345678",
        "8613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_a_mainland_number_is_stored_as_plus_86_and_eleven_digits(typed):
    assert normalize_phone(typed) == "+8613812345678"
    assert (national("+8613812345678"), masked("+8613812345678")) == ("13812345678", "138****5678")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("+85291234567", "not_mainland"),
        ("+1 415 555 0100", "not_mainland"),
        ("12812345678", "invalid_phone"),
        ("1381234567", "invalid_phone"),
        ("138123456789", "invalid_phone"),
        ("abc", "invalid_phone"),
        ("", "invalid_phone"),
    ],
)
def test_other_numbers_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert error.value.code == code


def test_a_graduate_signs_up_with_a_number_and_the_code_sent_to_it(client, sms_dir, send):
    response = send(
        client,
        reverse("account_signup"),
        {"phone": "138 1234 5678", "full_name": "张三", "role": "graduate"},
    )
    assert response["Location"] == reverse("account_verify_phone")
    user = User.objects.get(phone="+8613812345678")
    assert (user.phone_verified, user.email, user.has_usable_password()) == (False, None, False)
    page = client.get(response["Location"]).content.decode()
    assert 'data-sms="sent"' in page
    assert 'data-countdown="60"' in page

    response = client.post(
        reverse("account_verify_phone"), {"code": last_code(sms_dir, "+8613812345678")}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert user.graduate_profile.mobile == "13812345678"
    assert client.get(reverse("accounts:onboarding")).status_code == 200  # signed in
    # The code is not kept once sent.
    assert "******" in SmsMessage.objects.get(phone=user.phone).text


def test_sign_up_needs_a_number_or_an_address_and_a_password_without_a_number(client, sms_dir):
    response = client.post(reverse("account_signup"), {"full_name": "张三", "role": "graduate"})
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "phone_or_email")
    response = client.post(
        reverse("account_signup"),
        {"email": "a@example.cn", "full_name": "张三", "role": "graduate"},
    )
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_a_hong_kong_number_is_refused_on_sign_up_and_nothing_is_sent(client, sms_dir):
    response = client.post(
        reverse("account_signup"),
        {"phone": "+852 9123 4567", "full_name": "张三", "role": "graduate"},
    )
    assert response.status_code == 200
    assert "+86" in response.context["form"].errors["phone"][0]
    assert not User.objects.exists()
    assert not SmsMessage.objects.exists()


def test_signing_up_with_a_taken_number_answers_alike_and_tells_only_the_phone(
    client, sms_dir, send
):
    GraduateFactory(phone="+8613812345678", phone_verified=True)
    taken = send(
        client,
        reverse("account_signup"),
        {"phone": "13812345678", "full_name": "李四", "role": "graduate"},
    )
    other = send(
        client.__class__(),
        reverse("account_signup"),
        {"phone": "13912345678", "full_name": "王五", "role": "graduate"},
    )
    assert taken.status_code == other.status_code == 302
    assert taken["Location"] == other["Location"]
    assert User.objects.filter(phone="+8613812345678").count() == 1  # no second account
    kinds = [m["kind"] for m in outbox(sms_dir, "+8613812345678")]
    assert kinds == ["account_exists"]


def _request_code(client, send, number):
    return send(client, reverse("account_request_login_code"), {"phone": number})


def test_a_recruiter_signs_in_by_code(client, sms_dir, send):
    user = UserFactory(phone="+8613912345678", phone_verified=True, signup_role="recruiter")
    response = _request_code(client, send, "13912345678")
    assert response["Location"] == reverse("account_confirm_login_code")
    code = last_code(sms_dir, "+8613912345678")
    assert len(code) == 6
    assert code.isdigit()
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_asking_a_code_for_an_unknown_number_looks_the_same(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=True)
    known = _request_code(client, send, "13912345678")
    unknown = _request_code(client.__class__(), send, "13712345678")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m["kind"] for m in outbox(sms_dir, "+8613712345678")] == ["unknown_account"]


def test_an_unproved_number_signs_nobody_in(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=False)
    _request_code(client, send, "13912345678")
    assert [m["kind"] for m in outbox(sms_dir)] == ["unknown_account"]


def test_a_wrong_code_is_refused_and_the_fifth_locks_the_code(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=True)
    _request_code(client, send, "13912345678")
    code = last_code(sms_dir, "+8613912345678")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        response = client.post(reverse("account_confirm_login_code"), {"code": wrong})
        assert response.status_code == 200
        assert response.context["form"].has_error("code", "incorrect_code")
    response = client.post(reverse("account_confirm_login_code"), {"code": wrong})
    assert response.status_code == 302  # back to asking for a code
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_a_code_expires_after_five_minutes(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _request_code(client, send, "13912345678")
        code = last_code(sms_dir, "+8613912345678")
        clock.shift(301)
        client.post(reverse("account_confirm_login_code"), {"code": code})
    assert "_auth_user_id" not in client.session


def test_a_code_is_used_once(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=True)
    _request_code(client, send, "13912345678")
    code = last_code(sms_dir, "+8613912345678")
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_second_code_within_the_minute_is_refused_with_the_wait(client, sms_dir, send):
    UserFactory(phone="+8613912345678", phone_verified=True)
    _request_code(client, send, "13912345678")
    again = _request_code(client.__class__(), send, "13912345678")  # another browser, too
    assert again.status_code == 200
    assert again.context["form"].has_error(NON_FIELD_ERRORS, "rate_limited")
    assert "秒后可重新获取" in str(again.context["form"].non_field_errors())
    assert SmsMessage.objects.count() == 1


def test_the_hourly_limit_per_number_holds_across_browsers(client, sms_dir, send, settings):
    settings.SMS_PER_NUMBER_HOUR = 2
    UserFactory(phone="+8613912345678", phone_verified=True)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(2):
            _request_code(client.__class__(), send, "13912345678")
            clock.shift(61)
        refused = _request_code(client.__class__(), send, "13912345678")
    assert "分钟后再试" in str(refused.context["form"].non_field_errors())
    assert SmsMessage.objects.count() == 2


def test_a_captcha_is_asked_after_repeated_requests(client, sms_dir, send, settings):
    from captcha.models import CaptchaStore

    settings.SMS_CAPTCHA_AFTER = 2
    browser = client.__class__  # new browsers from one address: the address is counted
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for number in ("13700000001", "13700000002"):
            _request_code(browser(), send, number)
            clock.shift(61)
        form = browser().get(reverse("account_request_login_code")).context["form"]
        assert "captcha" in form.fields
        refused = _request_code(browser(), send, "13700000003")
        assert "captcha" in refused.context["form"].errors
        assert SmsMessage.objects.count() == 2
        store = CaptchaStore.objects.order_by("-pk").first()
        response = send(
            browser(),
            reverse("account_request_login_code"),
            {"phone": "13700000003", "captcha_0": store.hashkey, "captcha_1": store.response},
        )
    assert response.status_code == 302
    assert SmsMessage.objects.count() == 3


def test_a_number_belongs_to_one_account_in_the_database():
    UserFactory(phone="+8613912345678", phone_verified=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(phone="+8613912345678", phone_verified=True)


def test_proving_a_number_takes_it_from_accounts_that_only_typed_it():
    squatter = UserFactory(phone="+8613912345678")
    owner = UserFactory()
    verify_phone(user=owner, phone="+8613912345678")
    squatter.refresh_from_db()
    assert squatter.phone is None
    with pytest.raises(ValidationError):
        verify_phone(user=squatter, phone="+8613912345678")


def test_changing_the_number_takes_a_code_sent_to_the_new_one(client, sms_dir, send):
    user = GraduateFactory(phone="+8613912345678", phone_verified=True)
    client.force_login(user)
    response = send(client, reverse("account_change_phone"), {"phone": "13711112222"})
    assert response["Location"] == reverse("account_verify_phone")
    user.refresh_from_db()
    assert user.phone == "+8613912345678"  # nothing changes before the code
    client.post(reverse("account_verify_phone"), {"code": last_code(sms_dir, "+8613711112222")})
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == ("+8613711112222", True)
    assert user.graduate_profile.masked_mobile == "137****2222"


def test_a_number_another_account_proved_cannot_be_taken(client, sms_dir, send):
    UserFactory(phone="+8613711112222", phone_verified=True)
    user = UserFactory(phone="+8613912345678", phone_verified=True)
    client.force_login(user)
    send(client, reverse("account_change_phone"), {"phone": "13711112222"})
    # The owner's phone got the code; whoever types it here is refused all the same.
    response = client.post(
        reverse("account_verify_phone"), {"code": last_code(sms_dir, "+8613711112222")}
    )
    assert response.context["form"].has_error("code", "phone_taken")
    user.refresh_from_db()
    assert user.phone == "+8613912345678"


def test_an_existing_account_adds_a_number_from_the_profile(client, sms_dir, send):
    user = GraduateFactory()
    client.force_login(user)
    page = client.get(reverse("candidates:profile")).content.decode()
    assert reverse("account_change_phone") in page
    send(client, reverse("account_change_phone"), {"phone": "13711112222"})
    client.post(reverse("account_verify_phone"), {"code": last_code(sms_dir, "+8613711112222")})
    user.refresh_from_db()
    assert user.verified_phone == "+8613711112222"


def test_a_provider_failure_is_shown_with_when_to_ask_again(client, settings, send, monkeypatch):
    from core import sms

    def refuse(self, message):
        raise sms.SmsError("isv.MOBILE_NUMBER_ILLEGAL", transient=False)

    monkeypatch.setattr(sms.ConsoleBackend, "send", refuse)
    settings.SMS_URL = "console://"
    UserFactory(phone="+8613912345678", phone_verified=True)
    _request_code(client, send, "13912345678")
    message = SmsMessage.objects.get()
    assert message.status == SmsMessage.Status.FAILED
    assert message.error
    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert 'data-sms="failed"' in page
    assert "data-countdown=" in page


def test_signing_in_with_a_password_does_not_stop_at_an_unproved_number(client, sms_dir):
    from tests.factories import PASSWORD

    user = GraduateFactory(phone="+8613912345678", phone_verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] != reverse("account_verify_phone")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not SmsMessage.objects.exists()
