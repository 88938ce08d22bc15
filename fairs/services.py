"""Use cases of fairs: every state change of campaigns, fairs, participations, tickets and slots.

Each function checks permission and rules, writes inside a transaction, records an event row where
someone else cares, and schedules side effects (mail, brochure, reminders, indexing) on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.mail import send_templated_email_on_commit
from accounts.models import User
from accounts.roles import roles_for
from accounts.times import local_minute
from associations.models import Association, Enterprise, EnterpriseRecruiter
from fairs.models import (
    Campaign,
    Fair,
    FairEvent,
    InterviewSlot,
    Lead,
    Participation,
    ParticipationEvent,
    SlotBooking,
    Ticket,
)
from fairs.permissions import (
    can_act_for_enterprise,
    can_create_fair,
    can_manage_campaigns,
    can_manage_fair,
    can_see_fair,
)

REMINDER_OFFSETS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}

# Fields of a fair that its managers edit through create_fair / update_fair.
FAIR_FIELDS = (
    "title",
    "kind",
    "format",
    "host_university",
    "venue",
    "city",
    "starts_at",
    "ends_at",
    "enterprise_registration_opens",
    "enterprise_registration_closes",
    "graduate_registration_opens",
    "graduate_registration_closes",
    "booth_capacity",
    "venue_capacity",
    "industries",
    "description",
    "poster",
    "eligible_education",
    "eligible_graduation_years",
    "eligible_majors",
    "presenting_enterprise",
    "room",
    "campaign",
)


def _require_window(opens: datetime, closes: datetime, *, not_yet: str, over: str) -> None:
    """Refuse outside a registration window, saying when it opens or when it closed."""
    now = timezone.now()
    if now < opens:
        raise ValidationError(not_yet % {"when": local_minute(opens)})
    if now > closes:
        raise ValidationError(over % {"when": local_minute(closes)})


# --- Campaigns ------------------------------------------------------------------------------


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


# --- Fairs ----------------------------------------------------------------------------------


def _validate_fair(fair: Fair) -> None:
    """The rules a fair's own fields obey; raises every problem at once, field by field."""
    errors: dict[str, str] = {}
    if fair.starts_at and fair.ends_at and fair.ends_at <= fair.starts_at:
        errors["ends_at"] = _("The fair must end after it starts.")
    for who, opens, closes in (
        ("enterprise", "enterprise_registration_opens", "enterprise_registration_closes"),
        ("graduate", "graduate_registration_opens", "graduate_registration_closes"),
    ):
        start, end = getattr(fair, opens), getattr(fair, closes)
        if start and end and end <= start:
            errors[closes] = _("Registration must close after it opens.")
        elif end and fair.ends_at and end > fair.ends_at:
            errors[closes] = (
                _("Enterprise registration must close by the end of the fair (%(end)s).")
                if who == "enterprise"
                else _("Graduate registration must close by the end of the fair (%(end)s).")
            ) % {"end": local_minute(fair.ends_at)}
    errors.update(_eligibility_errors(fair))
    if fair.kind == Fair.Kind.CAMPUS and not (fair.venue or "").strip():
        errors["venue"] = _("A campus fair needs a venue.")
    if fair.format == Fair.Format.PRESENTATION and fair.presenting_enterprise_id is None:
        errors["presenting_enterprise"] = _("A presentation needs the enterprise presenting.")
    if fair.pk:
        registered = fair.tickets.filter(status=Ticket.Status.ACTIVE).count()
        if fair.venue_capacity < registered:
            errors["venue_capacity"] = _(
                "%(count)s graduates are registered already: the capacity cannot be lower."
            ) % {"count": registered}
        approved = fair.participations.filter(status=Participation.Status.APPROVED).count()
        if fair.booth_capacity < approved:
            errors["booth_capacity"] = _(
                "%(count)s enterprises are approved already: the number of booths cannot be lower."
            ) % {"count": approved}
    if errors:
        raise ValidationError(errors)


def _eligibility_errors(fair: Fair) -> dict[str, str]:
    """The eligibility rules are lists (JSON in the database): of degrees, of graduation years
    (1950-2100) and of major keywords. Anything else would be stored as given and then fail every
    graduate's registration, so it is refused when the fair is saved."""
    from jobs.models import Education

    def is_list_of(value, check) -> bool:
        return isinstance(value, list) and all(check(item) for item in value)

    errors = {}
    if not is_list_of(fair.eligible_education, lambda e: e in Education.values):
        errors["eligible_education"] = _("Choose degrees from the list: %(values)s.") % {
            "values": ", ".join(Education.values)
        }
    if not is_list_of(
        fair.eligible_graduation_years,
        lambda y: isinstance(y, int) and not isinstance(y, bool) and 1950 <= y <= 2100,
    ):
        errors["eligible_graduation_years"] = _("Enter years as numbers, e.g. 2025, 2026.")
    if not is_list_of(fair.eligible_majors, lambda m: isinstance(m, str) and 0 < len(m) <= 100):
        errors["eligible_majors"] = _("Enter majors as a list of keywords, e.g. 计算机, 软件.")
    return errors


