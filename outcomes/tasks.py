"""Background work of outcomes: PDF reports and the nightly snapshot. Tasks take ids, re-read the
rows and are safe to run twice."""

import datetime

from celery import shared_task

from outbox.core import OutboxTask
from outcomes import services


@shared_task(base=OutboxTask, max_attempts=3)
def generate_report(report_id: int) -> bool:
    """Render the report's PDF (a failed try is recorded on the report, then retried)."""
    report = services.build_report(report_id=report_id)
    return report is not None


@shared_task(acks_late=True)
def take_snapshot(day: str | None = None) -> int:
    """Store the day's figures (nightly, from beat); a rerun the same day replaces them."""
    parsed = datetime.date.fromisoformat(day) if day else None
    return len(services.take_snapshot(day=parsed))
