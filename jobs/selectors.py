"""Read queries of positions and reports, scoped to who asks; shared by pages and API."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.roles import roles_for
from associations.models import Membership
from jobs.models import Position, PositionReport


def _with_relations(positions: QuerySet) -> QuerySet:
    return positions.select_related("enterprise", "city", "district")


def public_positions(*, enterprise_id: int | None = None) -> QuerySet[Position]:
    """Positions open for applications: published, not suspended, deadline not passed."""
    positions = Position.objects.open()
    if enterprise_id:
        positions = positions.filter(enterprise_id=enterprise_id)
    return _with_relations(positions).order_by("-published_at", "-pk")


def visible_positions(user) -> QuerySet[Position]:
    """Every position `user` may open: all but other enterprises' drafts."""
    return _with_relations(
        Position.objects.filter(
            ~Q(status=Position.Status.DRAFT) | Q(enterprise_id__in=roles_for(user).enterprise_ids)
        )
    )


SUSPENDED = "suspended"  # a pseudo-status for the recruiter's filter: suspended whatever status


def managed_positions(user, *, enterprise_id: int | None = None, status: str = "") -> QuerySet:
    """The positions of the enterprises `user` recruits for (one of them if given), filtered."""
    ids = roles_for(user).enterprise_ids
    if enterprise_id is not None:
        ids = ids & {enterprise_id}
    positions = Position.objects.filter(enterprise_id__in=ids)
    if status == SUSPENDED:
        positions = positions.exclude(suspended_at=None)
    elif status:
        positions = positions.filter(status=status)
    return _with_relations(positions).order_by("-updated_at", "-pk")


def status_counts(enterprise_id: int) -> dict[str, int]:
    """How many positions of the enterprise are in each status, plus suspended and all."""
    rows = (
        Position.objects.filter(enterprise_id=enterprise_id)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status: 0 for status in Position.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    counts[SUSPENDED] = (
        Position.objects.filter(enterprise_id=enterprise_id).exclude(suspended_at=None).count()
    )
    counts["all"] = sum(counts[s] for s in Position.Status.values)
    return counts


def report_queue(user, *, status: str = PositionReport.Status.OPEN) -> QuerySet[PositionReport]:
    """Reports `user` moderates: officers all; staff those about their member enterprises."""

    roles = roles_for(user)
    reports = PositionReport.objects.select_related(
        "position", "position__enterprise", "reporter", "handled_by"
    )
    if not roles.officer:
        member_enterprises = (
            Membership.objects.approved()
            .filter(association_id__in=roles.association_ids)
            .values("enterprise_id")
        )
        reports = reports.filter(position__enterprise_id__in=member_enterprises)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("created_at", "pk")


def position_events(position: Position) -> QuerySet:
    return position.events.select_related("actor").order_by("-created_at", "-pk")


def positions_to_unlist() -> QuerySet[Position]:
    """Published positions whose recruiters were asked whether they are still hiring more than
    STILL_HIRING_CONFIRM_DAYS ago and have not answered."""
    limit = timezone.now() - timedelta(days=settings.STILL_HIRING_CONFIRM_DAYS)
    return Position.objects.filter(status=Position.Status.PUBLISHED, hiring_check_at__lte=limit)


def awaiting_hiring_answer(enterprise_id: int) -> QuerySet[Position]:
    """The enterprise's positions whose recruiters are asked "still hiring?": pending questions
    and positions unlisted for want of an answer (the banner of the recruiters' list)."""
    return _with_relations(
        Position.objects.filter(enterprise_id=enterprise_id).filter(
            Q(status=Position.Status.PUBLISHED, hiring_check_at__isnull=False)
            | Q(status=Position.Status.UNLISTED)
        )
    ).order_by("hiring_check_at", "pk")


def unconfirmed_positions(user) -> QuerySet[Position]:
    """Positions asked "still hiring?" and not confirmed (pending or unlisted), of the
    enterprises `user` oversees: officers all, association staff their approved members'."""
    from associations.models import Membership

    roles = roles_for(user)
    positions = Position.objects.filter(
        Q(status=Position.Status.PUBLISHED, hiring_check_at__isnull=False)
        | Q(status=Position.Status.UNLISTED)
    )
    if not roles.officer:
        members = Membership.objects.filter(
            association_id__in=roles.association_ids, status=Membership.Status.APPROVED
        ).values("enterprise_id")
        positions = positions.filter(enterprise_id__in=members)
    return _with_relations(positions).order_by("enterprise__name", "enterprise_id", "status", "pk")