def _fair_event(fair: Fair, by: User | None, action: str, before: str = "", note: str = ""):
    FairEvent.objects.create(
        fair=fair, actor=by, action=action, from_status=before, to_status=fair.status, note=note
    )


def create_fair(*, organiser: Association, by: User, co_organisers=(), **fields) -> Fair:
    """Staff of an association (or an officer) create a fair as a draft."""
    if not can_create_fair(by, organiser):
        raise PermissionDenied(_("Only the association's staff can create its fairs."))
    unknown = set(fields) - set(FAIR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    fair = Fair(organiser=organiser, created_by=by, **fields)
    _validate_fair(fair)
    with transaction.atomic():
        fair.save()
        if co_organisers:
            fair.co_organisers.set([a for a in co_organisers if a.pk != organiser.pk])
        _fair_event(fair, by, "created")
    return fair


def update_fair(*, fair: Fair, by: User, co_organisers=None, **fields) -> Fair:
    """Managers edit a fair; capacities never go below what is already registered."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can change it."))
    if fair.status in (Fair.Status.FINISHED, Fair.Status.CANCELLED):
        raise ValidationError(_("A finished or cancelled fair cannot be changed."))
    unknown = set(fields) - set(FAIR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        old_start = fair.starts_at
        changed = [name for name, value in fields.items() if getattr(fair, name) != value]
        for name, value in fields.items():
            setattr(fair, name, value)
        _validate_fair(fair)
        fair.save()
        if co_organisers is not None:
            fair.co_organisers.set([a for a in co_organisers if a.pk != fair.organiser_id])
        _fair_event(fair, by, "updated", fair.status, note=", ".join(sorted(changed)))
        if fair.is_presentation and fair.starts_at != old_start:
            for ticket in fair.tickets.filter(status=Ticket.Status.ACTIVE):
                _schedule_ticket_reminders(ticket, fair.starts_at)
        if fair.status != Fair.Status.DRAFT:
            _schedule_brochure(fair.pk)
    return fair


def publish_fair(*, fair: Fair, by: User) -> Fair:
    """A draft becomes public: enterprises and graduates can register within the windows."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can publish it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status != Fair.Status.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        _validate_fair(fair)
        fair.status = Fair.Status.PUBLISHED
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "published", Fair.Status.DRAFT)
        _schedule_brochure(fair.pk)
        _schedule_position_reindex(fair)
    return fair


