"""The campaign tally: every department figure for a period and an optional scope, its breakdowns,
the funnels per fair and per channel, and the rows behind each figure.

One module, one definition of each figure: the dashboard, the PDF, the API, the CSV/XLSX exports,
the snapshots and `manage.py tally` all call it. Each figure is a COUNT (DISTINCT) over a queryset
that `rows(figure, scope)` also returns, so every number can be traced to the rows behind it.

Rules (shown on the dashboard):
- A fair is *held* when it is published, ongoing or finished (not a draft, not cancelled), has
  started, and starts in the period; presentations (宣讲会) are fairs of the presentation format.
- An association is *mobilised* when, in the period, it organised or co-organised a held fair, or
  one of its approved member enterprises took part in one (approved participation, or presenting).
- Positions posted: published (not drafts) in the period. Applications: made in the period.
- Placements: hired in the period, not cancelled (解约), outside community-assistant positions;
  verified placements count distinct graduates with a confirmed or evidenced placement (a disputed
  one is not verified); community assistants count distinct graduates with a verified placement
  in a community-assistant position. Internships never make placements.
"""

import datetime
from dataclasses import asdict, dataclass, fields, replace

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Enterprise, Industry, Membership
from candidates.models import Application, ApplicationStatus, GraduateProfile, Source
from core.params import int_param
from fairs.models import Fair, Participation
from feedback.selectors import department_averages
from jobs.models import Position, PositionEvent
from outcomes.models import Placement, PlacementTouch

HELD_STATUSES = (Fair.Status.PUBLISHED, Fair.Status.ONGOING, Fair.Status.FINISHED)
VERIFIED = Placement.VERIFIED_STATUSES
# The years a figures' scope may name (outside them a date parameter is ignored).
MIN_YEAR, MAX_YEAR = 1900, 9000

FIGURES = {
    "associations_mobilised": _("Associations mobilised"),
    "fairs_held": _("Fairs and presentations held"),
    "fairs_campus": _("Campus fairs"),
    "fairs_cloud": _("Cloud fairs"),
    "presentations": _("Presentations"),
    "enterprises_participating": _("Enterprises taking part"),
    "positions_posted": _("Positions posted"),
    "headcount_offered": _("Headcount offered"),
    "applications": _("Applications"),
    "graduates_applied": _("Graduates who applied"),
    "placements": _("Placements declared"),
    "placements_verified": _("Verified placements"),
    "community_assistants": _("Community assistants recruited"),
}
KEYS = tuple(FIGURES)


@dataclass(frozen=True)
class Scope:
    """A period (inclusive dates, either open) and optional filters."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    campaign_id: int | None = None
    association_id: int | None = None
    city_id: int | None = None
    industry: str = ""
    university: str = ""

    @classmethod
    def for_campaign(cls, campaign, *, date_to: datetime.date | None = None, **kw) -> "Scope":
        end = min(date_to, campaign.ends_on) if date_to else campaign.ends_on
        return cls(date_from=campaign.starts_on, date_to=end, campaign_id=campaign.pk, **kw)

    @classmethod
    def from_params(cls, params: dict) -> "Scope":
        """From a query string or stored parameters; bad values are ignored, never raised."""
        values = {}
        for name in ("date_from", "date_to"):
            try:
                day = datetime.date.fromisoformat(str(params.get(name) or ""))
            except ValueError:
                day = None
            # Days near year 1 or 9999 overflow once made a moment in our time zone.
            values[name] = day if day and MIN_YEAR <= day.year <= MAX_YEAR else None
        for name in ("campaign_id", "association_id", "city_id"):
            values[name] = int_param(params.get(name))
        industry = str(params.get("industry") or "")
        values["industry"] = industry if industry in Industry.values else ""
        values["university"] = str(params.get("university") or "").replace("\x00", "")[:100]
        return cls(**values)

    def to_params(self) -> dict:
        out = {}
        for key, value in asdict(self).items():
            if value not in (None, ""):
                out[key] = value.isoformat() if isinstance(value, datetime.date) else value
        return out

    def restricted_to(self, association_id: int) -> "Scope":
        return replace(self, association_id=association_id)

    @property
    def is_scoped(self) -> bool:
        return any(
            getattr(self, f.name) not in (None, "")
            for f in fields(self)
            if f.name not in ("date_from", "date_to")
        )


def _bounds(scope: Scope) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The period as aware datetimes [start, end) so indexes on timestamps are usable."""
    start = end = None
    if scope.date_from:
        start = timezone.make_aware(datetime.datetime.combine(scope.date_from, datetime.time.min))
    if scope.date_to:
        end = timezone.make_aware(
            datetime.datetime.combine(scope.date_to + datetime.timedelta(days=1), datetime.time.min)
        )
    return start, end


