"""Background work of graduates: the daily digest. Tasks take ids and dates, re-read the rows and
are safe to run twice (one digest per graduate and day, guarded by a unique constraint)."""

import datetime

from celery import shared_task
from django.utils import timezone

from candidates import digests


@shared_task(acks_late=True)
def send_recommendation_digests(day: str | None = None) -> int:
    """Queue the day's digest of every graduate who wants one (daily, from beat)."""
    day = day or timezone.localdate().isoformat()
    count = 0
    for graduate_id in digests.graduates_for_digest().iterator():
        send_recommendation_digest.delay(graduate_id, day)
        count += 1
    return count


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_recommendation_digest(graduate_id: int, day: str) -> bool:
    digest = digests.send_recommendation_digest(
        graduate_id=graduate_id, day=datetime.date.fromisoformat(day)
    )
    return digest is not None