def cancel_fair(*, fair: Fair, by: User, reason: str) -> Fair:
    """Cancel a fair and tell everyone registered (graduates and participating enterprises)."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can cancel it."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the fair is cancelled: everyone registered reads it.")}
        )
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status in (Fair.Status.FINISHED, Fair.Status.CANCELLED):
            raise ValidationError(_("This fair is already finished or cancelled."))
        before = fair.status
        fair.status = Fair.Status.CANCELLED
        fair.cancellation_reason = reason
        fair.save(update_fields=["status", "cancellation_reason", "updated_at"])
        _fair_event(fair, by, "cancelled", before, note=reason)
        emails = set(
            fair.tickets.filter(status=Ticket.Status.ACTIVE).values_list(
                "graduate__email", flat=True
            )
        )
        enterprise_ids = fair.participations.filter(
            status__in=Participation.LIVE_STATUSES
        ).values_list("enterprise_id", flat=True)
        emails |= set(_recruiter_emails(enterprise_ids))
        for email in sorted(emails):
            send_templated_email_on_commit(
                to=[email],
                template="fairs/email/fair_cancelled",
                context={"fair": fair, "reason": reason},
            )
        _schedule_position_reindex(fair)
    return fair


def start_fair(*, fair: Fair, by: User | None = None) -> Fair:
    """Published → ongoing (the day it starts, or when staff open the doors)."""
    if by is not None and not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can open it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status != Fair.Status.PUBLISHED:
            return fair
        fair.status = Fair.Status.ONGOING
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "started", Fair.Status.PUBLISHED)
    return fair


def finish_fair(*, fair: Fair, by: User | None = None) -> Fair:
    """Ongoing (or published) → finished; approved enterprises never marked present are no-shows."""
    if by is not None and not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can close it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status not in Fair.OPEN_STATUSES:
            return fair
        before = fair.status
        fair.status = Fair.Status.FINISHED
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "finished", before)
        if fair.is_campus:
            absent = fair.participations.filter(
                status=Participation.Status.APPROVED, present_at__isnull=True, no_show=False
            )
            for participation in absent:
                participation.no_show = True
                participation.save(update_fields=["no_show", "updated_at"])
                _participation_event(participation, by, "no_show", participation.status)
        _schedule_position_reindex(fair)
    return fair


def advance_fair_statuses(now: datetime | None = None) -> int:
    """Start the fairs whose time has come and finish those that ended; returns how many moved."""
    now = now or timezone.now()
    moved = 0
    for fair in Fair.objects.filter(
        status=Fair.Status.PUBLISHED, starts_at__lte=now, ends_at__gt=now
    ):
        start_fair(fair=fair)
        moved += 1
    for fair in Fair.objects.filter(status__in=Fair.OPEN_STATUSES, ends_at__lte=now):
        finish_fair(fair=fair)
        moved += 1
    return moved


# --- Participations -------------------------------------------------------------------------


def _participation_event(p: Participation, by, action: str, before: str, reason: str = ""):
    ParticipationEvent.objects.create(
        participation=p,
        actor=by,
        action=action,
        from_status=before,
        to_status=p.status,
        reason=reason,
    )


def _recruiter_emails(enterprise_ids) -> list[str]:
    return list(
        EnterpriseRecruiter.objects.filter(
            enterprise_id__in=list(enterprise_ids), status=EnterpriseRecruiter.Status.ACTIVE
        ).values_list("user__email", flat=True)
    )


def _notify_enterprise(participation: Participation, template: str, **context) -> None:
    for email in _recruiter_emails([participation.enterprise_id]):
        send_templated_email_on_commit(
            to=[email],
            template=template,
            context={"participation": participation, "fair": participation.fair, **context},
        )


def register_participation(
    *,
    fair: Fair,
    enterprise: Enterprise,
    by: User,
    positions=(),
    booth_preferences: str = "",
    live_room_url: str = "",
    introduction: str = "",
) -> Participation:
    """A verified member enterprise of an organising association registers within the window."""
    from associations.selectors import approved_association_ids
    from associations.services import require_verified

    if not can_act_for_enterprise(by, enterprise.pk):
        raise PermissionDenied(_("Only the enterprise's recruiters can register it for a fair."))
    require_verified(enterprise)
    if not set(approved_association_ids(enterprise)) & fair.organiser_ids():
        raise ValidationError(
            _(
                "Only member enterprises of the organising associations can take part: "
                "ask %(name)s to approve %(enterprise)s as a member first."
            )
            % {"name": fair.organiser.name, "enterprise": enterprise.name}
        )
    if fair.status not in Fair.OPEN_STATUSES:
        raise ValidationError(_("This fair is not open for registration."))
    _require_window(
        fair.enterprise_registration_opens,
        fair.enterprise_registration_closes,
        not_yet=_("Enterprise registration opens on %(when)s."),
        over=_("Enterprise registration closed on %(when)s."),
    )
    if fair.is_presentation and fair.presenting_enterprise_id != enterprise.pk:
        raise ValidationError(_("This presentation belongs to another enterprise."))
    positions = list(positions)
    foreign = [p for p in positions if p.enterprise_id != enterprise.pk]
    if foreign:
        raise ValidationError(
            {"positions": _("Only the enterprise's own positions can be listed.")}
        )
    closed = [p.title for p in positions if not p.is_open]
    if closed:
        raise ValidationError(
            {
                "positions": _("These positions are not open: %(titles)s")
                % {"titles": ", ".join(closed)}
            }
        )
    if fair.is_cloud and live_room_url and not live_room_url.startswith(("https://", "http://")):
        raise ValidationError({"live_room_url": _("Enter a web link (https://…).")})
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                fair=fair,
                enterprise=enterprise,
                booth_preferences=booth_preferences.strip(),
                live_room_url=live_room_url.strip(),
                introduction=introduction.strip(),
                registered_by=by,
            )
            participation.positions.set(positions)
            _participation_event(participation, by, "registered", "")
            _schedule_position_reindex_ids([p.pk for p in positions])
    except IntegrityError:
        raise ValidationError(
            _("%(enterprise)s is registered for this fair already.")
            % {"enterprise": enterprise.name}
        ) from None
    return participation


def update_participation_positions(*, participation: Participation, by: User, positions) -> None:
    """The recruiter changes the positions brought to the fair."""
    if not can_act_for_enterprise(by, participation.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters can change its participation."))
    positions = list(positions)
    if any(p.enterprise_id != participation.enterprise_id for p in positions):
        raise ValidationError(
            {"positions": _("Only the enterprise's own positions can be listed.")}
        )
    with transaction.atomic():
        # Locked: two recruiters saving at once each see the other's list, not a half-written one.
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.status not in Participation.LIVE_STATUSES:
            raise ValidationError(_("This participation is not active."))
        before = set(participation.positions.values_list("pk", flat=True))
        participation.positions.set(positions)
        _participation_event(participation, by, "positions_changed", participation.status)
        _schedule_position_reindex_ids(before | {p.pk for p in positions})
        _schedule_brochure(participation.fair_id)


def _check_booth(fair: Fair, participation: Participation, booth_number: str) -> str:
    booth_number = (booth_number or "").strip().upper()
    longest = Participation._meta.get_field("booth_number").max_length
    if len(booth_number) > longest:
        raise ValidationError(
            {"booth_number": _("A booth number has at most %(n)s characters.") % {"n": longest}}
        )
    if booth_number and (
        fair.participations.filter(status=Participation.Status.APPROVED, booth_number=booth_number)
        .exclude(pk=participation.pk)
        .exists()
    ):
        raise ValidationError(
            {"booth_number": _("Booth %(booth)s is taken already.") % {"booth": booth_number}}
        )
    return booth_number


def approve_participation(
    *, participation: Participation, by: User, booth_number: str = "", reason: str = ""
) -> Participation:
    """Approve a registration; when every booth is taken it goes on the waiting list instead."""
    if not can_manage_fair(by, participation.fair):
        raise PermissionDenied(_("Only the fair's organisers decide on participations."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=participation.fair_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.status not in (
            Participation.Status.PENDING,
            Participation.Status.WAITLISTED,
            Participation.Status.REJECTED,
        ):
            raise ValidationError(_("This participation cannot be approved in its current state."))
        booth_number = _check_booth(fair, participation, booth_number)
        before = participation.status
        approved = fair.participations.filter(status=Participation.Status.APPROVED).count()
        participation.decision_reason = reason.strip()
        if approved >= fair.booth_capacity:
            participation.status = Participation.Status.WAITLISTED
            participation.waitlisted_at = participation.waitlisted_at or timezone.now()
            action = "waitlisted"
        else:
            participation.status = Participation.Status.APPROVED
            participation.booth_number = booth_number
            action = "approved"
        participation.save()
        _participation_event(participation, by, action, before, reason.strip())
        _notify_enterprise(participation, "fairs/email/participation_decided")
        _schedule_brochure(fair.pk)
        _schedule_position_reindex(fair)
    return participation


def reject_participation(*, participation: Participation, by: User, reason: str) -> Participation:
    """Reject a registration, always with a reason the enterprise reads."""
    if not can_manage_fair(by, participation.fair):
        raise PermissionDenied(_("Only the fair's organisers decide on participations."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the enterprise a reason for the rejection.")})
    with transaction.atomic():
        _lock_fair_then(participation)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.status not in (
            Participation.Status.PENDING,
            Participation.Status.WAITLISTED,
            Participation.Status.APPROVED,
        ):
            raise ValidationError(_("This participation cannot be rejected in its current state."))
        before = participation.status
        participation.status = Participation.Status.REJECTED
        participation.decision_reason = reason
        participation.booth_number = ""
        participation.save()
        _participation_event(participation, by, "rejected", before, reason)
        _notify_enterprise(participation, "fairs/email/participation_decided")
        if before == Participation.Status.APPROVED:
            _promote_from_waiting_list(participation.fair_id)
        _schedule_brochure(participation.fair_id)
        _schedule_position_reindex(participation.fair)
    return participation


def withdraw_participation(*, participation: Participation, by: User) -> Participation:
    """The enterprise withdraws; a freed booth goes to the first on the waiting list."""
    if not (
        can_act_for_enterprise(by, participation.enterprise_id)
        or can_manage_fair(by, participation.fair)
    ):
        raise PermissionDenied(_("Only the enterprise's recruiters can withdraw it."))
    with transaction.atomic():
        _lock_fair_then(participation)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.status not in Participation.LIVE_STATUSES:
            raise ValidationError(_("This participation is not active."))
        before = participation.status
        participation.status = Participation.Status.WITHDRAWN
        participation.booth_number = ""
        participation.save()
        _participation_event(participation, by, "withdrawn", before)
        if before == Participation.Status.APPROVED:
            # Its video interviews will not take place: free the graduates' time and tell them.
            _cancel_bookings(
                SlotBooking.objects.filter(
                    fair_id=participation.fair_id,
                    enterprise_id=participation.enterprise_id,
                    status=SlotBooking.Status.BOOKED,
                    slot__starts_at__gt=timezone.now(),
                ),
                reason=gettext_lazy("The enterprise withdrew from the fair."),
            )
            _promote_from_waiting_list(participation.fair_id)
        _schedule_brochure(participation.fair_id)
        _schedule_position_reindex(participation.fair)
    return participation


def _lock_fair_then(participation: Participation) -> None:
    """Lock the participation's fair before the participation itself (inside a transaction).

    Approving and finishing lock the fair and then its participations; a service that locked a
    participation first and the fair second (to promote the waiting list) would deadlock with them.
    """
    Fair.objects.select_for_update().filter(pk=participation.fair_id).first()


def _promote_from_waiting_list(fair_id: int) -> Participation | None:
    """Give free booths to the waiting list, first come first served (inside a transaction)."""
    fair = Fair.objects.select_for_update().get(pk=fair_id)
    approved = fair.participations.filter(status=Participation.Status.APPROVED).count()
    promoted = None
    while approved < fair.booth_capacity:
        nxt = (
            fair.participations.select_for_update()
            .filter(status=Participation.Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if nxt is None:
            break
        nxt.status = Participation.Status.APPROVED
        nxt.save()
        _participation_event(
            nxt, None, "promoted", Participation.Status.WAITLISTED, _("A booth became free.")
        )
        _notify_enterprise(nxt, "fairs/email/participation_decided")
        promoted = nxt
        approved += 1
    return promoted


def assign_booth(*, participation: Participation, by: User, booth_number: str) -> Participation:
    """Give an approved enterprise its booth number (unique within the fair)."""
    if not can_manage_fair(by, participation.fair):
        raise PermissionDenied(_("Only the fair's organisers assign booths."))
    if participation.status != Participation.Status.APPROVED:
        raise ValidationError(_("Only approved enterprises get a booth."))
    with transaction.atomic():
        booth = _check_booth(participation.fair, participation, booth_number)
        old = participation.booth_number
        participation.booth_number = booth
        try:
            with transaction.atomic():
                participation.save(update_fields=["booth_number", "updated_at"])
        except IntegrityError:
            raise ValidationError(
                {"booth_number": _("Booth %(booth)s is taken already.") % {"booth": booth}}
            ) from None
        _participation_event(
            participation, by, "booth_assigned", participation.status, f"{old or '∅'} → {booth}"
        )
        _schedule_brochure(participation.fair_id)
    return participation


def mark_present(*, participation: Participation, by: User, present: bool = True) -> Participation:
    """Staff record that an approved enterprise is at its booth (or undo a mistaken mark)."""
    if not can_manage_fair(by, participation.fair):
        raise PermissionDenied(_("Only the fair's organisers record presence."))
    if participation.status != Participation.Status.APPROVED:
        raise ValidationError(_("Only approved enterprises can be marked present."))
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if present and participation.present_at is None:
            participation.present_at = timezone.now()
            participation.no_show = False
            participation.save(update_fields=["present_at", "no_show", "updated_at"])
            _participation_event(participation, by, "present", participation.status)
        elif not present and participation.present_at is not None:
            participation.present_at = None
            participation.save(update_fields=["present_at", "updated_at"])
            _participation_event(participation, by, "presence_undone", participation.status)
    return participation


# --- Graduates: registration, tickets, check-in ----------------------------------------------


def eligibility_problems(fair: Fair, user: User) -> list[str]:
    """Why the graduate may not register for the fair under its rules (empty: eligible)."""
    from jobs.models import Education

    profile = getattr(user, "graduate_profile", None)
    if profile is None:
        return [_("Only graduates can register: complete your graduate profile first.")]
    problems: list[str] = []
    if fair.eligible_education:
        education = getattr(profile, "degree", "") or ""
        if not education:
            problems.append(_("This fair asks for your degree: add it to your profile."))
        elif education not in fair.eligible_education:
            labels = ", ".join(str(Education(e).label) for e in fair.eligible_education)
            problems.append(
                _("This fair is for graduates with these degrees: %(degrees)s.")
                % {"degrees": labels}
            )
    if fair.eligible_graduation_years:
        year = getattr(profile, "graduation_year", None)
        years = ", ".join(str(y) for y in fair.eligible_graduation_years)
        if not year:
            problems.append(_("This fair asks for your graduation year: add it to your profile."))
        elif int(year) not in [int(y) for y in fair.eligible_graduation_years]:
            problems.append(
                _("This fair is for graduates of %(years)s; your profile says %(year)s.")
                % {"years": years, "year": year}
            )
    if fair.eligible_majors:
        major = (getattr(profile, "major", "") or "").strip()
        if not major:
            problems.append(_("This fair asks for your major: add it to your profile."))
        elif not any(m and (m in major or major in m) for m in fair.eligible_majors):
            problems.append(
                _("This fair is for these majors: %(majors)s.")
                % {"majors": "、".join(fair.eligible_majors)}
            )
    return problems


def register_graduate(*, fair: Fair, by: User) -> Ticket:
    """A graduate registers in the window if eligible and a place is free; returns the ticket."""
    if not can_see_fair(by, fair):
        raise PermissionDenied(_("This fair is not open."))
    if not roles_for(by).graduate:
        raise PermissionDenied(_("Only graduates can register for fairs."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status not in Fair.OPEN_STATUSES:
            raise ValidationError(_("This fair is not open for registration."))
        _require_window(
            fair.graduate_registration_opens,
            fair.graduate_registration_closes,
            not_yet=_("Registration opens on %(when)s."),
            over=_("Registration closed on %(when)s."),
        )
        problems = eligibility_problems(fair, by)
        if problems:
            raise ValidationError(problems)
        existing = fair.tickets.filter(graduate=by, status=Ticket.Status.ACTIVE).first()
        if existing:
            raise ValidationError(_("You are registered for this fair already."))
        if fair.tickets.filter(status=Ticket.Status.ACTIVE).count() >= fair.venue_capacity:
            raise ValidationError(_("This fair is full: every place is taken."))
        ticket = Ticket.objects.create(fair=fair, graduate=by)
        if fair.is_presentation:
            _schedule_ticket_reminders(ticket, fair.starts_at)
    return ticket


def cancel_ticket(*, ticket: Ticket, by: User) -> Ticket:
    """The graduate cancels a registration before the fair ends; the place is freed."""
    if ticket.graduate_id != by.pk:
        raise PermissionDenied(_("Only the ticket's holder can cancel it."))
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status != Ticket.Status.ACTIVE:
            raise ValidationError(_("This ticket is cancelled already."))
        if ticket.checked_in_at is not None:
            raise ValidationError(_("You have checked in already: the ticket cannot be cancelled."))
        ticket.status = Ticket.Status.CANCELLED
        ticket.cancelled_at = timezone.now()
        ticket.save(update_fields=["status", "cancelled_at"])
    return ticket


@dataclass(frozen=True)
class CheckIn:
    ticket: Ticket
    first_time: bool

    @property
    def message(self) -> str:
        name = self.ticket.graduate.get_full_name() or self.ticket.graduate.email
        if self.first_time:
            return _("%(name)s checked in.") % {"name": name}
        return _("%(name)s had already checked in at %(when)s.") % {
            "name": name,
            "when": local_minute(self.ticket.checked_in_at),
        }


def check_in(*, fair: Fair, code: str, by: User) -> CheckIn:
    """Check a ticket in: twice is harmless; another fair's or a cancelled ticket is refused."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers check tickets in."))
    code = "".join((code or "").split()).upper()
    # A scanned QR code holds the ticket's URL; its last part is the code.
    code = code.rstrip("/").rsplit("/", 1)[-1]
    if not code:
        raise ValidationError({"code": _("Enter or scan a ticket code.")})
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update()
            .select_related("graduate", "fair")
            .filter(code=code)
            .first()
        )
        if ticket is None:
            raise ValidationError({"code": _("No ticket has the code %(code)s.") % {"code": code}})
        if ticket.fair_id != fair.pk:
            raise ValidationError(
                {
                    "code": _("This ticket is for another fair: %(fair)s.")
                    % {"fair": ticket.fair.title}
                }
            )
        if ticket.status != Ticket.Status.ACTIVE:
            raise ValidationError(
                {"code": _("This ticket was cancelled: it cannot be checked in.")}
            )
        if ticket.checked_in_at is not None:
            return CheckIn(ticket=ticket, first_time=False)
        if fair.status not in Fair.OPEN_STATUSES:
            raise ValidationError(_("Check-in is closed: the fair is not open."))
        ticket.checked_in_at = timezone.now()
        ticket.checked_in_by = by
        ticket.save(update_fields=["checked_in_at", "checked_in_by"])
    return CheckIn(ticket=ticket, first_time=True)