def _in_period(qs: QuerySet, field: str, scope: Scope, *, dates: bool = False) -> QuerySet:
    if dates:
        if scope.date_from:
            qs = qs.filter(**{f"{field}__gte": scope.date_from})
        if scope.date_to:
            qs = qs.filter(**{f"{field}__lte": scope.date_to})
        return qs
    start, end = _bounds(scope)
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lt": end})
    return qs


def _member_enterprise_ids(association_id: int) -> QuerySet:
    return (
        Membership.objects.approved().filter(association_id=association_id).values("enterprise_id")
    )


# --- The querysets behind the figures ----------------------------------------------------------


def held_fairs(scope: Scope) -> QuerySet[Fair]:
    qs = _in_period(
        Fair.objects.filter(status__in=HELD_STATUSES, starts_at__lte=timezone.now()),
        "starts_at",
        scope,
    )
    if scope.campaign_id:
        qs = qs.filter(campaign_id=scope.campaign_id)
    if scope.association_id:
        co = Fair.co_organisers.through.objects.filter(association_id=scope.association_id)
        qs = qs.filter(Q(organiser_id=scope.association_id) | Q(pk__in=co.values("fair_id")))
    if scope.city_id:
        qs = qs.filter(city_id=scope.city_id)
    if scope.industry:
        qs = qs.filter(
            pk__in=Participation.objects.filter(
                status=Participation.Status.APPROVED, enterprise__industry=scope.industry
            ).values("fair_id")
        )
    if scope.university:
        qs = qs.filter(host_university=scope.university)
    return qs


def _participant_filter(fairs: QuerySet) -> Q:
    """Enterprises with an approved participation in, or presenting at, one of these fairs."""
    taking_part = Participation.objects.filter(
        status=Participation.Status.APPROVED, fair_id__in=fairs.values("pk")
    ).values("enterprise_id")
    presenting = fairs.filter(presenting_enterprise__isnull=False).values(
        "presenting_enterprise_id"
    )
    return Q(pk__in=taking_part) | Q(pk__in=presenting)


def participating_enterprises(scope: Scope) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.filter(_participant_filter(held_fairs(scope)))
    if scope.city_id:
        qs = qs.filter(city_id=scope.city_id)
    if scope.industry:
        qs = qs.filter(industry=scope.industry)
    return qs


def mobilised_associations(scope: Scope) -> QuerySet[Association]:
    """Organisers and co-organisers of held fairs, and associations whose approved member
    enterprises took part in one; an association scope keeps only that association."""
    wide = replace(scope, association_id=None)
    fairs = held_fairs(wide)
    co = Fair.co_organisers.through.objects.filter(fair_id__in=fairs.values("pk"))
    members = Membership.objects.approved().filter(
        enterprise_id__in=Enterprise.objects.filter(_participant_filter(fairs)).values("pk"),
    )
    qs = Association.objects.filter(
        Q(pk__in=fairs.values("organiser_id"))
        | Q(pk__in=co.values("association_id"))
        | Q(pk__in=members.values("association_id"))
    )
    if scope.association_id:
        qs = qs.filter(pk=scope.association_id)
    return qs


def posted_positions(scope: Scope) -> QuerySet[Position]:
    qs = _in_period(
        Position.objects.exclude(status=Position.Status.DRAFT).filter(published_at__isnull=False),
        "published_at",
        scope,
    )
    if scope.association_id:
        qs = qs.filter(enterprise_id__in=_member_enterprise_ids(scope.association_id))
    if scope.city_id:
        qs = qs.filter(city_id=scope.city_id)
    if scope.industry:
        qs = qs.filter(enterprise__industry=scope.industry)
    if scope.university:
        listed = Participation.positions.through.objects.filter(
            participation__status=Participation.Status.APPROVED,
            participation__fair__host_university=scope.university,
        )
        qs = qs.filter(pk__in=listed.values("position_id"))
    return qs


