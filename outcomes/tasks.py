"""Background work of outcomes: PDF reports and the nightly snapshot. Tasks take ids, re-read the
rows and are safe to run twice."""

import datetime

from celery import shared_task

from outcomes import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def generate_report(report_id: int) -> bool:
    report = services.build_report(report_id=report_id)
    return report is not None


@shared_task(acks_late=True)
def take_snapshot(day: str | None = None) -> int:
    """Store the day's figures (nightly, from beat); a rerun the same day replaces them."""
    parsed = datetime.date.fromisoformat(day) if day else None
    return len(services.take_snapshot(day=parsed))
