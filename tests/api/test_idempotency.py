"""API writes sent with an Idempotency-Key are carried out once, however often they are sent
(a client that lost the answer, nginx sending a write to another node after the first died)."""

import datetime
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.models import IdempotentRequest
from api.tasks import prune_idempotent_requests
from candidates import services
from candidates.models import Application, Resume
from tests.candidates.helpers import complete_graduate, make_position, pdf_bytes

pytestmark = pytest.mark.django_db


def client_of(user, **options) -> APIClient:
    api = APIClient(**options)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


@pytest.fixture
def graduate():
    return complete_graduate()


@pytest.fixture
def position():
    return make_position()


def apply(api, position, key, **extra):
    body = {"position": position.pk, "source": "search", **extra}
    return api.post("/api/v1/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_repeated_keyed_application_is_answered_as_the_first_and_made_once(graduate, position):
    api = client_of(graduate.user)
    key = str(uuid.uuid4())
    first = apply(api, position, key)
    again = apply(api, position, key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Application.objects.count() == 1


def test_a_repeated_keyed_upload_stores_one_resume(graduate):
    api = client_of(graduate.user)
    key = str(uuid.uuid4())

    def upload():
        file = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
        return api.post(
            "/api/v1/graduate/resumes/",
            {"file": file},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    first = upload()
    assert first.status_code == 201
    before = Resume.objects.count()
    again = upload()
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Resume.objects.count() == before


def test_a_key_used_for_another_request_is_refused_and_nothing_is_done(graduate, position):
    api = client_of(graduate.user)
    other = make_position(title="会计")
    key = str(uuid.uuid4())
    assert apply(api, position, key).status_code == 201
    refused = apply(api, other, key)
    assert refused.status_code == 422
    assert "Idempotency-Key" in refused.json()["detail"]
    assert list(Application.objects.values_list("position", flat=True)) == [position.pk]


def test_two_clients_choosing_the_same_key_never_meet(position):
    key = "order-1"
    for graduate in (complete_graduate(), complete_graduate()):
        assert apply(client_of(graduate.user), position, key).status_code == 201
    assert Application.objects.count() == 2


def test_a_write_that_failed_on_the_server_leaves_its_key_free(graduate, position, monkeypatch):
    api = client_of(graduate.user, raise_request_exception=False)
    key = str(uuid.uuid4())
    working = services.apply

    def broken(**kwargs):
        working(**kwargs)  # written, then the request fails: none of it may stay
        raise RuntimeError("the node failed mid-request")

    monkeypatch.setattr(services, "apply", broken)
    assert apply(api, position, key).status_code == 500
    assert not Application.objects.exists()
    assert not IdempotentRequest.objects.exists()
    monkeypatch.setattr(services, "apply", working)
    retried = apply(api, position, key)
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried
    assert Application.objects.count() == 1


def test_a_refusal_is_answered_again_as_it_was(graduate):
    api = client_of(graduate.user)
    key = str(uuid.uuid4())
    body = {"position": 999999, "source": "search"}
    first = api.post("/api/v1/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post("/api/v1/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code
    assert 400 <= first.status_code < 500
    assert again.json() == first.json()


@pytest.mark.parametrize("key", ["", "has space", "x" * 101, "中文"])
def test_a_malformed_key_is_refused_with_a_reason(graduate, position, key):
    response = apply(client_of(graduate.user), position, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Application.objects.exists()


def test_writes_without_a_key_and_reads_are_untouched(graduate, position):
    api = client_of(graduate.user)
    assert (
        api.post(
            "/api/v1/applications/", {"position": position.pk, "source": "search"}, format="json"
        ).status_code
        == 201
    )
    listed = api.get("/api/v1/applications/", HTTP_IDEMPOTENCY_KEY="k")
    assert listed.status_code == 200
    assert not IdempotentRequest.objects.exists()


def test_answers_are_forgotten_after_a_day(graduate, position, settings):
    settings.IDEMPOTENCY_KEEP_HOURS = 24
    apply(client_of(graduate.user), position, "old")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert prune_idempotent_requests() == 1
    assert not IdempotentRequest.objects.exists()