def scoped_applications(scope: Scope) -> QuerySet[Application]:
    qs = _in_period(Application.objects.all(), "created_at", scope)
    if scope.association_id:
        qs = qs.filter(
            Q(
                source_fair_id__in=held_fairs(Scope(association_id=scope.association_id)).values(
                    "pk"
                )
            )
            | Q(position__enterprise_id__in=_member_enterprise_ids(scope.association_id))
        )
    if scope.city_id:
        qs = qs.filter(position__city_id=scope.city_id)
    if scope.industry:
        qs = qs.filter(position__enterprise__industry=scope.industry)
    if scope.university:
        qs = qs.filter(graduate__university=scope.university)
    return qs


def scoped_placements(scope: Scope) -> QuerySet[Placement]:
    """Placements hired in the period and not cancelled (community assistants included)."""
    qs = _in_period(
        Placement.objects.exclude(status=Placement.Status.CANCELLED), "hire_date", scope, dates=True
    )
    if scope.association_id:
        credited = PlacementTouch.objects.filter(
            association_id=scope.association_id, role=PlacementTouch.Role.PRIMARY
        )
        qs = qs.filter(
            Q(pk__in=credited.values("placement_id"))
            | Q(enterprise_id__in=_member_enterprise_ids(scope.association_id))
        )
    if scope.city_id:
        qs = qs.filter(position__city_id=scope.city_id)
    if scope.industry:
        qs = qs.filter(enterprise__industry=scope.industry)
    if scope.university:
        qs = qs.filter(graduate__university=scope.university)
    return qs


def rows(figure: str, scope: Scope) -> QuerySet:
    """The rows behind a figure: their count (or headcount sum) is the figure."""
    if figure == "associations_mobilised":
        return mobilised_associations(scope).order_by("name")
    if figure in ("fairs_held", "fairs_campus", "fairs_cloud", "presentations"):
        qs = held_fairs(scope).select_related("organiser", "city").order_by("starts_at", "pk")
        return {
            "fairs_held": qs,
            "fairs_campus": qs.filter(kind=Fair.Kind.CAMPUS),
            "fairs_cloud": qs.filter(kind=Fair.Kind.CLOUD),
            "presentations": qs.filter(format=Fair.Format.PRESENTATION),
        }[figure]
    if figure == "enterprises_participating":
        return participating_enterprises(scope).select_related("city").order_by("name")
    if figure in ("positions_posted", "headcount_offered"):
        return (
            posted_positions(scope).select_related("enterprise", "city").order_by("-published_at")
        )
    if figure == "applications":
        return (
            scoped_applications(scope)
            .select_related("position__enterprise")
            .order_by("-created_at", "-pk")
        )
    if figure == "graduates_applied":
        return GraduateProfile.objects.filter(
            pk__in=scoped_applications(scope).values("graduate_id")
        ).order_by("pk")
    if figure == "placements":
        return (
            scoped_placements(scope)
            .filter(community_assistant=False)
            .select_related("graduate", "enterprise", "position", "source_fair")
            .order_by("-hire_date", "-pk")
        )
    if figure in ("placements_verified", "community_assistants"):
        verified = scoped_placements(scope).filter(
            status__in=VERIFIED, community_assistant=(figure == "community_assistants")
        )
        return GraduateProfile.objects.filter(pk__in=verified.values("graduate_id")).order_by("pk")
    raise KeyError(figure)


# --- The figures -------------------------------------------------------------------------------


def summary(scope: Scope | None = None) -> dict[str, int]:
    """Every headline figure, in the order of KEYS (the API, the command and snapshots)."""
    scope = scope or Scope()
    fairs = held_fairs(scope).aggregate(
        fairs_held=Count("pk"),
        fairs_campus=Count("pk", filter=Q(kind=Fair.Kind.CAMPUS)),
        fairs_cloud=Count("pk", filter=Q(kind=Fair.Kind.CLOUD)),
        presentations=Count("pk", filter=Q(format=Fair.Format.PRESENTATION)),
    )
    positions = posted_positions(scope).aggregate(n=Count("pk"), heads=Sum("headcount"))
    applications = scoped_applications(scope).aggregate(
        n=Count("pk"), graduates=Count("graduate_id", distinct=True)
    )
    placements = scoped_placements(scope).aggregate(
        declared=Count("pk", filter=Q(community_assistant=False)),
        verified=Count(
            "graduate_id",
            distinct=True,
            filter=Q(community_assistant=False, status__in=VERIFIED),
        ),
        assistants=Count(
            "graduate_id", distinct=True, filter=Q(community_assistant=True, status__in=VERIFIED)
        ),
    )
    figures = {
        "associations_mobilised": mobilised_associations(scope).count(),
        **fairs,
        "enterprises_participating": participating_enterprises(scope).count(),
        "positions_posted": positions["n"],
        "headcount_offered": positions["heads"] or 0,
        "applications": applications["n"],
        "graduates_applied": applications["graduates"],
        "placements": placements["declared"],
        "placements_verified": placements["verified"],
        "community_assistants": placements["assistants"],
    }
    return {key: figures[key] for key in KEYS}


