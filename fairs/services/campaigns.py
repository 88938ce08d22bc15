"""Campaigns: the department's unit of account (a window, a hire window, targets)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from fairs.models import Campaign
from fairs.permissions import can_manage_campaigns

# Fields of a campaign that officers edit through create_campaign / update_campaign.
CAMPAIGN_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "hire_window_days",
    "target_associations",
    "target_enterprises",
    "target_graduates",
    "target_positions",
    "target_placements",
)


CAMPAIGN_COUNTS = tuple(name for name in CAMPAIGN_FIELDS if name.startswith(("hire_", "target_")))


def _validate_campaign(campaign: Campaign) -> None:
    """The rules a campaign's fields obey; raises every problem at once, field by field."""
    errors: dict[str, str] = {}
    campaign.name = (campaign.name or "").strip()
    if not campaign.name:
        errors["name"] = _("Give the campaign a name.")
    elif Campaign.objects.filter(name=campaign.name).exclude(pk=campaign.pk).exists():
        errors["name"] = _("A campaign with this name exists already.")
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = _("The campaign must end on or after its first day.")
    for name in CAMPAIGN_COUNTS:
        value = getattr(campaign, name)
        if value is None or value < 0:
            errors[name] = (
                _("The hire window is a number of days: 0 or more.")
                if name == "hire_window_days"
                else _("A target is 0 or more.")
            )
    if errors:
        raise ValidationError(errors)


def _check_campaign_fields(fields: dict) -> None:
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": names})


def _save_campaign(campaign: Campaign) -> None:
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:  # a concurrent campaign took the name between check and save
        raise ValidationError({"name": _("A campaign with this name exists already.")}) from None


def create_campaign(*, by: User, name: str, starts_on, ends_on, **fields) -> Campaign:
    """Officers create campaigns; a campaign ends on or after the day it starts, with a hire
    window and targets that are never negative, under a name no other campaign has."""
    if not can_manage_campaigns(by):
        raise PermissionDenied(_("Only department officers create campaigns."))
    _check_campaign_fields(fields)
    campaign = Campaign(name=name, starts_on=starts_on, ends_on=ends_on, created_by=by, **fields)
    with transaction.atomic():
        _validate_campaign(campaign)
        _save_campaign(campaign)
    return campaign


def update_campaign(*, campaign: Campaign, by: User, **fields) -> Campaign:
    """Officers change a campaign's name, dates, hire window and targets (the rules of creating)."""
    if not can_manage_campaigns(by):
        raise PermissionDenied(_("Only department officers change campaigns."))
    _check_campaign_fields(fields)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        for name, value in fields.items():
            setattr(campaign, name, value)
        _validate_campaign(campaign)
        _save_campaign(campaign)
    return campaign
