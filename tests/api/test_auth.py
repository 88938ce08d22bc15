"""API: schema, docs, token authentication for scripts, session authentication for the browser."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD, GraduateFactory

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


def test_docs_use_vendored_assets(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


def test_token_from_email_and_password_authenticates_a_script(client):
    user = GraduateFactory()
    response = client.post(
        reverse("api-token"),
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get(reverse("api-me"), headers={"Authorization": f"Token {token}"})
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert me.json()["roles"]["names"] == ["graduate"]


@pytest.mark.parametrize("verification", ["mandatory", "optional"])
def test_an_unconfirmed_address_gets_no_token_where_confirming_it_is_mandatory(
    client, settings, verification
):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    user = GraduateFactory(verified=False)
    response = client.post(
        reverse("api-token"),
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    if verification == "mandatory":  # as the login page refuses it
        assert response.status_code == 400
        assert "non_field_errors" in response.json()
        assert not Token.objects.filter(user=user).exists()
    else:
        assert response.status_code == 200


def test_wrong_password_gets_no_token(client):
    user = GraduateFactory()
    response = client.post(
        reverse("api-token"),
        {"email": user.email, "password": "wrong"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_an_unknown_token_is_refused_with_a_reason(client):
    response = client.get(reverse("api-me"), headers={"Authorization": "Token 0123456789abcdef"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] in {"Invalid token.", "令牌无效。"}


def test_the_token_of_a_deactivated_user_is_refused(client):
    from rest_framework.authtoken.models import Token

    user = GraduateFactory()
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("api-me"), headers={"Authorization": f"Token {token.key}"})
    assert response.status_code in {401, 403}
    assert response.json()["detail"] in {"User inactive or deleted.", "用户未激活或已删除。"}


def test_anonymous_caller_is_refused(client):
    assert client.get(reverse("api-me")).status_code in {401, 403}


def test_session_authenticates_the_browser(client):
    user = GraduateFactory()
    client.force_login(user)
    assert client.get(reverse("api-me")).json()["id"] == user.pk


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3")
