"""The OpenAPI schema documents the trust features' fields and endpoints (issue 21): the
responsiveness of enterprises, "still hiring?" on positions, the 'no answer' status, fair feedback
and the department's trust figures."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer


@pytest.fixture(scope="module")
def schema():
    """The schema /api/v1/schema/ serves, generated once for the module (it takes seconds)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def body(schema, path, method="get", code="200"):
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def properties(schema, name):
    return schema["components"]["schemas"][name]["properties"]


@pytest.mark.parametrize(
    ("path", "method", "code", "shape"),
    [
        ("/api/v1/fair-ratings/", "post", "201", "FairRating"),
        ("/api/v1/fair-ratings/{id}/", "patch", "200", "FairRating"),
        ("/api/v1/fair-ratings/{id}/hide/", "post", "200", "FairRating"),
        ("/api/v1/fair-ratings/{id}/show/", "post", "200", "FairRating"),
        ("/api/v1/booth-ratings/", "post", "201", "BoothRating"),
        ("/api/v1/booth-ratings/{id}/", "patch", "200", "BoothRating"),
        ("/api/v1/fairs/{id}/rating/", "get", "200", "PublicRating"),
        ("/api/v1/fairs/{id}/feedback/", "get", "200", "FairResults"),
        ("/api/v1/outcomes/trust/", "get", "200", "Trust"),
        ("/api/v1/positions/{id}/confirm-hiring/", "post", "200", "Position"),
        ("/api/v1/enterprises/{id}/", "get", "200", "EnterpriseWithResponsiveness"),
    ],
)
def test_each_new_operation_documents_its_answer(schema, path, method, code, shape):
    assert body(schema, path, method, code) == {"$ref": f"#/components/schemas/{shape}"}
    assert {"401", "403", "404"} <= set(schema["paths"][path][method]["responses"])


def test_the_new_fields_and_statuses_are_documented(schema):
    enterprise = properties(schema, "EnterpriseWithResponsiveness")
    assert enterprise["response_rate"]["nullable"] is True
    assert enterprise["median_first_response_hours"]["nullable"] is True
    assert properties(schema, "Position")["hiring_check_at"]["nullable"] is True
    enums = schema["components"]["schemas"]
    assert "no_answer" in enums["ApplicationStatusEnum"]["enum"]
    assert "unlisted" in enums["PositionStatusEnum"]["enum"]
    assert set(properties(schema, "Trust")) == {
        "scope",
        "hiring_checks",
        "applications_no_answer",
        "fair_ratings",
    }
    assert properties(schema, "PublicRating")["average"]["nullable"] is True


def test_the_trust_figures_document_their_scope_parameters(schema):
    parameters = schema["paths"]["/api/v1/outcomes/trust/"]["get"]["parameters"]
    assert {p["name"] for p in parameters} >= {"date_from", "date_to", "association_id"}
