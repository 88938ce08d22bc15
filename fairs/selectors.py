"""Read queries of fairs, scoped to the user, shared by views, API, reports and other apps.

Hooks for other apps: `fair_ids_by_position` (the search documents' fair_ids),
`fairs_listing_position` (the position page), `running_fair_id_for_position` (the fair an
application records when made while a fair listing the position runs) and
`fair_an_application_came_through` (the same rule, read again when a hire is attributed).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.roles import roles_for
from core.db import Statement
from fairs.models import Campaign, Fair, InterviewSlot, Lead, Participation, SlotBooking, Ticket
from jobs.models import Position

LISTED_STATUSES = (Fair.Status.PUBLISHED, Fair.Status.ONGOING, Fair.Status.FINISHED)


# --- For other apps ---------------------------------------------------------------------------


def _fairs_with_position(position) -> QuerySet[Fair]:
    return Fair.objects.filter(
        status__in=LISTED_STATUSES,
        participations__status=Participation.Status.APPROVED,
        participations__positions=position,
    ).distinct()


def fair_ids_by_position(position_ids) -> dict[int, list[int]]:
    """For each position, ids of the public fairs listing it through an approved participant.

    One query for many positions (the search documents' fair ids).
    """
    pairs = Participation.positions.through.objects.filter(
        position_id__in=position_ids,
        participation__status=Participation.Status.APPROVED,
        participation__fair__status__in=LISTED_STATUSES,
    ).values_list("position_id", "participation__fair_id")
    result: dict[int, set[int]] = {}
    for position_id, fair_id in pairs:
        result.setdefault(position_id, set()).add(fair_id)
    return {pk: sorted(ids) for pk, ids in result.items()}


def positions_listed_at(fair_id: int) -> QuerySet:
    """Ids of the positions an approved participant lists at a public fair (a subquery)."""
    return Participation.positions.through.objects.filter(
        participation__fair_id=fair_id,
        participation__status=Participation.Status.APPROVED,
        participation__fair__status__in=LISTED_STATUSES,
    ).values("position_id")


def fair_offers_enterprise(fair_id: int, enterprise_id: int) -> bool:
    """Whether a public fair had the enterprise taking part (approved, or presenting).

    An application credits a fair (and through it the organising associations) only then: a
    graduate cannot hand an unrelated association someone else's hire by naming its fair.
    """
    return (
        Fair.objects.filter(pk=fair_id, status__in=LISTED_STATUSES)
        .filter(
            Q(presenting_enterprise_id=enterprise_id)
            | Q(
                participations__enterprise_id=enterprise_id,
                participations__status=Participation.Status.APPROVED,
            )
        )
        .exists()
    )


def fairs_listing_position(position) -> list[Fair]:
    """Upcoming and running fairs listing the position, soonest first (for the position page)."""
    return list(
        _fairs_with_position(position)
        .filter(status__in=Fair.OPEN_STATUSES, ends_at__gte=timezone.now())
        .select_related("organiser", "city")
        .order_by("starts_at")
    )


# A fair listing the position through an approved participant (as _fairs_with_position) that runs
# at the given time. Written out in SQL: applying looks it up on every application, and the ORM
# spent more CPU building this query than PostgreSQL spent answering it: bench/sql.py (PostgreSQL
# 15, 2026-12-06), 7.3 times the CPU with the ORM (1,295 against 178 µs a call, machine loaded).
# Names come from the models; only placeholders are formatted in, one per listed status.
_RUNNING_FAIR_OF_POSITION = Statement(
    """
    SELECT f.{Fair.pk} FROM {Fair} f
    JOIN {Participation} p ON p.{Participation.fair} = f.{Fair.pk}
    JOIN {Listed} pp ON pp.{Listed.participation} = p.{Participation.pk}
    WHERE pp.{Listed.position} = %s AND p.{Participation.status} = %s
        AND f.{Fair.status} IN ({statuses}) AND f.{Fair.starts_at} <= %s AND f.{Fair.ends_at} >= %s
    ORDER BY f.{Fair.starts_at}, f.{Fair.pk}
    LIMIT 1
    """,
    tables={
        "Fair": Fair,
        "Participation": Participation,
        "Listed": Participation.positions.through,
    },
    statuses=", ".join(["%s"] * len(LISTED_STATUSES)),
)


def running_fair_id_for_position(position, at: datetime | None = None) -> int | None:
    """Id of the fair listing the position that is running at `at` (now): an application's source.

    Only the id (a hot path: applying needs nothing else of the fair). `position` is a Position
    or its id.
    """
    at = at or timezone.now()
    position_id = getattr(position, "pk", position)
    with connection.cursor() as cursor:
        moment = Fair._meta.get_field("starts_at").get_db_prep_value(at, connection)
        cursor.execute(
            _RUNNING_FAIR_OF_POSITION.sql(connection.alias),
            [position_id, Participation.Status.APPROVED, *LISTED_STATUSES, moment, moment],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def fair_an_application_came_through(application) -> Fair | None:
    """The fair an application came through (DESIGN.md, Outcomes), as a hire is attributed.

    The fair it recorded when it was made (the fair page it was made from, a booth scan, or the
    listing fair running then: `running_fair_id_for_position` at apply) while that fair is still
    a listed one; else the listed fair listing the position that was running when it was made (a
    participation approved after the application), by the same rule and statement as at apply.
    """
    if application.source_fair_id:
        recorded = Fair.objects.filter(
            pk=application.source_fair_id, status__in=LISTED_STATUSES
        ).first()
        if recorded is not None:
            return recorded
    running = running_fair_id_for_position(
        application.position_id, at=application.created_at or timezone.now()
    )
    return Fair.objects.filter(pk=running).first() if running else None


# --- Campaigns ------------------------------------------------------------------------------


def campaigns() -> QuerySet[Campaign]:
    """Every campaign, latest first, with the number of fairs that belong to it."""
    return Campaign.objects.annotate(fair_count=Count("fairs")).order_by("-starts_on", "name")


# --- Fair lists -------------------------------------------------------------------------------


def public_fairs(
    *,
    kind: str = "",
    format: str = "",
    city: int | None = None,
    university: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
    include_past: bool = False,
) -> QuerySet[Fair]:
    """Published fairs, upcoming first (then the past ones, latest first when asked for)."""
    fairs = Fair.objects.filter(status__in=Fair.VISIBLE_STATUSES).select_related(
        "organiser", "city", "presenting_enterprise"
    )
    if kind:
        fairs = fairs.filter(kind=kind)
    if format:
        fairs = fairs.filter(format=format)
    if city:
        fairs = fairs.filter(city_id=city)
    if university:
        fairs = fairs.filter(host_university__icontains=university.strip())
    tz = timezone.get_current_timezone()
    if date_from:
        fairs = fairs.filter(ends_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        fairs = fairs.filter(starts_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    if q:
        fairs = fairs.filter(
            Q(title__icontains=q) | Q(host_university__icontains=q) | Q(venue__icontains=q)
        )
    if not include_past and not date_from and not date_to:
        fairs = fairs.filter(ends_at__gte=timezone.now())
    return fairs.annotate(
        enterprise_count=Count(
            "participations", filter=Q(participations__status=Participation.Status.APPROVED)
        )
    ).order_by("starts_at", "pk")


def managed_fairs(user) -> QuerySet[Fair]:
    """Fairs the user organises (staff of the organiser or a co-organiser); officers see all."""
    roles = roles_for(user)
    fairs = Fair.objects.select_related("organiser", "city")
    if not roles.officer:
        ids = list(roles.association_ids)
        fairs = fairs.filter(Q(organiser_id__in=ids) | Q(co_organisers__in=ids)).distinct()
    return fairs.order_by("-starts_at")


def open_fairs_for_enterprises() -> QuerySet[Fair]:
    now = timezone.now()
    return (
        Fair.objects.filter(
            status__in=Fair.OPEN_STATUSES,
            enterprise_registration_opens__lte=now,
            enterprise_registration_closes__gte=now,
        )
        .select_related("organiser", "city")
        .order_by("starts_at")
    )


# --- One fair ---------------------------------------------------------------------------------


def approved_participations(fair: Fair) -> QuerySet[Participation]:
    """The fair's approved enterprises with the positions they bring that are open (closed,
    suspended and past-deadline ones are left out: they take no applications)."""
    return (
        fair.participations.filter(status=Participation.Status.APPROVED)
        .select_related("enterprise", "enterprise__city")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.open().select_related("city").order_by("title"),
            )
        )
        .order_by("booth_number", "enterprise__name")
    )


def positions_to_offer(enterprise_id: int) -> QuerySet[Position]:
    """The enterprise's open positions, which it may bring to a fair or propose to a lead."""
    return Position.objects.open().filter(enterprise_id=enterprise_id).order_by("title")


