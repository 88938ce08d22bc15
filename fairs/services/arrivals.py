"""Arrival slots (分时段入场): organisers split a campus fair's entry into windows with places;
each window has its own waiting list, and a place freed in a window goes to the first graduate
waiting for it."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_templated_email_on_commit
from fairs.models import EntryWindow, Fair, FairEvent, Ticket
from fairs.permissions import can_manage_fair
from fairs.services.checkin import window_label

MAX_SLOTS_PER_FAIR = 48


def _require_manager(fair: Fair, by: User) -> None:
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers change its arrival slots."))


def _event(fair: Fair, by: User, action: str, slot: EntryWindow, note: str = "") -> None:
    label = window_label(slot.starts_at, slot.ends_at)
    FairEvent.objects.create(
        fair=fair,
        actor=by,
        action=action,
        from_status="",
        to_status="",
        note=f"{label} {note}".strip(),
    )


def add_arrival_slot(
    *, fair: Fair, starts_at: datetime, ends_at: datetime, capacity: int, by: User
) -> EntryWindow:
    """Add an arrival slot to a campus fair that has not ended: within the fair's hours, not
    overlapping another slot, with at least one place."""
    _require_manager(fair, by)
    errors = {}
    if not fair.is_campus:
        raise ValidationError(_("Arrival slots are for campus fairs."))
    if fair.status not in (Fair.Status.DRAFT, *Fair.OPEN_STATUSES):
        raise ValidationError(_("This fair is over: its arrival slots cannot change."))
    if ends_at <= starts_at:
        errors["ends_at"] = _("The slot must end after it starts.")
    elif starts_at < fair.starts_at or ends_at > fair.ends_at:
        errors["starts_at"] = _("The slot must lie within the fair's hours (%(hours)s).") % {
            "hours": window_label(fair.starts_at, fair.ends_at)
        }
    if not 1 <= capacity <= max(fair.venue_capacity, 1):
        errors["capacity"] = _("Give from 1 to %(max)s places (the fair's visitor places).") % {
            "max": fair.venue_capacity
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        slots = fair.entry_windows.all()
        if slots.count() >= MAX_SLOTS_PER_FAIR:
            raise ValidationError(
                _("A fair has at most %(n)s arrival slots.") % {"n": MAX_SLOTS_PER_FAIR}
            )
        overlapping = slots.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
        if overlapping:
            raise ValidationError(
                {
                    "starts_at": _("It overlaps the slot %(slot)s.")
                    % {"slot": window_label(overlapping.starts_at, overlapping.ends_at)}
                }
            )
        slot = EntryWindow.objects.create(
            fair=fair, starts_at=starts_at, ends_at=ends_at, capacity=capacity
        )
        _event(fair, by, "arrival_slot_added", slot, str(capacity))
    return slot


def change_arrival_slot_places(*, slot: EntryWindow, capacity: int, by: User) -> EntryWindow:
    """Change a slot's places: never below the tickets it holds; more places go to its waiting
    list at once, first come first served."""
    _require_manager(slot.fair, by)
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=slot.fair_id)
        slot = EntryWindow.objects.select_for_update().get(pk=slot.pk)
        held = slot.tickets.filter(status=Ticket.Status.ACTIVE).count()
        if capacity < max(held, 1) or capacity > max(fair.venue_capacity, 1):
            raise ValidationError(
                {
                    "capacity": _("Give from %(min)s (the tickets it holds) to %(max)s places.")
                    % {"min": max(held, 1), "max": fair.venue_capacity}
                }
            )
        before = slot.capacity
        slot.capacity = capacity
        slot.save(update_fields=["capacity"])
        _event(fair, by, "arrival_slot_changed", slot, f"{before} → {capacity}")
        promote_waiting(fair, slot)
    return slot


def remove_arrival_slot(*, slot: EntryWindow, by: User) -> None:
    """Remove a slot nobody holds a ticket for (active or waiting)."""
    _require_manager(slot.fair, by)
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=slot.fair_id)
        if slot.tickets.filter(status__in=Ticket.LIVE_STATUSES).exists():
            raise ValidationError(
                _(
                    "Graduates hold tickets for this slot: it cannot be removed. Give it more or "
                    "fewer places instead."
                )
            )
        _event(fair, by, "arrival_slot_removed", slot)
        slot.tickets.update(entry_window=None)
        slot.delete()


def free_places(slot: EntryWindow) -> int:
    return max(slot.capacity - slot.tickets.filter(status=Ticket.Status.ACTIVE).count(), 0)


def choose_slot(fair: Fair, slot: EntryWindow | None, *, waitlist: bool) -> tuple[EntryWindow, str]:
    """The slot a registration goes to and the ticket's status (inside the fair's lock): the one
    chosen if it has a place, else its waiting list when asked; with none chosen, the earliest
    slot not yet started that has a place."""
    if slot is not None:
        if slot.fair_id != fair.pk:
            raise ValidationError({"entry_window": _("Choose one of this fair's arrival slots.")})
        if free_places(slot) > 0:
            return slot, Ticket.Status.ACTIVE
        if waitlist:
            return slot, Ticket.Status.WAITLISTED
        raise ValidationError(
            {
                "entry_window": _(
                    "The arrival slot %(slot)s is full: choose another, or join its waiting list."
                )
                % {"slot": window_label(slot.starts_at, slot.ends_at)}
            }
        )
    now = timezone.now()
    for candidate in fair.entry_windows.filter(ends_at__gt=now).order_by("starts_at"):
        if free_places(candidate) > 0:
            return candidate, Ticket.Status.ACTIVE
    raise ValidationError(
        {"entry_window": _("Every arrival slot is full: join the waiting list of one.")}
    )


def promote_waiting(fair: Fair, slot: EntryWindow) -> list[Ticket]:
    """Give a slot's free places to its waiting list, first come first served (inside the fair's
    lock); each graduate promoted is told by e-mail."""
    promoted = []
    places = free_places(slot)
    waiting = slot.tickets.filter(status=Ticket.Status.WAITLISTED).order_by("waitlisted_at", "pk")
    for ticket in waiting.select_related("graduate")[:places]:
        ticket.status = Ticket.Status.ACTIVE
        ticket.save(update_fields=["status"])
        promoted.append(ticket)
        send_templated_email_on_commit(
            to=[ticket.graduate.email],
            template="fairs/email/waiting_list_promoted",
            context={
                "ticket": ticket,
                "fair": fair,
                "slot": window_label(slot.starts_at, slot.ends_at),
            },
        )
    return promoted
