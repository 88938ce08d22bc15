"""What the fairs' use cases share: registration windows, event rows, recruiters' addresses."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from associations.models import EnterpriseRecruiter
from core.times import local_minute
from fairs.models import Participation, ParticipationEvent


def require_window(opens: datetime, closes: datetime, *, not_yet: str, over: str) -> None:
    """Refuse outside a registration window, saying when it opens or when it closed."""
    now = timezone.now()
    if now < opens:
        raise ValidationError(not_yet % {"when": local_minute(opens)})
    if now > closes:
        raise ValidationError(over % {"when": local_minute(closes)})


def participation_event(p: Participation, by, action: str, before: str, reason: str = ""):
    ParticipationEvent.objects.create(
        participation=p,
        actor=by,
        action=action,
        from_status=before,
        to_status=p.status,
        reason=reason,
    )


def recruiter_emails(enterprise_ids) -> list[str]:
    return list(
        EnterpriseRecruiter.objects.filter(
            enterprise_id__in=list(enterprise_ids), status=EnterpriseRecruiter.Status.ACTIVE
        ).values_list("user__email", flat=True)
    )
