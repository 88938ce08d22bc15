"""The OpenAPI schema describes the API as it answers: shapes, enums and error statuses; errors
are JSON for API clients even where no API view answers."""

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get(reverse("api-schema"), {"format": "json"}).json()


def responses(schema, path, method="get"):
    return schema["paths"][path][method]["responses"]


def test_every_operation_documents_the_errors_it_can_answer(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404"} <= codes, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "400" in codes, (method, path)


def test_the_throttled_token_endpoint_documents_429(schema):
    assert "429" in responses(schema, "/api/v1/auth/token/", "post")


def test_lists_are_documented_as_lists_and_counters_as_counters(schema):
    def body(path, method="get", code="200"):
        return responses(schema, path, method)[code]["content"]["application/json"]["schema"]

    for path in [
        "/api/v1/fairs/{id}/participants/",
        "/api/v1/graduate/recommendations/",
        "/api/v1/pipeline/{id}/notes/",
    ]:
        assert body(path)["type"] == "array", path
    assert body("/api/v1/pipeline/{id}/notes/", "post", "201") == {
        "$ref": "#/components/schemas/Note"
    }
    assert body("/api/v1/fairs/{id}/counters/") == {"$ref": "#/components/schemas/FairCounters"}


def test_an_enterprise_without_size_or_ownership_answers_within_the_documented_enums(
    client, schema
):
    enterprise = EnterpriseFactory(size="", ownership="")
    data = client.get(f"/api/v1/enterprises/{enterprise.pk}/").json()
    enums = schema["components"]["schemas"]
    assert data["size"] in enums["EnterpriseSizeEnum"]["enum"]
    assert data["ownership"] in enums["EnterpriseOwnershipEnum"]["enum"]


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/pipeline/abc/"])
def test_an_api_path_that_matches_nothing_answers_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。"}


def test_pages_keep_their_html_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_without_credentials_the_api_asks_for_a_token(client):
    response = client.get(reverse("api-me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_optional_link_answered_empty_is_not_promised_as_a_uri(client, schema):
    participation = ParticipationFactory(live_room_url="")
    answer = client.get(f"/api/v1/fairs/{participation.fair_id}/participants/")
    body = schema["components"]["schemas"]["PublicParticipation"]["properties"]
    assert answer.json()[0]["live_room_url"] == ""
    assert "format" not in body["live_room_url"]
