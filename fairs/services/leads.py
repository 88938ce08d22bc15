"""Booth leads: a recruiter scans a graduate's ticket, proposes a position, the graduate agrees."""

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
            existing = _existing_application_id(lead.graduate, position)
            if existing:
                lead.application_id = existing
                lead.consented_at = timezone.now()
        lead.save()
    return lead


def _existing_application_id(graduate: User, position) -> int | None:
    try:
        from candidates.models import Application
    except ImportError:
        return None
    application = (
        Application.objects.filter(position=position)
        .filter(**_application_graduate_filter(graduate))
        .first()
    )
    return application.pk if application else None


def _application_graduate_filter(graduate: User) -> dict:
    from candidates.models import Application

    field = Application._meta.get_field("graduate")
    if field.related_model._meta.model_name == "graduateprofile":
        return {"graduate__user": graduate}
    return {"graduate": graduate}


def confirm_lead(*, lead: Lead, by: User) -> Lead:
    """The graduate consents on their own phone: an application from that booth and fair is made."""
    if lead.graduate_id != by.pk:
        raise PermissionDenied(_("Only the graduate concerned can confirm."))
    if lead.position_id is None:
        raise ValidationError(_("The enterprise has not proposed a position yet."))
    if lead.consented_at is not None:
        return lead
    from candidates import services as candidate_services

    with transaction.atomic():
        try:
            application = candidate_services.apply(
                graduate=by.graduate_profile,
                position=lead.position,
                source="booth_scan",
                fair=lead.fair,
                by=by,
            )
        except candidate_services.AlreadyApplied as already:
            application = already.application
        lead.application_id = application.pk
        lead.consented_at = timezone.now()
        lead.save(update_fields=["application_id", "consented_at", "updated_at"])
    return lead
