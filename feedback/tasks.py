"""Celery task of fair feedback, run by beat: asking each fair's visitors after it (idempotent:
one FeedbackRequest per person and fair, so a repeated run asks nobody twice)."""

from celery import shared_task


@shared_task(acks_late=True)
def ask_for_fair_feedback() -> int:
    """Ask the checked-in graduates and participating recruiters of fairs just ended (hourly)."""
    from feedback import services

    return services.ask_for_fair_feedback()
