"""Celery tasks of positions: the daily expiry of positions whose deadline has passed."""

from celery import shared_task

from jobs import services


@shared_task(acks_late=True)
def expire_positions() -> int:
    """Expire published positions past their deadline (idempotent: run it as often as you like)."""

    return services.expire_positions()
