"""Enterprises at a fair: registration, the organisers' decision, waiting list, booths, presence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from associations.models import Enterprise
from associations.selectors import approved_association_ids
from associations.services import require_verified
from core.mail import send_templated_email_on_commit
from fairs.models import Fair, Participation, SlotBooking
from fairs.permissions import can_act_for_enterprise, can_manage_fair
from fairs.services import effects
from fairs.services.common import participation_event, recruiter_emails, require_window
from fairs.services.slots import cancel_bookings

T = Participation.TRANSITIONS


def _notify_enterprise(participation: Participation, template: str, **context) -> None:
    for email in recruiter_emails([participation.enterprise_id]):
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
    require_window(
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
            participation_event(participation, by, "registered", "")
            effects.schedule_position_reindex_ids([p.pk for p in positions])
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
        T.require("change_positions", participation.status, _("This participation is not active."))
        before = set(participation.positions.values_list("pk", flat=True))
        participation.positions.set(positions)
        participation_event(participation, by, "positions_changed", participation.status)
        effects.schedule_position_reindex_ids(before | {p.pk for p in positions})
        effects.schedule_brochure(participation.fair_id)


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
        T.require(
            "approve",
            participation.status,
            _("This participation cannot be approved in its current state."),
        )
        booth_number = _check_booth(fair, participation, booth_number)
        before = participation.status
        approved = fair.participations.filter(status=Participation.Status.APPROVED).count()
        participation.decision_reason = reason.strip()
        if approved >= fair.booth_capacity:
            participation.status = T.target("waitlist")
            participation.waitlisted_at = participation.waitlisted_at or timezone.now()
            action = "waitlisted"
        else:
            participation.status = T.target("approve")
            participation.booth_number = booth_number
            action = "approved"
        participation.save()
        participation_event(participation, by, action, before, reason.strip())
        _notify_enterprise(participation, "fairs/email/participation_decided")
        effects.schedule_brochure(fair.pk)
        effects.schedule_position_reindex(fair)
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
        T.require(
            "reject",
            participation.status,
            _("This participation cannot be rejected in its current state."),
        )
        before = participation.status
        participation.status = T.target("reject")
        participation.decision_reason = reason
        participation.booth_number = ""
        participation.save()
        participation_event(participation, by, "rejected", before, reason)
        _notify_enterprise(participation, "fairs/email/participation_decided")
        if before == Participation.Status.APPROVED:
            _promote_from_waiting_list(participation.fair_id)
        effects.schedule_brochure(participation.fair_id)
        effects.schedule_position_reindex(participation.fair)
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
        T.require("withdraw", participation.status, _("This participation is not active."))
        before = participation.status
        participation.status = T.target("withdraw")
        participation.booth_number = ""
        participation.save()
        participation_event(participation, by, "withdrawn", before)
        if before == Participation.Status.APPROVED:
            # Its video interviews will not take place: free the graduates' time and tell them.
            cancel_bookings(
                SlotBooking.objects.filter(
                    fair_id=participation.fair_id,
                    enterprise_id=participation.enterprise_id,
                    status=SlotBooking.Status.BOOKED,
                    slot__starts_at__gt=timezone.now(),
                ),
                reason=gettext_lazy("The enterprise withdrew from the fair."),
            )
            _promote_from_waiting_list(participation.fair_id)
        effects.schedule_brochure(participation.fair_id)
        effects.schedule_position_reindex(participation.fair)
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
        nxt.status = T.target("promote")
        nxt.save()
        participation_event(
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
    T.require("assign_booth", participation.status, _("Only approved enterprises get a booth."))
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
        participation_event(
            participation, by, "booth_assigned", participation.status, f"{old or '∅'} → {booth}"
        )
        effects.schedule_brochure(participation.fair_id)
    return participation


def mark_present(*, participation: Participation, by: User, present: bool = True) -> Participation:
    """Staff record that an approved enterprise is at its booth (or undo a mistaken mark)."""
    if not can_manage_fair(by, participation.fair):
        raise PermissionDenied(_("Only the fair's organisers record presence."))
    T.require(
        "mark_present",
        participation.status,
        _("Only approved enterprises can be marked present."),
    )
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if present and participation.present_at is None:
            participation.present_at = timezone.now()
            participation.no_show = False
            participation.save(update_fields=["present_at", "no_show", "updated_at"])
            participation_event(participation, by, "present", participation.status)
        elif not present and participation.present_at is not None:
            participation.present_at = None
            participation.save(update_fields=["present_at", "updated_at"])
            participation_event(participation, by, "presence_undone", participation.status)
    return participation
