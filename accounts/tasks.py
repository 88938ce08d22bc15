"""Background work of accounts: delivering an SMS through the backend SMS_URL names."""

import logging

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone

from accounts.models import SmsKind, SmsMessage
from core.sms import Sms, SmsError, get_backend
from outbox.core import OutboxTask

logger = logging.getLogger(__name__)

# A code is worth nothing after a few minutes: tried this often, then left failed (the person
# sees "not sent" and asks again). Notifications keep trying longer.
CODE_TRIES = 3
NOTICE_TRIES = 8
REDACTED_CODE = "******"


class SmsTask(OutboxTask):
    """An outbox task (written with the change, sent after commit) retried soon: a code must
    arrive within minutes."""

    max_attempts = NOTICE_TRIES
    retry_backoff = 5
    retry_backoff_max = 600


@shared_task(base=SmsTask)
def send_sms(message_id: int) -> str:
    """Send one `SmsMessage`; a message sent once is never sent again.

    A provider error that may pass (network, throttling, 5xx) raises, and the outbox tries
    again with back-off; any other, or the last try, leaves the message failed with the
    provider's reason, which the person is shown ("code not sent").
    """
    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None or message.status != SmsMessage.Status.PENDING:
        return "skipped"
    SmsMessage.objects.filter(pk=message_id).update(attempts=F("attempts") + 1)
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
        last = not transient or message.attempts + 1 >= tries
        updates = {
            "status": SmsMessage.Status.FAILED if last else SmsMessage.Status.PENDING,
            "error": str(error)[:500],
        }
        if last:
            updates.update(_redacted(message))  # never sent: nobody needs the code any more
        SmsMessage.objects.filter(pk=message_id).update(**updates)
        if last:
            logger.warning("SMS %s to %s not sent: %s", message_id, message.phone, error)
            return "failed"
        raise
    updates = {"status": SmsMessage.Status.SENT, "sent_at": timezone.now(), "error": ""}
    updates["provider_id"] = provider_id[:100]
    # Once it is out, the code is nobody's business here: it lives in the person's session.
    updates.update(_redacted(message))
    SmsMessage.objects.filter(pk=message_id).update(**updates)
    return "sent"


def _redacted(message: SmsMessage) -> dict:
    """The fields that hide a code's digits (nothing for other kinds)."""
    if message.kind != SmsKind.CODE:
        return {}
    code = message.params.get("code", "")
    return {
        "params": {**message.params, "code": REDACTED_CODE},
        "text": message.text.replace(code, REDACTED_CODE) if code else message.text,
    }
