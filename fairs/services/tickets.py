"""Graduates at a fair: eligibility, registration (tickets), cancellation, check-in at the door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import roles_for
from core.times import local_minute
from fairs.models import Fair, Ticket
from fairs.permissions import can_manage_fair, can_see_fair
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
        require_window(
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
        # Presentations are reminded of by the periodic scan (fairs.services.reminders).
        return Ticket.objects.create(fair=fair, graduate=by)


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


def check_in_refusal(fair: Fair, now: datetime | None = None) -> str | None:
    """Why no ticket can be checked in at the fair now, or None when check-in is open: from
    CHECKIN_OPENS_HOURS_BEFORE hours before the fair starts until it ends, while it is open."""
    now = now or timezone.now()
    if fair.status not in Fair.OPEN_STATUSES:
        return _("Check-in is closed: the fair is not open.")
    opens = fair.starts_at - timedelta(hours=settings.CHECKIN_OPENS_HOURS_BEFORE)
    if now < opens:
        return _("Check-in opens at %(when)s, before the fair starts at %(start)s.") % {
            "when": local_minute(opens),
            "start": local_minute(fair.starts_at),
        }
    if now > fair.ends_at:
        return _("Check-in closed when the fair ended at %(when)s.") % {
            "when": local_minute(fair.ends_at)
        }
    return None


def check_in(*, fair: Fair, code: str, by: User) -> CheckIn:
    """Check a ticket in while check-in is open (`check_in_refusal`): twice is harmless; another
    fair's or a cancelled ticket is refused."""
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
        refusal = check_in_refusal(fair)
        if refusal:
            raise ValidationError(refusal, code="check_in_closed")
        ticket.checked_in_at = timezone.now()
        ticket.checked_in_by = by
        ticket.save(update_fields=["checked_in_at", "checked_in_by"])
    return CheckIn(ticket=ticket, first_time=True)
