"""Mail delivery in the background: every e-mail the platform sends goes through `send_email`."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from outbox.core import OutboxTask


@shared_task(base=OutboxTask)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    from_email: str | None = None,
) -> None:
    """Send one message; a mail server that refuses it raises, and the outbox retries later."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
