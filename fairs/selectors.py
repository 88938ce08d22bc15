"""Read queries of fairs, scoped to the user, shared by views, API, reports and other apps.

Hooks for other apps: `fair_ids_by_position` (the search documents' fair_ids),
`fairs_listing_position` (the position page), `running_fair_id_for_position` (the fair an
application records when made while a fair listing the position runs) and
`fair_an_application_came_through` (the same rule, read again when a hire is attributed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.roles import roles_for
from associations.models import Association
from core.db import Statement
from fairs.models import (
    Campaign,
    EntryWindow,
    Fair,
    InterviewSlot,
    Lead,
    OfflineScan,
    Participation,
    SlotBooking,
    Ticket,
)
from fairs.services.checkin import (
    ARRIVAL_GRACE,
    check_in_refusal,
    hashed_code,
    offline_list_salt,
    window_label,
)
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


def fairs_at_hand(user, association_id: int, *, days: int = 14) -> QuerySet[Fair]:
    """The association's fairs running now or in the coming `days`, drafts included: what its
    staff open from their workspace to manage or to check graduates in."""
    now = timezone.now()
    return (
        managed_fairs(user)
        .filter(Q(organiser_id=association_id) | Q(co_organisers=association_id))
        .exclude(status=Fair.Status.CANCELLED)
        .filter(ends_at__gte=now, starts_at__lte=now + timedelta(days=days))
        .order_by("starts_at", "pk")
    )


def organisable_associations(user) -> QuerySet:
    """The associations `user` may create a fair for: their own; every one for officers."""
    roles = roles_for(user)
    associations = Association.objects.order_by("name")
    if roles.officer:
        return associations
    return associations.filter(pk__in=roles.association_ids)


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
        .select_related("fair", "fair__organiser", "entry_window")
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


def waiting_position(ticket: Ticket) -> int | None:
    """A waiting ticket's place on its slot's waiting list (1: next to get a place)."""
    if not ticket.is_waitlisted:
        return None
    ahead = Ticket.objects.filter(
        entry_window_id=ticket.entry_window_id,
        status=Ticket.Status.WAITLISTED,
        waitlisted_at__lt=ticket.waitlisted_at,
    )
    return ahead.count() + 1


def participants_for_page(fair: Fair) -> QuerySet:
    """The fair's approved enterprises as rows (pk, booth_number, enterprise_name,
    open_positions: how many open positions each brings, counted by the database): the fair page
    shows names and counts, and building every participation, enterprise and position to count
    them cost most of a fair page on a fair day."""
    open_positions = (
        Position.objects.open()
        .filter(fair_participations=OuterRef("pk"))
        .order_by()
        .values("fair_participations")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        fair.participations.filter(status=Participation.Status.APPROVED)
        .annotate(
            enterprise_name=F("enterprise__name"),
            open_positions=Coalesce(Subquery(open_positions), 0),
        )
        .order_by("booth_number", "enterprise__name")
        .values("pk", "booth_number", "enterprise_name", "open_positions")
    )


def arrival_slots(fair: Fair) -> QuerySet[EntryWindow]:
    """The fair's arrival slots, in order, with `held` (active tickets), `waiting` (its waiting
    list) and `free` places counted."""
    return (
        fair.entry_windows.annotate(
            held=Count("tickets", filter=Q(tickets__status=Ticket.Status.ACTIVE)),
            waiting=Count("tickets", filter=Q(tickets__status=Ticket.Status.WAITLISTED)),
        )
        .annotate(free=F("capacity") - F("held"))
        .order_by("starts_at")
    )


# --- At the door ------------------------------------------------------------------------------


def holder_name(user) -> str:
    """A ticket holder's name as the door shows it: the profile's, the account's, or the start
    of the e-mail address (never the whole address)."""
    profile = getattr(user, "graduate_profile", None)
    name = (profile.full_name if profile else "") or user.full_name
    return name or _masked_email(user.email)


def _masked_email(email: str) -> str:
    return email.split("@", 1)[0][:3] + "…"


def door_ticket_list(desk) -> dict:
    """The fair's tickets as a door keeps them to check in without the network: each code
    hashed with the fair's salt (the codes themselves never reach the device), the holder's
    name, the status (a: active, w: waiting list, c: cancelled), the arrival slot and whether
    the ticket was in when the list was made; the slots' times, and whether check-in is open."""
    now = timezone.now()
    salt = offline_list_salt(desk.fair_id)
    rows = Ticket.objects.filter(fair_id=desk.fair_id).values_list(
        "code",
        "status",
        "entry_window_id",
        "checked_in_at",
        "graduate__graduate_profile__full_name",
        "graduate__full_name",
        "graduate__email",
    )
    tickets = [
        [
            hashed_code(salt, code),
            profile_name or user_name or _masked_email(email),
            status[0],
            window,
            1 if checked_in_at else 0,
        ]
        for code, status, window, checked_in_at, profile_name, user_name, email in rows
    ]
    windows = {
        str(w.pk): [
            w.starts_at.isoformat(),
            w.ends_at.isoformat(),
            window_label(w.starts_at, w.ends_at),
        ]
        for w in EntryWindow.objects.filter(fair_id=desk.fair_id)
    }
    return {
        "fair": {"id": desk.fair_id, "title": desk.fair_title},
        "door": desk.door,
        "salt": salt,
        "saved_at": now.isoformat(),
        "closed": check_in_refusal(desk, now),
        "grace_minutes": int(ARRIVAL_GRACE.total_seconds() // 60),
        "windows": windows,
        "tickets": tickets,
    }


def door_board(fair: Fair, now: datetime | None = None) -> dict:
    """What the organisers watch at the doors, computed from the ticket rows: check-ins per door
    and per quarter hour, each arrival slot's arrivals (early and late ones too), the pace of the
    last ten minutes and how long the graduates still expected would take at it, enterprises
    present, and what doors that worked offline reported."""
    now = now or timezone.now()
    rows = list(
        fair.tickets.filter(checked_in_at__isnull=False).values_list(
            "checked_in_door", "checked_in_at", "entry_window_id"
        )
    )
    doors: dict[str, int] = {}
    quarters: dict[datetime, dict[str, int]] = {}
    for door, at, _window in rows:
        door = door or "—"
        doors[door] = doors.get(door, 0) + 1
        local = timezone.localtime(at)
        quarter = local.replace(minute=local.minute // 15 * 15, second=0, microsecond=0)
        quarters.setdefault(quarter, {}).setdefault(door, 0)
        quarters[quarter][door] += 1
    door_names = sorted(doors, key=lambda d: (-doors[d], d))
    recent = sum(1 for _door, at, _w in rows if at >= now - timedelta(minutes=10))
    per_minute = recent / 10
    windows = _arrivals_per_window(fair, rows, now)
    expected = _still_expected(fair, windows, now)
    participations = fair.participations.filter(status=Participation.Status.APPROVED)
    absent = list(
        participations.filter(present_at__isnull=True)
        .select_related("enterprise")
        .order_by("booth_number", "enterprise__name")
    )
    offline = fair.offline_scans.all()
    return {
        "now": now,
        "checked_in": len(rows),
        "registered": fair.tickets.filter(status=Ticket.Status.ACTIVE).count(),
        "doors": [(door, doors[door]) for door in door_names],
        "door_names": door_names,
        "quarters": [
            (quarter, [quarters[quarter].get(door, 0) for door in door_names], sum(counts.values()))
            for quarter, counts in sorted(quarters.items(), reverse=True)
        ],
        "per_minute": per_minute,
        "expected": expected,
        "clear_minutes": round(expected / per_minute) if per_minute else None,
        "windows": windows,
        "approved": participations.count(),
        "present": participations.count() - len(absent),
        "absent": absent,
        "offline_admissions": offline.count(),
        "conflicts": list(
            offline.filter(outcome__in=OfflineScan.CONFLICTS)
            .select_related("ticket__graduate__graduate_profile")
            .order_by("-scanned_at")[:50]
        ),
    }


def _arrivals_per_window(fair: Fair, rows, now: datetime) -> list[dict]:
    """Each arrival slot: places, registered, waiting, arrived (early, late) and still to come."""
    windows = list(
        EntryWindow.objects.filter(fair=fair).annotate(
            registered=Count("tickets", filter=Q(tickets__status=Ticket.Status.ACTIVE)),
            waiting=Count("tickets", filter=Q(tickets__status=Ticket.Status.WAITLISTED)),
        )
    )
    by_id = {w.pk: {"window": w, "arrived": 0, "early": 0, "late": 0} for w in windows}
    for _door, at, window_id in rows:
        entry = by_id.get(window_id)
        if entry is None:
            continue
        window = entry["window"]
        entry["arrived"] += 1
        if at < window.starts_at - ARRIVAL_GRACE:
            entry["early"] += 1
        elif at > window.ends_at:
            entry["late"] += 1
    result = []
    for entry in by_id.values():
        window = entry["window"]
        entry["to_come"] = max(window.registered - entry["arrived"], 0)
        entry["open"] = window.starts_at - ARRIVAL_GRACE <= now
        entry["label"] = window_label(window.starts_at, window.ends_at)
        result.append(entry)
    return result


def _still_expected(fair: Fair, windows: list[dict], now: datetime) -> int:
    """Graduates registered and not yet in whose arrival slot has opened (all of them for a
    fair without slots): the most that can be queueing now."""
    if not windows:
        return fair.tickets.filter(status=Ticket.Status.ACTIVE, checked_in_at__isnull=True).count()
    return sum(entry["to_come"] for entry in windows if entry["open"])
