"""Password guessing is limited per client address and per account, on the login page and the
API's token endpoint alike; behind our reverse proxy each visitor has their own address."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from config import settings as project_settings
from tests.factories import PASSWORD, GraduateFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # our reverse proxy: every request arrives from it


@pytest.fixture(autouse=True)
def limits(settings):
    """The production limits (the suite turns them off elsewhere), from a clean slate."""
    settings.ACCOUNT_RATE_LIMITS = dict(project_settings.ACCOUNT_RATE_LIMITS)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def ask_token(client, email, password, *, forwarded_for=None, remote=PROXY):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("api-token"),
        {"email": email, "password": password},
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=remote,
    )


def log_in(client, email, password, *, forwarded_for=None, remote=PROXY):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        headers=headers,
        REMOTE_ADDR=remote,
    )


def test_a_new_forwarded_for_header_each_time_does_not_reset_the_token_limit(client):
    statuses = [
        ask_token(
            client,
            f"nobody{n}@example.cn",
            "guess",
            forwarded_for=f"203.0.113.{n}",
            remote="198.51.100.7",
        ).status_code
        for n in range(40)
    ]
    assert statuses[:10] == [400] * 10
    assert set(statuses[10:]) == {429}


def test_behind_the_proxy_the_token_limit_keys_on_the_address_the_proxy_saw(client, behind_proxy):
    # The client writes whatever it likes on the left; the proxy appends what it saw.
    statuses = [
        ask_token(
            client, f"nobody{n}@example.cn", "guess", forwarded_for=f"203.0.113.{n}, 198.51.100.7"
        ).status_code
        for n in range(12)
    ]
    assert statuses[-1] == 429
    other = ask_token(client, "nobody@example.cn", "guess", forwarded_for="198.51.100.8")
    assert other.status_code == 400  # another visitor behind the same proxy is not limited


def test_five_wrong_passwords_lock_the_account_for_the_token_even_with_the_right_one(
    client, behind_proxy
):
    user = GraduateFactory()
    for n in range(5):  # from five addresses: the per-address limit is not what stops it
        response = ask_token(client, user.email, "guess", forwarded_for=f"198.51.100.{n}")
        assert response.status_code == 400
    response = ask_token(client, user.email, PASSWORD, forwarded_for="198.51.100.50")
    assert response.status_code == 429
    assert "token" not in response.json()


def test_wrong_passwords_on_the_token_endpoint_count_for_the_login_page_too(client, behind_proxy):
    user = GraduateFactory()
    for n in range(5):
        ask_token(client, user.email, "guess", forwarded_for=f"198.51.100.{n}")
    response = log_in(client, user.email, PASSWORD, forwarded_for="198.51.100.60")
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_the_right_password_does_not_use_up_the_account_limit(client, behind_proxy):
    user = GraduateFactory()
    for n in range(8):
        response = ask_token(client, user.email, PASSWORD, forwarded_for=f"198.51.100.{n}")
        assert response.status_code == 200


def test_behind_the_proxy_one_guesser_does_not_lock_everyone_out_of_the_login_page(
    client, behind_proxy
):
    for n in range(15):
        log_in(client, f"nobody{n}@example.cn", "guess", forwarded_for="203.0.113.9")
    locked = log_in(client, "nobody@example.cn", "guess", forwarded_for="203.0.113.9")
    assert locked.context["form"].errors["__all__"] == ["登录失败次数过多，请稍后重试。"]
    user = GraduateFactory()
    response = log_in(client, user.email, PASSWORD, forwarded_for="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_chain_shorter_than_the_proxy_count_still_answers(client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = GraduateFactory()
    response = ask_token(client, user.email, PASSWORD, forwarded_for="198.51.100.30")
    assert response.status_code == 200


def phone_account(number: str):
    return GraduateFactory(phone=f"+86{number}", phone_verified=True)


def test_five_wrong_passwords_for_a_mobile_number_lock_that_account_only(client, behind_proxy):
    guessed, other = phone_account("13812345678"), phone_account("13912345678")
    for n in range(5):  # from five addresses: the per-account limit is what stops it
        log_in(client, "13812345678", "guess", forwarded_for=f"198.51.100.{n}")
    locked = log_in(client, "138 1234 5678", PASSWORD, forwarded_for="198.51.100.40")
    assert locked.context["form"].errors["__all__"] == ["登录失败次数过多，请稍后重试。"]
    # Another number is another account: its holder signs in with their password.
    response = log_in(client, "13912345678", PASSWORD, forwarded_for="198.51.100.41")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
    assert guessed.pk != other.pk
