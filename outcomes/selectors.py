"""Read queries of outcomes, scoped to what the user may see: the dashboard's scope, placements."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from associations.models import Membership
from fairs.models import Campaign, Fair, Participation
from outcomes import tally
from outcomes.models import Placement, Report, Snapshot
from outcomes.tally import Scope

# A campaign's fairs credit hires within its own window; fairs outside campaigns within this.
DEFAULT_HIRE_WINDOW_DAYS = 90


def figures_scope(user, params) -> Scope:
    """The scope a user asked for, narrowed to what they may see: officers see everything;
    association staff see their association's figures only; anyone else is refused."""
    roles = roles_for(user)
    if not (roles.officer or roles.association_staff):
        raise PermissionDenied(
            _("Only department officers and association staff see these figures.")
        )
    scope = Scope.from_params(params)
    if scope.campaign_id and not (scope.date_from or scope.date_to):
        campaign = Campaign.objects.filter(pk=scope.campaign_id).first()
        if campaign is not None:
            scope = Scope.for_campaign(
                campaign,
                association_id=scope.association_id,
                city_id=scope.city_id,
                industry=scope.industry,
                university=scope.university,
            )
    if roles.officer:
        return scope
    mine = sorted(roles.association_ids)
    chosen = scope.association_id if scope.association_id in roles.association_ids else mine[0]
    return scope.restricted_to(chosen)


def campaign_of(scope: Scope) -> Campaign | None:
    if not scope.campaign_id:
        return None
    return Campaign.objects.filter(pk=scope.campaign_id).first()


def current_campaign() -> Campaign | None:
    return Campaign.objects.order_by("-starts_on", "-pk").first()


def placements_for(user) -> QuerySet[Placement]:
    """Placements the user may see: their own, their enterprise's, their association's, or all."""
    roles = roles_for(user)
    qs = Placement.objects.select_related("graduate", "enterprise", "position", "source_fair")
    if roles.officer:
        return qs
    visible = Q(graduate__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    if roles.enterprise_ids:
        visible |= Q(enterprise_id__in=roles.enterprise_ids)
    if roles.association_ids:
        visible |= Q(touches__association_id__in=roles.association_ids) | Q(
            enterprise_id__in=Membership.objects.approved()
            .filter(association_id__in=roles.association_ids)
            .values("enterprise_id")
        )
    return qs.filter(pk__in=Placement.objects.filter(visible).values("pk"))


def graduate_placements(user) -> QuerySet[Placement]:
    return Placement.objects.filter(graduate__user_id=user.pk).select_related(
        "enterprise", "position", "source_fair"
    )


def placements_to_verify(user) -> QuerySet[Placement]:
    """Declared or confirmed placements staff (or officers) can confirm or evidence."""
    roles = roles_for(user)
    if not (roles.officer or roles.association_staff):
        return Placement.objects.none()
    qs = placements_for(user).filter(
        status__in=[Placement.Status.DECLARED, Placement.Status.CONFIRMED]
    )
    return qs.order_by("-contract_uploaded_at", "-created_at", "-pk")


def reports_for(user) -> QuerySet[Report]:
    return Report.objects.filter(requested_by=user)


def snapshots(campaign=None) -> QuerySet[Snapshot]:
    qs = Snapshot.objects.all()
    return qs.filter(campaign=campaign) if campaign else qs.filter(campaign__isnull=True)


def frozen_with_differences(limit: int = 5) -> list[dict]:
    """The latest frozen campaign figures, each with how the figures moved since: against the
    newest daily snapshot of that campaign taken later, or else against the figures now."""

    out = []
    frozen = list(
        Snapshot.objects.filter(kind=Snapshot.Kind.FROZEN).select_related("campaign")[:limit]
    )
    newest = _newest_daily_snapshots({snap.campaign_id for snap in frozen})
    for snap in frozen:
        later = newest.get(snap.campaign_id)
        if later is not None and later.day <= snap.day:
            later = None
        if later is not None:
            now = later.figures
        else:
            now = tally.summary(Scope.for_campaign(snap.campaign, date_to=snap.cut_off))
        out.append({"snapshot": snap, "later": later, "diff": tally.differences(snap.figures, now)})
    return out


def _newest_daily_snapshots(campaign_ids: set) -> dict:
    """The newest daily snapshot of each campaign (None: all campaigns together), in two queries
    whatever the number of campaigns (one day has one daily row per campaign)."""
    if not campaign_ids:
        return {}
    daily = Snapshot.objects.filter(kind=Snapshot.Kind.DAILY)
    in_campaigns = Q(campaign_id__in=[pk for pk in campaign_ids if pk is not None])
    if None in campaign_ids:
        in_campaigns |= Q(campaign__isnull=True)
    last_days = (
        daily.filter(in_campaigns).order_by().values("campaign_id").annotate(last=Max("day"))
    )
    wanted = Q(pk__in=[])
    for row in last_days:
        wanted |= Q(campaign_id=row["campaign_id"], day=row["last"])
    return {snap.campaign_id: snap for snap in daily.filter(wanted).order_by("pk")}


def secondary_fairs_for(placement: Placement, *, primary=None) -> list:
    """Other fairs where the graduate checked in and the enterprise took part, held within the
    campaign's hire window before the hire."""
    hire_start = timezone.make_aware(
        datetime.datetime.combine(placement.hire_date, datetime.time.max)
    )
    fairs = (
        Fair.objects.filter(
            tickets__graduate__graduate_profile=placement.graduate_id,
            tickets__checked_in_at__isnull=False,
            participations__enterprise_id=placement.enterprise_id,
            participations__status=Participation.Status.APPROVED,
            starts_at__lte=hire_start,
        )
        .exclude(status=Fair.Status.CANCELLED)
        .select_related("campaign")
        .distinct()
    )
    if primary is not None:
        fairs = fairs.exclude(pk=primary.pk)
    chosen = []
    for fair in fairs:
        window = fair.campaign.hire_window_days if fair.campaign else DEFAULT_HIRE_WINDOW_DAYS
        if (placement.hire_date - timezone.localdate(fair.starts_at)).days <= window:
            chosen.append(fair)
    return chosen
