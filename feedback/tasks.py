"""Celery task of fair feedback, run by beat: asking each fair's visitors after it (idempotent:
one FeedbackRequest per person and fair, so a repeated run asks nobody twice; each request and its
notice, e-mail included as an outbox row, commit together)."""

from celery import shared_task

from feedback import services


@shared_task(acks_late=True)
def ask_for_fair_feedback() -> int:
    """Ask the checked-in graduates and participating recruiters of fairs just ended (hourly)."""
    return services.ask_for_fair_feedback()