# --- Cloud fairs: interview slots -------------------------------------------------------------


def publish_slot(
    *, participation: Participation, by: User, starts_at: datetime, minutes: int, link: str
) -> InterviewSlot:
    """An approved enterprise publishes a video-interview slot during the fair."""
    if not can_act_for_enterprise(by, participation.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters publish its slots."))
    if participation.status != Participation.Status.APPROVED:
        raise ValidationError(_("Only approved participants publish interview slots."))
    fair = participation.fair
    _validate_slot(fair, starts_at, minutes, link)
    return InterviewSlot.objects.create(
        fair=fair,
        enterprise_id=participation.enterprise_id,
        starts_at=starts_at,
        minutes=minutes,
        link=link.strip(),
        created_by=by,
    )


def _validate_slot(fair: Fair, starts_at: datetime, minutes: int, link: str) -> None:
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("A slot must start in the future.")
    if not 5 <= int(minutes) <= 240:
        errors["minutes"] = _("A slot lasts between 5 and 240 minutes.")
    if not (link or "").startswith(("https://", "http://")):
        errors["link"] = _("Enter the video link (https://…).")
    day_before = fair.starts_at - timedelta(days=1)
    if starts_at < day_before or starts_at > fair.ends_at + timedelta(days=14):
        errors.setdefault(
            "starts_at",
            _("Interview slots take place around the fair (%(start)s – %(end)s).")
            % {"start": local_minute(fair.starts_at), "end": local_minute(fair.ends_at)},
        )
    if errors:
        raise ValidationError(errors)


def move_slot(*, slot: InterviewSlot, by: User, starts_at: datetime) -> InterviewSlot:
    """Move a slot; the booked graduate's reminders follow the new time (the old ones lapse)."""
    if not can_act_for_enterprise(by, slot.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters change its slots."))
    _validate_slot(slot.fair, starts_at, slot.minutes, slot.link)
    with transaction.atomic():
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        slot.starts_at = starts_at
        slot.save(update_fields=["starts_at"])
        booking = slot.bookings.filter(status=SlotBooking.Status.BOOKED).first()
        if booking:
            _schedule_booking_reminders(booking, starts_at)
    return slot


def delete_slot(*, slot: InterviewSlot, by: User) -> None:
    """Remove an unbooked slot."""
    if not can_act_for_enterprise(by, slot.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters change its slots."))
    if slot.bookings.filter(status=SlotBooking.Status.BOOKED).exists():
        raise ValidationError(_("A graduate booked this slot: move it instead of deleting it."))
    slot.delete()


def book_slot(*, slot: InterviewSlot, by: User) -> SlotBooking:
    """A graduate books a free, future slot: one per slot, one per enterprise and fair."""
    if not roles_for(by).graduate:
        raise PermissionDenied(_("Only graduates book interview slots."))
    if slot.fair.status not in Fair.OPEN_STATUSES:
        raise ValidationError(_("This fair is not open."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot has passed."))
    if not Participation.objects.filter(
        fair_id=slot.fair_id, enterprise_id=slot.enterprise_id, status=Participation.Status.APPROVED
    ).exists():
        raise ValidationError(_("This enterprise no longer takes part in this fair."))
    try:
        with transaction.atomic():
            # Lock the slot so two graduates booking it at once queue up here.
            InterviewSlot.objects.select_for_update().get(pk=slot.pk)
            if slot.bookings.filter(status=SlotBooking.Status.BOOKED).exists():
                raise ValidationError(_("This slot is taken: choose another one."))
            if SlotBooking.objects.filter(
                fair_id=slot.fair_id,
                enterprise_id=slot.enterprise_id,
                graduate=by,
                status=SlotBooking.Status.BOOKED,
            ).exists():
                raise ValidationError(
                    _("You have a slot with this enterprise at this fair already.")
                )
            booking = SlotBooking.objects.create(
                slot=slot, fair_id=slot.fair_id, enterprise_id=slot.enterprise_id, graduate=by
            )
            _schedule_booking_reminders(booking, slot.starts_at)
    except IntegrityError:
        # The database's constraint caught a concurrent booking the lock did not (SQLite).
        raise ValidationError(_("This slot is taken: choose another one.")) from None
    return booking


def cancel_booking(*, booking: SlotBooking, by: User) -> SlotBooking:
    """The graduate (or the enterprise) cancels a booking; the slot is free again."""
    if booking.graduate_id != by.pk and not can_act_for_enterprise(by, booking.enterprise_id):
        raise PermissionDenied(_("Only the graduate or the enterprise can cancel this booking."))
    with transaction.atomic():
        booking = (
            SlotBooking.objects.select_for_update(of=("self",))
            .select_related("slot", "graduate", "enterprise", "fair")
            .get(pk=booking.pk)
        )
        if booking.status != SlotBooking.Status.BOOKED:
            raise ValidationError(_("This booking is cancelled already."))
        by_graduate = booking.graduate_id == by.pk
        # The enterprise cancels: the graduate is told.
        reason = None if by_graduate else gettext_lazy("The enterprise cancelled the interview.")
        _cancel(booking, reason=reason)
    return booking


def _cancel_bookings(bookings, *, reason) -> int:
    """Cancel booked slots for the enterprise's side and e-mail each graduate (after commit)."""
    cancelled = 0
    for booking in bookings.select_for_update().select_related(
        "slot", "graduate", "enterprise", "fair"
    ):
        _cancel(booking, reason=reason)
        cancelled += 1
    return cancelled


def _cancel(booking: SlotBooking, *, reason=None) -> None:
    """Cancel a locked booking; with a reason (the enterprise's side) the graduate is e-mailed it
    after commit."""
    booking.status = SlotBooking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    if reason is not None:
        send_templated_email_on_commit(
            to=[booking.graduate.email],
            template="fairs/email/booking_cancelled",
            context={"slot": booking.slot, "fair": booking.fair, "reason": reason},
        )


# --- Reminders --------------------------------------------------------------------------------


def _schedule_booking_reminders(booking: SlotBooking, starts_at: datetime) -> None:
    from fairs.tasks import send_slot_reminder

    _schedule_reminders(send_slot_reminder, booking.pk, starts_at)


def _schedule_ticket_reminders(ticket: Ticket, starts_at: datetime) -> None:
    from fairs.tasks import send_presentation_reminder

    _schedule_reminders(send_presentation_reminder, ticket.pk, starts_at)


def _schedule_reminders(task, pk: int, starts_at: datetime) -> None:
    """Outbox rows due at each reminder time (the sweep sends them then; the task checks that
    the booking or ticket still stands and was not reminded for this time yet)."""
    now = timezone.now()
    for kind, offset in REMINDER_OFFSETS.items():
        eta = starts_at - offset
        if eta > now:
            task.apply_async(args=[pk, starts_at.isoformat(), kind], eta=eta)


def _reminder_is_due(starts_at: datetime, kind: str, now: datetime) -> bool:
    """Sent from the reminder time until the start; never earlier (e.g. an eager run)."""
    return starts_at - REMINDER_OFFSETS[kind] - timedelta(minutes=5) <= now < starts_at


def _remind_once(row, *, starts_at: datetime, kind: str, to: str, template: str, context) -> bool:
    """Send the `kind` reminder of the (locked) row for `starts_at` when it is due and was not
    sent for that time yet; the row remembers the time it was sent for."""
    if not _reminder_is_due(starts_at, kind, timezone.now()):
        return False
    field = f"reminded_{kind}_for"
    if getattr(row, field) == starts_at:
        return False
    setattr(row, field, starts_at)
    row.save(update_fields=[field])
    send_templated_email_on_commit(to=[to], template=template, context=context)
    return True


def send_slot_reminder(*, booking_id: int, starts_at: datetime, kind: str) -> bool:
    """Remind the graduate of a booked slot, if it is still booked at that time; once per time."""
    with transaction.atomic():
        booking = (
            SlotBooking.objects.select_for_update()
            .select_related("slot", "graduate", "enterprise", "fair")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None or booking.status != SlotBooking.Status.BOOKED:
            return False
        if booking.slot.starts_at != starts_at:
            return False  # moved: the reminders for the new time do the work
        return _remind_once(
            booking,
            starts_at=starts_at,
            kind=kind,
            to=booking.graduate.email,
            template="fairs/email/slot_reminder",
            context={"booking": booking, "slot": booking.slot, "fair": booking.fair},
        )


def send_presentation_reminder(*, ticket_id: int, starts_at: datetime, kind: str) -> bool:
    """Remind a registered graduate of a presentation, if it still starts then; once per time."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update()
            .select_related("fair", "graduate")
            .filter(pk=ticket_id)
            .first()
        )
        if ticket is None or ticket.status != Ticket.Status.ACTIVE:
            return False
        if ticket.fair.status not in Fair.OPEN_STATUSES or ticket.fair.starts_at != starts_at:
            return False
        return _remind_once(
            ticket,
            starts_at=starts_at,
            kind=kind,
            to=ticket.graduate.email,
            template="fairs/email/presentation_reminder",
            context={"ticket": ticket, "fair": ticket.fair},
        )


# --- Booth lead capture -----------------------------------------------------------------------


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


# --- Side effects -----------------------------------------------------------------------------


def _schedule_brochure(fair_id: int) -> None:
    from fairs.tasks import generate_brochure

    generate_brochure.delay(fair_id)


def _schedule_position_reindex(fair: Fair) -> None:
    ids = list(
        fair.participations.filter(status__in=Participation.LIVE_STATUSES).values_list(
            "positions__pk", flat=True
        )
    )
    _schedule_position_reindex_ids([pk for pk in ids if pk])


def _schedule_position_reindex_ids(ids) -> None:
    """Fair ids live in the positions' search documents: re-index the positions concerned."""
    from search.sync import schedule_position_index

    for pk in set(ids):
        schedule_position_index(pk)
