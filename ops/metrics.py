"""Prometheus metrics at /metrics: what django-prometheus counts in every process (requests,
latencies by view, database queries and errors, cache gets and hits), plus what is read fresh at
each scrape: the services' readiness, Celery's queue lengths, the outbox's waiting and failed
side effects by task, and the campaign's figures of the day computed from rows (the tally's
applications, each running fair's check-ins), never counters kept on the side that could drift.

Under gunicorn each worker process counts on its own; with PROMETHEUS_MULTIPROC_DIR set (the
systemd unit does), they write to files there and a scrape adds them up (deploy/gunicorn.conf.py
removes a dead worker's files).
"""

import datetime
import os
import time

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily

from fairs.models import Fair
from fairs.selectors import fair_counters
from ops import checks
from outbox.models import OutboxMessage
from outcomes import tally

# Celery's queues (config/settings.py CELERY_TASK_QUEUES) and how kombu's Redis transport names
# the lists of their priority levels: "<queue>", "<queue>\x06\x163", "\x06\x166", "\x06\x169".
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")
# The figures of the day cost a few queries: each process computes them at most this often.
BUSINESS_TTL = 10.0


class JinpinCollector:
    """Gauges computed at scrape time (registered on the scrape's own registry)."""

    def __init__(self, queues: list[str]):
        self.queues = queues

    def collect(self):
        status, results = checks.readiness()
        up = GaugeMetricFamily(
            "jinpin_dependency_up",
            "1 when the service answered this node's readiness check (0: down)",
            labels=["dependency", "state"],
        )
        for name, result in results.items():
            up.add_metric([name, result.state], 1.0 if result.up else 0.0)
        yield up
        yield GaugeMetricFamily(
            "jinpin_ready",
            "1 when this node can serve requests (the database answers)",
            value=0.0 if status == "unavailable" else 1.0,
        )
        yield GaugeMetricFamily(
            "jinpin_search_degraded",
            "1 while searches are answered from the database (the search engine is down)",
            value=0.0 if results["search"].up else 1.0,
        )
        if results["broker"].state == checks.UP:
            yield self._queue_lengths()
        if results["database"].up:
            yield from self._outbox()
            yield from _business_figures()

    def _queue_lengths(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "jinpin_celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"]
        )
        client = checks.broker_client()
        try:
            pipe = client.pipeline(transaction=False)
            for queue in self.queues:
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
            lengths = pipe.execute()
        finally:
            client.close()
        step = len(PRIORITY_SUFFIXES)
        for n, queue in enumerate(self.queues):
            family.add_metric([queue], float(sum(lengths[n * step : (n + 1) * step])))
        return family

    def _outbox(self):
        messages = GaugeMetricFamily(
            "jinpin_outbox_messages",
            "Side effects not done yet, by task and status (failed: after their last try)",
            labels=["task", "status"],
        )
        rows = (
            OutboxMessage.objects.exclude(status=OutboxMessage.Status.DONE)
            .values_list("task", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for task, status, n in rows:
            messages.add_metric([task, status], float(n))
        yield messages
        oldest = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, not_before__lte=timezone.now()
        ).aggregate(due=Min("not_before"))["due"]
        yield GaugeMetricFamily(
            "jinpin_outbox_oldest_due_seconds",
            "How long the longest-waiting due side effect has waited (0: none waits)",
            value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
        )


_business_cache: tuple[float, list] = (0.0, [])


def _business_figures() -> list:
    global _business_cache
    computed_at, families = _business_cache
    if time.monotonic() - computed_at < BUSINESS_TTL:
        return families
    today = timezone.localdate()
    applications = GaugeMetricFamily(
        "jinpin_applications_today",
        "Applications made today (Asia/Shanghai), as the campaign tally counts them",
        value=float(tally.scoped_applications(tally.Scope(date_from=today, date_to=today)).count()),
    )
    checkins = GaugeMetricFamily(
        "jinpin_fair_checkins",
        "Tickets checked in and registered at each fair running today",
        labels=["fair", "figure"],
    )
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    running = Fair.objects.filter(
        status__in=Fair.OPEN_STATUSES,
        starts_at__lt=start + datetime.timedelta(days=1),
        ends_at__gte=start,
    ).order_by("pk")[:50]
    for fair in running:
        counters = fair_counters(fair)
        checkins.add_metric([str(fair.pk), "checked_in"], float(counters["checked_in"]))
        checkins.add_metric([str(fair.pk), "registered"], float(counters["registered"]))
    families = [applications, checkins]
    _business_cache = (time.monotonic(), families)
    return families


def render(queues: list[str]) -> bytes:
    """The scrape's text: every process's counters, plus the gauges read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        output = generate_latest(registry)
    else:
        output = generate_latest(REGISTRY)
    now = CollectorRegistry()
    now.register(JinpinCollector(queues))
    return output + generate_latest(now)
