"""Celery tasks of applications, run by beat: the follow-ups of candidates.followups (idempotent:
each re-reads the rows and guards on their state, so a repeated or overlapping run changes
nothing twice). Their e-mails and index updates are outbox rows written with each change."""

from celery import shared_task

from candidates import followups


@shared_task(acks_late=True)
def follow_up_unanswered_applications() -> dict[str, int]:
    """Close overdue unanswered applications and remind recruiters of those due soon (hourly)."""
    return followups.follow_up_unanswered_applications()


@shared_task(acks_late=True)
def check_positions_still_hiring() -> dict[str, int]:
    """Ask idle positions "still hiring?" and unlist those left unconfirmed (daily)."""
    return followups.check_positions_still_hiring()
