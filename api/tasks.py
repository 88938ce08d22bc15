"""Beat's housekeeping for the API."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from api.models import IdempotentRequest


@shared_task
def prune_idempotent_requests() -> int:
    """Nightly: forget the answers to keyed writes older than IDEMPOTENCY_KEEP_HOURS."""
    since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=since).delete()
    return deleted
