"""Liveness, readiness and metrics endpoints, for the load balancer and Prometheus.

/healthz answers 200 while the process serves (nothing else is asked). /readyz asks each service
(ops/checks.py) and answers 200 while the node can serve, 503 when the database is unreachable.
/metrics is Prometheus's text format; with METRICS_TOKEN set it wants `Authorization: Bearer
<token>`, and the nginx site serves neither /readyz nor /metrics outside the private network.
"""

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from ops import checks, metrics


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "alive"})


@never_cache
@require_GET
def readyz(request):
    status, results = checks.readiness()
    body = {"status": status, "checks": {name: r.as_dict() for name, r in results.items()}}
    return JsonResponse(body, status=503 if status == "unavailable" else 200)


@never_cache
@require_GET
def metrics_view(request):
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    return HttpResponse(metrics.render(queues), content_type=CONTENT_TYPE_LATEST)
