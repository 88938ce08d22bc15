"""Background work of graduates: the daily digest, and the follow-ups of candidates.followups.

Tasks take ids and dates, re-read the rows and are safe to run twice: one digest per graduate and
day (a unique constraint); the follow-ups guard on each row's state, so a repeated or overlapping
run changes nothing twice. Their e-mails and index updates are outbox rows written with each
change.
"""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from candidates import digests, followups
from outbox.core import OutboxTask

# Outbox rows of one beat run are written in transactions of this many graduates.
FAN_OUT_BATCH = 500


@shared_task(acks_late=True)
def send_recommendation_digests(day: str | None = None) -> int:
    """Queue the day's digest of every graduate who wants one (daily, from beat): one outbox
    message each, so a broker outage delays digests and loses none."""
    day = day or timezone.localdate().isoformat()
    ids = list(digests.graduates_for_digest())
    for start in range(0, len(ids), FAN_OUT_BATCH):
        with transaction.atomic():
            for graduate_id in ids[start : start + FAN_OUT_BATCH]:
                send_recommendation_digest.delay(graduate_id, day)
    return len(ids)


@shared_task(base=OutboxTask, max_attempts=4)
def send_recommendation_digest(graduate_id: int, day: str) -> bool:
    """One graduate's digest of `day`; its e-mail is an outbox message of the digest's row."""
    digest = digests.send_recommendation_digest(
        graduate_id=graduate_id, day=datetime.date.fromisoformat(day)
    )
    return digest is not None


@shared_task(acks_late=True)
def follow_up_unanswered_applications() -> dict[str, int]:
    """Close overdue unanswered applications and remind recruiters of those due soon (hourly)."""
    return followups.follow_up_unanswered_applications()


@shared_task(acks_late=True)
def check_positions_still_hiring() -> dict[str, int]:
    """Ask idle positions "still hiring?" and unlist those left unconfirmed (daily)."""
    return followups.check_positions_still_hiring()
