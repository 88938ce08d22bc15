"""/metrics: Prometheus's text with requests, the database, the outbox, search and the day's
figures computed from rows."""

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from candidates import services as candidate_services
from outbox.models import OutboxMessage
from tests.candidates.helpers import complete_graduate, make_position
from tests.factories import FairFactory, TicketFactory

pytestmark = pytest.mark.django_db


def samples(response) -> dict[tuple, float]:
    """{(name, (label, value), ...): value} of every sample in the scrape."""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, *sorted(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels) -> float:
    return found[(name, *sorted(labels.items()))]


@pytest.fixture(autouse=True)
def _fresh_business_figures(monkeypatch):
    from ops import metrics

    monkeypatch.setattr(metrics, "_business_cache", (0.0, []))


def test_metrics_count_requests_and_database_queries(client):
    client.get("/healthz")
    found = samples(client.get("/metrics"))
    assert any(
        name == "django_http_requests_total_by_view_transport_method_total"
        and ("view", "healthz") in labels
        for name, *labels in found
    )
    assert any(name == "django_db_execute_total" for name, *_ in found)
    assert any(
        name.startswith("django_http_requests_latency_seconds_by_view_method") for name, *_ in found
    )


def test_metrics_show_the_services_state_and_search_degraded_mode(client, monkeypatch):
    from ops import checks

    found = samples(client.get("/metrics"))
    assert value(found, "jinpin_dependency_up", dependency="database", state="up") == 1
    assert value(found, "jinpin_search_degraded") == 0
    assert value(found, "jinpin_ready") == 1

    def engine_down():
        raise ConnectionError("refused")

    monkeypatch.setattr(checks.search_service, "ping", engine_down)
    found = samples(client.get("/metrics"))
    assert value(found, "jinpin_search_degraded") == 1
    assert value(found, "jinpin_dependency_up", dependency="search", state="down") == 0


def test_metrics_count_side_effects_waiting_and_failed_by_task(client):
    OutboxMessage.objects.create(task="core.tasks.send_email", status="pending")
    OutboxMessage.objects.create(task="core.tasks.send_email", status="pending")
    OutboxMessage.objects.create(task="fairs.tasks.generate_brochure", status="failed")
    OutboxMessage.objects.create(task="core.tasks.send_email", status="done")
    found = samples(client.get("/metrics"))
    assert (
        value(found, "jinpin_outbox_messages", task="core.tasks.send_email", status="pending") == 2
    )
    assert (
        value(
            found, "jinpin_outbox_messages", task="fairs.tasks.generate_brochure", status="failed"
        )
        == 1
    )
    assert (
        "jinpin_outbox_messages",
        ("status", "done"),
        ("task", "core.tasks.send_email"),
    ) not in found
    assert value(found, "jinpin_outbox_oldest_due_seconds") >= 0


def test_metrics_give_the_days_applications_and_check_ins_from_the_rows(client):
    graduate = complete_graduate()
    candidate_services.apply(
        graduate=graduate, position=make_position(), source="search", by=graduate.user
    )
    now = timezone.now()
    fair = FairFactory(
        starts_at=now - timezone.timedelta(hours=1),
        ends_at=now + timezone.timedelta(hours=3),
        status="ongoing",
    )
    TicketFactory(fair=fair, checked_in_at=now)
    TicketFactory(fair=fair)
    found = samples(client.get("/metrics"))
    assert value(found, "jinpin_applications_today") == 1
    assert value(found, "jinpin_fair_checkins", fair=str(fair.pk), figure="checked_in") == 1
    assert value(found, "jinpin_fair_checkins", fair=str(fair.pk), figure="registered") == 2


def test_metrics_want_the_token_when_one_is_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guessed")
    assert wrong.status_code == 401
    right = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert right.status_code == 200
    assert right["Content-Type"].startswith("text/plain")
