"""Self check-in kiosks (自助签到机): tablets at a fair's door where graduates scan their own
ticket, with a key that checks tickets in at that one fair and does nothing else."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from fairs.models import Fair, FairEvent, Kiosk
from fairs.permissions import can_manage_fair
from fairs.services.checkin import clean_door, forget_desks, kiosk_key_digest

MAX_KIOSKS_PER_FAIR = 50


def create_kiosk(*, fair: Fair, name: str, by: User) -> tuple[Kiosk, str]:
    """The fair's staff set up a kiosk at a door; returns it with its key, which is shown this
    once (only its digest is kept): whoever holds the key can check tickets in at this fair, so
    it opens the kiosk page and nothing else, until a member of staff switches the kiosk off."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers set up kiosks."))
    name = clean_door(name)
    if not name:
        raise ValidationError({"name": _("Name the door the kiosk stands at.")})
    if not fair.is_campus or fair.status not in Fair.OPEN_STATUSES:
        raise ValidationError(_("Kiosks are for campus fairs that are published or running."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.kiosks.filter(revoked_at=None).count() >= MAX_KIOSKS_PER_FAIR:
            raise ValidationError(
                _("A fair has at most %(n)s kiosks: switch one off first.")
                % {"n": MAX_KIOSKS_PER_FAIR}
            )
        key = secrets.token_urlsafe(24)
        kiosk = Kiosk.objects.create(
            fair=fair, name=name, key_digest=kiosk_key_digest(key), created_by=by
        )
        FairEvent.objects.create(
            fair=fair, actor=by, action="kiosk_created", from_status="", to_status="", note=name
        )
    return kiosk, key


def revoke_kiosk(*, kiosk: Kiosk, by: User) -> Kiosk:
    """Switch a kiosk off: its key checks nothing in any more, from its next scan."""
    if not can_manage_fair(by, kiosk.fair):
        raise PermissionDenied(_("Only the fair's organisers switch kiosks off."))
    with transaction.atomic():
        kiosk = Kiosk.objects.select_for_update().get(pk=kiosk.pk)
        if kiosk.revoked_at is not None:
            raise ValidationError(_("This kiosk is switched off already."))
        kiosk.revoked_at = timezone.now()
        kiosk.revoked_by = by
        kiosk.save(update_fields=["revoked_at", "revoked_by"])
        FairEvent.objects.create(
            fair=kiosk.fair,
            actor=by,
            action="kiosk_revoked",
            from_status="",
            to_status="",
            note=kiosk.name,
        )
    # This process stops it at once; the others within checkin.DESK_CACHE_SECONDS.
    forget_desks()
    return kiosk
