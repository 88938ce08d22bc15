"""Fairs: creating, editing, publishing, cancelling, and moving them along their statuses."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from associations.models import Association
from core.mail import send_templated_email_on_commit
from core.times import local_minute
from fairs.models import Fair, FairEvent, Participation, Ticket
from fairs.permissions import can_create_fair, can_manage_fair
from fairs.services import effects
from fairs.services.common import participation_event, recruiter_emails
from jobs.models import Education

T = Fair.TRANSITIONS

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
    T.require("edit", fair.status, _("A finished or cancelled fair cannot be changed."))
    unknown = set(fields) - set(FAIR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        changed = [name for name, value in fields.items() if getattr(fair, name) != value]
        for name, value in fields.items():
            setattr(fair, name, value)
        _validate_fair(fair)
        fair.save()
        if co_organisers is not None:
            fair.co_organisers.set([a for a in co_organisers if a.pk != fair.organiser_id])
        _fair_event(fair, by, "updated", fair.status, note=", ".join(sorted(changed)))
        if fair.status != Fair.Status.DRAFT:
            effects.schedule_brochure(fair.pk)
    return fair


def publish_fair(*, fair: Fair, by: User) -> Fair:
    """A draft becomes public: enterprises and graduates can register within the windows."""
    if not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can publish it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        T.require("publish", fair.status, _("Only a draft can be published."))
        _validate_fair(fair)
        fair.status = T.target("publish")
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "published", Fair.Status.DRAFT)
        effects.schedule_brochure(fair.pk)
        effects.schedule_position_reindex(fair)
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
        T.require("cancel", fair.status, _("This fair is already finished or cancelled."))
        before = fair.status
        fair.status = T.target("cancel")
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
        emails |= set(recruiter_emails(enterprise_ids))
        for email in sorted(emails):
            send_templated_email_on_commit(
                to=[email],
                template="fairs/email/fair_cancelled",
                context={"fair": fair, "reason": reason},
            )
        effects.schedule_position_reindex(fair)
    return fair


def start_fair(*, fair: Fair, by: User | None = None) -> Fair:
    """Published → ongoing (the day it starts, or when staff open the doors)."""
    if by is not None and not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can open it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if not T.allows("start", fair.status):
            return fair
        fair.status = T.target("start")
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "started", Fair.Status.PUBLISHED)
    return fair


def finish_fair(*, fair: Fair, by: User | None = None) -> Fair:
    """Ongoing (or published) → finished; approved enterprises never marked present are no-shows."""
    if by is not None and not can_manage_fair(by, fair):
        raise PermissionDenied(_("Only the fair's organisers can close it."))
    with transaction.atomic():
        fair = Fair.objects.select_for_update().get(pk=fair.pk)
        if not T.allows("finish", fair.status):
            return fair
        before = fair.status
        fair.status = T.target("finish")
        fair.save(update_fields=["status", "updated_at"])
        _fair_event(fair, by, "finished", before)
        if fair.is_campus:
            absent = fair.participations.filter(
                status=Participation.Status.APPROVED, present_at__isnull=True, no_show=False
            )
            for participation in absent:
                participation.no_show = True
                participation.save(update_fields=["no_show", "updated_at"])
                participation_event(participation, by, "no_show", participation.status)
        effects.schedule_position_reindex(fair)
    return fair


def advance_fair_statuses(now: datetime | None = None) -> int:
    """Start the fairs whose time has come and finish those that ended; returns how many moved."""
    now = now or timezone.now()
    moved = 0
    for fair in Fair.objects.filter(
        status__in=T.sources("start"), starts_at__lte=now, ends_at__gt=now
    ):
        start_fair(fair=fair)
        moved += 1
    for fair in Fair.objects.filter(status__in=T.sources("finish"), ends_at__lte=now):
        finish_fair(fair=fair)
        moved += 1
    return moved