def completeness_rate(figures: dict) -> float | None:
    """The share of declared placements that are verified (the report's completeness rate)."""
    if not figures["placements"]:
        return None
    return round(figures["placements_verified"] / figures["placements"], 4)


def targets_progress(figures: dict, campaign) -> list[dict]:
    """Progress against the targets officers set on the campaign (those set, i.e. not zero)."""
    if campaign is None:
        return []
    pairs = [
        (
            _("Associations mobilised"),
            figures["associations_mobilised"],
            campaign.target_associations,
        ),
        (
            _("Enterprises taking part"),
            figures["enterprises_participating"],
            campaign.target_enterprises,
        ),
        (_("Graduates who applied"), figures["graduates_applied"], campaign.target_graduates),
        (_("Positions posted"), figures["positions_posted"], campaign.target_positions),
        (
            # The campaign's placement target counts both kinds of hire the department reports.
            _("Verified placements and community assistants"),
            figures["placements_verified"] + figures["community_assistants"],
            campaign.target_placements,
        ),
    ]
    return [
        {
            "label": label,
            "value": value,
            "target": target,
            "percent": min(100, round(100 * value / target)),
        }
        for label, value, target in pairs
        if target
    ]


# --- Breakdowns --------------------------------------------------------------------------------

BREAKDOWNS = {
    "association": _("By association"),
    "fair": _("By fair (funnel)"),
    "channel": _("By channel (funnel)"),
    "city": _("By city"),
    "industry": _("By industry"),
    "university": _("By university"),
    "major": _("By major"),
    "month": _("By month"),
}
# Where each dimension lives on applications and on placements.
_DIMENSIONS = {
    "city": (F("position__city__name"), F("position__city__name")),
    "industry": (F("position__enterprise__industry"), F("enterprise__industry")),
    "university": (F("graduate__university"), F("graduate__university")),
    "major": (F("graduate__major"), F("graduate__major")),
    "month": (TruncMonth("created_at"), TruncMonth("hire_date")),
}
_PLACEMENT_COUNTS = {
    "placements": Count("pk", filter=Q(community_assistant=False)),
    "placements_verified": Count(
        "graduate_id", distinct=True, filter=Q(community_assistant=False, status__in=VERIFIED)
    ),
    "community_assistants": Count(
        "graduate_id", distinct=True, filter=Q(community_assistant=True, status__in=VERIFIED)
    ),
}


def _label(dimension: str, key) -> str:
    if key in (None, ""):
        return str(_("(not given)"))
    if dimension == "industry":
        return f"{key} {Industry(key).label}" if key in Industry.values else str(key)
    if dimension == "month":
        return key.strftime("%Y-%m")
    return str(key)


def _grouped(dimension: str, scope: Scope) -> list[dict]:
    app_dim, pl_dim = _DIMENSIONS[dimension]
    merged: dict = {}

    def row(key):
        if isinstance(key, datetime.datetime):
            key = timezone.localtime(key).date() if timezone.is_aware(key) else key.date()
        return merged.setdefault(
            key,
            {
                "key": key,
                "label": _label(dimension, key),
                "applications": 0,
                "graduates_applied": 0,
                "placements": 0,
                "placements_verified": 0,
                "community_assistants": 0,
            },
        )

    apps = (
        scoped_applications(scope)
        .annotate(k=app_dim)
        .values("k")
        .annotate(applications=Count("pk"), graduates_applied=Count("graduate_id", distinct=True))
        .order_by()
    )
    for item in apps:
        row(item["k"]).update(
            applications=item["applications"], graduates_applied=item["graduates_applied"]
        )
    placed = (
        scoped_placements(scope).annotate(k=pl_dim).values("k").annotate(**_PLACEMENT_COUNTS)
    ).order_by()
    for item in placed:
        row(item["k"]).update({name: item[name] for name in _PLACEMENT_COUNTS})
    if dimension == "month":
        return sorted(merged.values(), key=lambda r: r["key"] or datetime.date.min)
    return sorted(
        merged.values(), key=lambda r: (-r["placements_verified"], -r["applications"], r["label"])
    )


