"""Booth leads: a recruiter scans a graduate's ticket, rates it and proposes a position.

The graduate's consent, which makes the application, is candidates' `confirm_lead`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from fairs.models import Lead, Participation, Ticket
from fairs.permissions import can_act_for_enterprise


def capture_lead(*, participation: Participation, code: str, by: User) -> Lead:
    """A recruiter scans a graduate's ticket at the booth: the lead is created (or found again)."""
    if not can_act_for_enterprise(by, participation.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters capture its leads."))
    if participation.status != Participation.Status.APPROVED:
        raise ValidationError(_("Only approved participants capture leads."))
    code = "".join((code or "").split()).upper().rstrip("/").rsplit("/", 1)[-1]
    ticket = Ticket.objects.select_related("graduate").filter(code=code).first()
    if ticket is None or ticket.fair_id != participation.fair_id:
        raise ValidationError({"code": _("This is not a ticket for this fair.")})
    if ticket.status != Ticket.Status.ACTIVE:
        raise ValidationError({"code": _("This ticket was cancelled.")})
    lead, _created = Lead.objects.get_or_create(
        fair_id=participation.fair_id,
        enterprise_id=participation.enterprise_id,
        graduate=ticket.graduate,
        defaults={"captured_by": by},
    )
    return lead


def update_lead(
    *, lead: Lead, by: User, rating: int | None = None, note: str = "", position=None
) -> Lead:
    """The recruiter rates the lead, notes, and picks the position to propose to the graduate.

    Picking a position asks the graduate's consent, unless they applied to it already.
    """
    if not can_act_for_enterprise(by, lead.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters edit its leads."))
    if rating is not None and not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    if position is not None and position.enterprise_id != lead.enterprise_id:
        raise ValidationError({"position": _("Choose one of the enterprise's positions.")})
    with transaction.atomic():
        lead.rating = rating
        lead.note = (note or "").strip()
        if position is not None and lead.position_id != position.pk:
            lead.position = position
            lead.consent_requested_at = timezone.now()
            # The graduate's application to it, if any (candidates relates applications to
            # positions; it sits above fairs, which reaches them through that relation).
            existing = (
                position.applications.filter(graduate__user_id=lead.graduate_id)
                .values_list("pk", flat=True)
                .first()
            )
            if existing:
                lead.application_id = existing
                lead.consented_at = timezone.now()
        lead.save()
    return lead
