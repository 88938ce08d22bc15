"""Sign-up, e-mail verification, login and logout, for graduates and for recruiters."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import SignupRole, User
from accounts.roles import roles_for
from tests.factories import PASSWORD, GraduateFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def signup(client, *, email, role, name="张三", password="Sx9!kq2-LmPz"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "full_name": name,
            "role": role,
            "password1": password,
            "password2": password,
        },
    )


def test_signup_page_is_in_chinese_by_default(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans"' in page
    assert "注册" in page
    assert "毕业生" in page
    assert "企业招聘专员" in page


def test_graduate_signs_up_and_gets_a_graduate_profile(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email="Li.Ming@Example.cn", role="graduate")
    assert response.status_code == 302
    assert response.url == reverse("accounts:onboarding")
    user = User.objects.get(email="li.ming@example.cn")
    assert user.full_name == "张三"
    assert roles_for(user).graduate
    assert roles_for(user).names == ("graduate",)
    # The embedded default still sends the verification mail (printed to the console there).
    assert len(mail.outbox) == 1


def test_recruiter_signs_up_and_is_asked_to_set_up_an_enterprise(client):
    signup(client, email="hr@example.cn", role="recruiter")
    user = User.objects.get(email="hr@example.cn")
    roles = roles_for(user)
    assert not roles.graduate
    assert not roles.recruiter
    assert roles.needs_enterprise
    page = client.get(reverse("accounts:onboarding")).content.decode()
    assert "企业" in page


def test_signup_without_a_role_is_refused_and_creates_nothing(client):
    response = signup(client, email="x@example.cn", role="")
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="x@example.cn").exists()


def test_association_staff_cannot_be_chosen_at_signup(client):
    response = signup(client, email="x@example.cn", role="association_staff")
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_second_signup_with_the_same_address_in_other_case_is_refused(client):
    GraduateFactory(email="li@example.cn")
    response = signup(client, email="LI@example.cn", role="graduate")
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="li@example.cn").count() == 1


@pytest.mark.parametrize("role", [SignupRole.GRADUATE, SignupRole.RECRUITER])
def test_production_requires_verification_before_login(
    client, settings, django_capture_on_commit_callbacks, role
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email="new@example.cn", role=role)
    assert response.url == reverse("account_email_verification_sent")
    assert not client.session.get("_auth_user_id")
    user = User.objects.get(email="new@example.cn")
    assert not EmailAddress.objects.get(user=user).verified

    # Logging in before verifying only sends the user back to the "check your mail" page.
    response = client.post(
        reverse("account_login"), {"login": "new@example.cn", "password": "Sx9!kq2-LmPz"}
    )
    assert response.url == reverse("account_email_verification_sent")
    assert not client.session.get("_auth_user_id")

    message = mail.outbox[0]
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", message.body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    response = client.post(
        reverse("account_login"), {"login": "new@example.cn", "password": "Sx9!kq2-LmPz"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("make_user", [GraduateFactory, lambda: RecruiterFactory().user])
def test_login_and_logout(client, make_user):
    user = make_user()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get(reverse("home")).content.decode()
    assert "退出" in home
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_a_message(client):
    user = GraduateFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client, django_capture_on_commit_callbacks):
    user = GraduateFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