def by_association(scope: Scope) -> list[dict]:
    """Each mobilised association: fairs it (co-)organised, member enterprises taking part, and
    `placements_credited`: graduates with a verified placement (community assistants apart, as
    in `placements_verified`) credited to it as an organiser of the fair the application came
    through. Not a share of the headline: a co-organised fair credits each organiser, and a
    direct hire credits none."""
    associations = dict(mobilised_associations(scope).values_list("pk", "name"))
    fairs = held_fairs(replace(scope, association_id=None))
    organised: dict[int, int] = {}
    for item in fairs.values("organiser_id").annotate(n=Count("pk")).order_by():
        organised[item["organiser_id"]] = item["n"]
    co = Fair.co_organisers.through.objects.filter(fair_id__in=fairs.values("pk"))
    for item in co.values("association_id").annotate(n=Count("fair_id")).order_by():
        organised[item["association_id"]] = organised.get(item["association_id"], 0) + item["n"]
    members = (
        Membership.objects.approved()
        .filter(
            association_id__in=list(associations),
            enterprise_id__in=Enterprise.objects.filter(_participant_filter(fairs)).values("pk"),
        )
        .values("association_id")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
    )
    enterprises = {item["association_id"]: item["n"] for item in members}
    verified = scoped_placements(replace(scope, association_id=None)).filter(
        status__in=VERIFIED, community_assistant=False
    )
    credited = (
        PlacementTouch.objects.filter(
            role=PlacementTouch.Role.PRIMARY, placement_id__in=verified.values("pk")
        )
        .values("association_id")
        .annotate(n=Count("placement__graduate_id", distinct=True))
        .order_by()
    )
    placed = {item["association_id"]: item["n"] for item in credited}
    out = [
        {
            "key": pk,
            "label": name,
            "fairs": organised.get(pk, 0),
            "enterprises": enterprises.get(pk, 0),
            "placements_credited": placed.get(pk, 0),
        }
        for pk, name in associations.items()
    ]
    return sorted(out, key=lambda r: (-r["placements_credited"], -r["fairs"], r["label"]))


def fair_funnels(scope: Scope) -> list[dict]:
    """Per held fair: applications → interviews → offers → declared → verified; and beside the
    funnel, the applications the enterprises rejected and those closed for want of an answer
    (no answer is not a rejection)."""
    fairs = held_fairs(scope)
    names = {
        pk: (title, kind, fmt)
        for pk, title, kind, fmt in fairs.values_list("pk", "title", "kind", "format")
    }
    apps = (
        Application.objects.filter(source_fair_id__in=fairs.values("pk"))
        .values("source_fair_id")
        .annotate(
            applications=Count("pk"),
            interviews=Count("pk", filter=Q(interview_reached_at__isnull=False)),
            offers=Count(
                "pk",
                filter=Q(status__in=[ApplicationStatus.OFFERED, ApplicationStatus.HIRED]),
            ),
            rejected=Count("pk", filter=Q(status=ApplicationStatus.REJECTED)),
            no_answer=Count("pk", filter=Q(status=ApplicationStatus.NO_ANSWER)),
        )
        .order_by()
    )
    placed = (
        Placement.objects.exclude(status=Placement.Status.CANCELLED)
        .filter(source_fair_id__in=fairs.values("pk"))
        .values("source_fair_id")
        .annotate(
            declared=Count("pk"),
            verified=Count("graduate_id", distinct=True, filter=Q(status__in=VERIFIED)),
        )
        .order_by()
    )
    merged = {
        pk: {
            "key": pk,
            "label": title,
            "kind": kind,
            "format": fmt,
            "applications": 0,
            "interviews": 0,
            "offers": 0,
            "declared": 0,
            "verified": 0,
            "rejected": 0,
            "no_answer": 0,
        }
        for pk, (title, kind, fmt) in names.items()
    }
    for item in apps:
        merged[item["source_fair_id"]].update(
            {k: item[k] for k in ("applications", "interviews", "offers", "rejected", "no_answer")}
        )
    for item in placed:
        merged[item["source_fair_id"]].update(declared=item["declared"], verified=item["verified"])
    return sorted(merged.values(), key=lambda r: (-r["verified"], -r["applications"], r["key"]))


