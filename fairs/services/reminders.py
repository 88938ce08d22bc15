"""Reminders of booked interview slots and of presentations, 24 h and 1 h before they start.

A periodic scan (`send_due_reminders`, on beat every minute) finds the reminders that are due and
sends each once: the row remembers the start time it was reminded of (`reminded_<kind>_for`), set
under the row's lock in the transaction that queues the e-mail, so two scans at once, or a scan
task delivered twice, send one e-mail. Nothing is scheduled ahead: no ETA task for a broker to
hold for a day, lose, or deliver again (Redis hands an unacknowledged ETA task to another worker
after its visibility timeout, an hour by default, which sent reminders twice), and a moved slot
or presentation needs no rescheduling. A reminder goes only to a booking or registration that
existed at its time (booked 3 h ahead: no "24 h" reminder), and a scan sends only the nearest
reminder due (after an outage, not the 24 h and the 1 h one together).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import sms
from accounts.models import SmsKind
from core.mail import send_templated_email_on_commit
from fairs.models import Fair, SlotBooking, Ticket

REMINDER_OFFSETS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder due at `now` (now) and not sent yet; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    nearer = timedelta(0)
    for kind, offset in sorted(REMINDER_OFFSETS.items(), key=lambda item: item[1]):
        # Due: starting within `offset` but after the nearer reminder's time (that one is due).
        window = (now + nearer, now + offset)
        reminded = f"reminded_{kind}_for"
        bookings = (
            SlotBooking.objects.filter(
                status=SlotBooking.Status.BOOKED,
                slot__starts_at__gt=window[0],
                slot__starts_at__lte=window[1],
                created_at__lte=F("slot__starts_at") - offset,
            )
            .exclude(**{reminded: F("slot__starts_at")})
            .values_list("pk", "slot__starts_at")
        )
        for pk, starts_at in bookings:
            sent += send_slot_reminder(booking_id=pk, starts_at=starts_at, kind=kind)
        tickets = (
            Ticket.objects.filter(
                status=Ticket.Status.ACTIVE,
                fair__format=Fair.Format.PRESENTATION,
                fair__status__in=Fair.OPEN_STATUSES,
                fair__starts_at__gt=window[0],
                fair__starts_at__lte=window[1],
                created_at__lte=F("fair__starts_at") - offset,
            )
            .exclude(**{reminded: F("fair__starts_at")})
            .values_list("pk", "fair__starts_at")
        )
        for pk, starts_at in tickets:
            sent += send_presentation_reminder(ticket_id=pk, starts_at=starts_at, kind=kind)
        nearer = offset
    return sent


def _reminder_is_due(starts_at: datetime, kind: str, now: datetime) -> bool:
    """Sent from the reminder time until the start; never earlier."""
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
            SlotBooking.objects.select_for_update(of=("self",))
            .select_related("slot", "graduate", "enterprise", "fair")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None or booking.status != SlotBooking.Status.BOOKED:
            return False
        if booking.slot.starts_at != starts_at:
            return False  # moved since the scan read it: the next scan reminds of the new time
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
            Ticket.objects.select_for_update(of=("self",))
            .select_related("fair", "graduate")
            .filter(pk=ticket_id)
            .first()
        )
        if ticket is None or ticket.status != Ticket.Status.ACTIVE:
            return False
        if ticket.fair.status not in Fair.OPEN_STATUSES or ticket.fair.starts_at != starts_at:
            return False
        reminded = _remind_once(
            ticket,
            starts_at=starts_at,
            kind=kind,
            to=ticket.graduate.email,
            template="fairs/email/presentation_reminder",
            context={"ticket": ticket, "fair": ticket.fair},
        )
        if reminded and kind == "24h":  # the day before, by SMS too to those who opted in
            fair = ticket.fair
            place = " ".join(p for p in (fair.host_university, fair.venue) if p) or fair.title
            sms.notify_by_sms(
                user=ticket.graduate,
                kind=SmsKind.FAIR_REMINDER,
                params={"fair": fair.title, "time": starts_at, "place": place},
            )
        return reminded