def brochure_entries(fair: Fair) -> list[Participation]:
    return list(approved_participations(fair))


def participations_for_decision(fair: Fair) -> QuerySet[Participation]:
    """Every registration of the fair with the enterprise's no-show count at earlier fairs."""
    return (
        fair.participations.select_related("enterprise")
        .prefetch_related("positions")
        .annotate(
            no_show_count=Count(
                "enterprise__fair_participations",
                filter=Q(enterprise__fair_participations__no_show=True)
                & ~Q(enterprise__fair_participations__fair=fair),
                distinct=True,
            )
        )
        .order_by("status", "waitlisted_at", "created_at")
    )


def no_show_history(enterprise) -> QuerySet[Participation]:
    """Fairs the enterprise was approved for and never showed up at, latest first."""
    return (
        Participation.objects.filter(enterprise=enterprise, no_show=True)
        .select_related("fair")
        .order_by("-fair__starts_at")
    )


def fair_counters(fair: Fair) -> dict[str, int]:
    """Live figures of a fair: registered, checked in, enterprises present, applications made."""
    tickets = fair.tickets.filter(status=Ticket.Status.ACTIVE)
    counters = tickets.aggregate(
        registered=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    participations = fair.participations.filter(status=Participation.Status.APPROVED).aggregate(
        approved=Count("pk"), present=Count("pk", filter=Q(present_at__isnull=False))
    )
    counters.update(participations)
    # Applications made through the fair: candidates (above fairs) relates them to it.
    counters["applications"] = fair.applications.count()
    counters["capacity"] = fair.venue_capacity
    return counters


def booth_slots(fair: Fair, enterprise_id: int) -> QuerySet[InterviewSlot]:
    """The enterprise's future interview slots at the fair, with their booking if any."""
    return (
        InterviewSlot.objects.filter(fair=fair, enterprise_id=enterprise_id)
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=SlotBooking.objects.filter(
                    status=SlotBooking.Status.BOOKED
                ).select_related("graduate"),
                to_attr="live_bookings",
            )
        )
        .order_by("starts_at")
    )


