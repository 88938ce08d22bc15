"""Graduates at a fair: eligibility, registration (tickets), cancellation, check-in at the door."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import roles_for
from fairs.models import EntryWindow, Fair, Ticket
from fairs.permissions import can_see_fair
from fairs.services.arrivals import choose_slot, promote_waiting
from fairs.services.common import require_window
from jobs.models import Education


def eligibility_problems(fair: Fair, user: User) -> list[str]:
    """Why the graduate may not register for the fair under its rules (empty: eligible)."""
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


def register_graduate(
    *,
    fair: Fair,
    by: User,
    entry_window: EntryWindow | None = None,
    waitlist: bool = False,
) -> Ticket:
    """A graduate registers in the window if eligible and a place is free; returns the ticket.

    At a fair with arrival slots the ticket is for the slot chosen (or the earliest with a free
    place); when the chosen slot is full the graduate may join its waiting list (`waitlist`),
    and the ticket waits until a place in that slot is freed.
    """
    if not can_see_fair(by, fair):
        raise PermissionDenied(_("This fair is not open."))
    if not roles_for(by).graduate:
        raise PermissionDenied(_("Only graduates can register for fairs."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if fair.status not in Fair.OPEN_STATUSES:
            raise ValidationError(_("This fair is not open for registration."))
        require_window(
            fair.graduate_registration_opens,
            fair.graduate_registration_closes,
            not_yet=_("Registration opens on %(when)s."),
            over=_("Registration closed on %(when)s."),
        )
        problems = eligibility_problems(fair, by)
        if problems:
            raise ValidationError(problems)
        existing = fair.tickets.filter(graduate=by, status__in=Ticket.LIVE_STATUSES).first()
        if existing:
            if existing.is_waitlisted:
                raise ValidationError(_("You are on this fair's waiting list already."))
            raise ValidationError(_("You are registered for this fair already."))
        status = Ticket.Status.ACTIVE
        if fair.entry_windows.exists():
            entry_window, status = choose_slot(fair, entry_window, waitlist=waitlist)
        elif entry_window is not None:
            raise ValidationError({"entry_window": _("This fair has no arrival slots.")})
        active = fair.tickets.filter(status=Ticket.Status.ACTIVE).count()
        if status == Ticket.Status.ACTIVE and active >= fair.venue_capacity:
            raise ValidationError(_("This fair is full: every place is taken."))
        ticket = Ticket.objects.create(
            fair=fair,
            graduate=by,
            entry_window=entry_window,
            status=status,
            waitlisted_at=timezone.now() if status == Ticket.Status.WAITLISTED else None,
        )
        # Presentations are reminded of by the periodic scan (fairs.services.reminders).
    return ticket


def cancel_ticket(*, ticket: Ticket, by: User) -> Ticket:
    """The graduate cancels a registration (or leaves the waiting list) before checking in; a
    place freed in an arrival slot goes to the first graduate waiting for it."""
    if ticket.graduate_id != by.pk:
        raise PermissionDenied(_("Only the ticket's holder can cancel it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=ticket.fair_id)
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.status == Ticket.Status.CANCELLED:
            raise ValidationError(_("This ticket is cancelled already."))
        if ticket.checked_in_at is not None:
            raise ValidationError(_("You have checked in already: the ticket cannot be cancelled."))
        freed = ticket.status == Ticket.Status.ACTIVE
        ticket.status = Ticket.Status.CANCELLED
        ticket.cancelled_at = timezone.now()
        ticket.save(update_fields=["status", "cancelled_at"])
        if freed and ticket.entry_window_id is not None:
            promote_waiting(fair, ticket.entry_window)
    return ticket