def hiring_checks(scope: Scope) -> dict[str, int]:
    """No ghost jobs, in figures: positions asked "still hiring?" (还在招吗？) in the period, and
    those confirmed active, closed as no longer hiring, or unlisted for want of an answer;
    distinct positions, counted from their events (jobs.services)."""
    events = _in_period(PositionEvent.objects.all(), "created_at", scope)
    if scope.association_id:
        events = events.filter(
            position__enterprise_id__in=_member_enterprise_ids(scope.association_id)
        )
    if scope.city_id:
        events = events.filter(position__city_id=scope.city_id)
    if scope.industry:
        events = events.filter(position__enterprise__industry=scope.industry)

    def positions(**condition):
        return Count("position_id", distinct=True, filter=Q(**condition))

    return events.aggregate(
        asked=positions(action="hiring_check"),
        confirmed=positions(action="hiring_confirmed"),
        closed=positions(action="closed", note="hiring_check"),
        unlisted=positions(action="unlisted"),
    )


def trust(scope: Scope) -> dict:
    """The trust figures: "still hiring?" checks (hiring_checks), applications closed without an
    answer, and the fairs' ratings by their visitors and enterprises per organising association
    and per kind of fair (feedback.selectors.department_averages)."""
    return {
        "hiring_checks": hiring_checks(scope),
        "applications_no_answer": scoped_applications(scope)
        .filter(status=ApplicationStatus.NO_ANSWER)
        .count(),
        "fair_ratings": department_averages(
            date_from=scope.date_from,
            date_to=scope.date_to,
            association_id=scope.association_id,
        ),
    }


def channel_funnels(scope: Scope) -> list[dict]:
    """Per channel applications came through (search, a fair's page, a booth scan, 为你推荐, an
    enterprise's invitation…): applications → interviews → offers → declared → verified, for
    the applications and placements of the period."""
    apps = (
        scoped_applications(scope)
        .values("source")
        .annotate(
            applications=Count("pk"),
            interviews=Count("pk", filter=Q(interview_reached_at__isnull=False)),
            offers=Count(
                "pk", filter=Q(status__in=[ApplicationStatus.OFFERED, ApplicationStatus.HIRED])
            ),
        )
        .order_by()
    )
    placed = (
        scoped_placements(scope)
        .values("application__source")
        .annotate(
            declared=Count("pk"),
            verified=Count("graduate_id", distinct=True, filter=Q(status__in=VERIFIED)),
        )
        .order_by()
    )
    merged: dict[str, dict] = {}

    def row(source: str) -> dict:
        label = Source(source).label if source in Source.values else source
        return merged.setdefault(
            source,
            {
                "key": source,
                "label": str(label),
                "applications": 0,
                "interviews": 0,
                "offers": 0,
                "declared": 0,
                "verified": 0,
            },
        )

    for item in apps:
        row(item["source"]).update({k: item[k] for k in ("applications", "interviews", "offers")})
    for item in placed:
        row(item["application__source"]).update(
            declared=item["declared"], verified=item["verified"]
        )
    return sorted(merged.values(), key=lambda r: (-r["verified"], -r["applications"], r["key"]))


def breakdowns(scope: Scope, only: tuple[str, ...] | None = None) -> dict[str, list[dict]]:
    wanted = only or tuple(BREAKDOWNS)
    out = {}
    for name in wanted:
        if name == "association":
            out[name] = by_association(scope)
        elif name == "fair":
            out[name] = fair_funnels(scope)
        elif name == "channel":
            out[name] = channel_funnels(scope)
        else:
            out[name] = _grouped(name, scope)
    return out


def differences(before: dict, after: dict) -> dict[str, int]:
    """How each figure moved between two snapshots (only those that changed)."""
    return {
        key: after.get(key, 0) - before.get(key, 0)
        for key in KEYS
        if after.get(key, 0) != before.get(key, 0)
    }
