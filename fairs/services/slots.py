"""Cloud fairs' video-interview slots and their bookings; a moved or cancelled booking is told by
e-mail, and by SMS to those who opted in (reminders: fairs.services.reminders)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import sms
from accounts.models import SmsKind, User
from accounts.roles import roles_for
from core.mail import send_templated_email_on_commit
from core.times import local_minute
from fairs.models import Fair, InterviewSlot, Participation, SlotBooking
from fairs.permissions import can_act_for_enterprise


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
    """Move a slot; the booked graduate is reminded of the new time (fairs.services.reminders)."""
    if not can_act_for_enterprise(by, slot.enterprise_id):
        raise PermissionDenied(_("Only the enterprise's recruiters change its slots."))
    _validate_slot(slot.fair, starts_at, slot.minutes, slot.link)
    with transaction.atomic():
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        slot.starts_at = starts_at
        slot.save(update_fields=["starts_at"])
        booking = (
            slot.bookings.filter(status=SlotBooking.Status.BOOKED)
            .select_related("graduate", "enterprise")
            .first()
        )
        if booking:
            sms.notify_by_sms(
                user=booking.graduate,
                kind=SmsKind.SLOT_MOVED,
                params={"enterprise": booking.enterprise.name, "time": starts_at},
            )
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


def cancel_bookings(bookings, *, reason) -> int:
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
        sms.notify_by_sms(
            user=booking.graduate,
            kind=SmsKind.SLOT_CANCELLED,
            params={"enterprise": booking.enterprise.name, "time": booking.slot.starts_at},
        )
