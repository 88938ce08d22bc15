"""Background work of accounts: delivering an SMS through the backend SMS_URL names."""

import logging

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone

from accounts.models import SmsKind, SmsMessage
from core.sms import Sms, SmsError, get_backend

logger = logging.getLogger(__name__)

# A code is worth nothing after a few minutes: tried this often, then left failed (the person
# sees "not sent" and asks again). Notifications keep trying longer.
CODE_TRIES = 3
NOTICE_TRIES = 8
REDACTED_CODE = "******"


@shared_task(bind=True, acks_late=True, max_retries=NOTICE_TRIES)
def send_sms(self, message_id: int) -> str:
    """Send one `SmsMessage`; idempotent (a message sent once is never sent again).

    A provider error that may pass (network, throttling, 5xx) is retried with back-off; any
    other leaves the message failed with the provider's reason, which the person is shown.
    """
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None or message.status == SmsMessage.Status.SENT:
        return "skipped"
    # Claim a try: two copies of the task (a redelivery) do not both send it.
    claimed = SmsMessage.objects.filter(
        pk=message_id, status=message.status, attempts=message.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    tries = CODE_TRIES if message.kind == SmsKind.CODE else NOTICE_TRIES
    sms = Sms(
        phone=message.phone,
        kind=message.kind,
        params=message.params,
        text=message.text,
        language=message.language,
    )
    try:
        provider_id = get_backend().send(sms)
    except (SmsError, ImproperlyConfigured) as error:
        transient = getattr(error, "transient", False)
        # Run in-process (no broker): no waiting inside a request, the person asks again.
        last = not transient or message.attempts + 1 >= tries or self.request.called_directly
        SmsMessage.objects.filter(pk=message_id).update(
            status=SmsMessage.Status.FAILED if last else SmsMessage.Status.PENDING,
            error=str(error)[:500],
        )
        if last:
            logger.warning("SMS %s to %s not sent: %s", message_id, message.phone, error)
            return "failed"
        raise self.retry(countdown=min(5 * 2**message.attempts, 600), exc=error) from error
    updates = {"status": SmsMessage.Status.SENT, "sent_at": timezone.now(), "error": ""}
    updates["provider_id"] = provider_id[:100]
    if message.kind == SmsKind.CODE:
        # Once it is out, the code is nobody's business here: it lives in the person's session.
        updates["params"] = {**message.params, "code": REDACTED_CODE}
        updates["text"] = message.text.replace(message.params.get("code", ""), REDACTED_CODE)
    SmsMessage.objects.filter(pk=message_id).update(**updates)
    return "sent"