# --- Per user ---------------------------------------------------------------------------------


def tickets_of(user) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(graduate=user)
        .select_related("fair", "fair__organiser")
        .order_by("-fair__starts_at")
    )


def upcoming_tickets_of(user) -> QuerySet[Ticket]:
    """The graduate's active tickets for fairs that have not ended, soonest first."""
    return (
        tickets_of(user)
        .filter(status=Ticket.Status.ACTIVE, fair__ends_at__gte=timezone.now())
        .exclude(fair__status=Fair.Status.CANCELLED)
        .order_by("fair__starts_at")
    )


def bookings_of(user) -> QuerySet[SlotBooking]:
    return (
        SlotBooking.objects.filter(graduate=user)
        .select_related("slot", "enterprise", "fair")
        .order_by("-status", "slot__starts_at")
    )


def leads_awaiting_consent(user) -> QuerySet[Lead]:
    return Lead.objects.filter(
        graduate=user, position__isnull=False, consented_at__isnull=True
    ).select_related("enterprise", "fair", "position")


def participations_of_recruiter(user) -> QuerySet[Participation]:
    ids = list(roles_for(user).enterprise_ids)
    return (
        Participation.objects.filter(enterprise_id__in=ids)
        .select_related("fair", "enterprise")
        .order_by("-fair__starts_at")
    )


def leads_of_participation(participation: Participation) -> QuerySet[Lead]:
    return (
        Lead.objects.filter(
            fair_id=participation.fair_id, enterprise_id=participation.enterprise_id
        )
        .select_related("graduate", "graduate__graduate_profile", "position")
        .order_by("-created_at")
    )
