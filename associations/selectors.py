"""Read queries of associations and enterprises, shared by views, API and other apps.

Each query that depends on who asks takes the user and returns only what that user may see.
"""

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from accounts.roles import roles_for
from associations.models import (
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Membership,
    RecruiterInvitation,
    StaffInvitation,
)


def is_verified(enterprise: Enterprise) -> bool:
    """Verified while at least one association has the enterprise as an approved member.

    The one rule other apps use before publishing positions or registering for fairs.
    """
    return _approved(enterprise=enterprise).exists()


def verified_enterprise_ids(enterprise_ids) -> set[int]:
    """Of these enterprises, the ids of the verified ones (the rule of `is_verified`, one query)."""
    return set(
        _approved(enterprise_id__in=list(enterprise_ids)).values_list("enterprise_id", flat=True)
    )


def approved_association_ids(enterprise: Enterprise) -> list[int]:
    """Ids of the associations that have the enterprise as an approved member."""
    return list(_approved(enterprise=enterprise).values_list("association_id", flat=True))


def _approved(**filters) -> QuerySet:
    return Membership.objects.approved().filter(**filters)


def with_verified(enterprises: QuerySet) -> QuerySet:
    """Annotate `verified` on enterprises (the same rule as `is_verified`, in one query)."""
    return enterprises.annotate(verified=Exists(_approved(enterprise=OuterRef("pk"))))


# --- associations ---------------------------------------------------------------------------


def association_directory(
    *, q: str = "", kind: str = "", level: str = "", industry: str = ""
) -> QuerySet[Association]:
    """The public directory, filtered, with the number of member enterprises."""
    members = (
        Membership.objects.approved()
        .filter(association=OuterRef("pk"))
        .values("association")
        .annotate(n=Count("pk"))
        .values("n")
    )
    associations = Association.objects.annotate(member_count=Coalesce(Subquery(members), Value(0)))
    if q:
        associations = associations.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind:
        associations = associations.filter(kind=kind)
    if level:
        associations = associations.filter(level=level)
    if industry:
        associations = associations.filter(industries__contains=industry[:1].upper())
    return associations.order_by("name")


def association_members(association: Association) -> QuerySet[Membership]:
    """Approved memberships of the association, with their enterprise and its city."""
    return (
        _approved(association=association)
        .select_related("enterprise", "enterprise__city")
        .order_by("enterprise__name")
    )


def association_members_of(enterprise: Enterprise) -> QuerySet[Association]:
    """The associations that have the enterprise as an approved member."""
    return Association.objects.filter(
        pk__in=_approved(enterprise=enterprise).values("association_id")
    ).order_by("name")


def pending_requests(association: Association) -> QuerySet[Membership]:
    """Requests waiting for this association's staff (oldest first)."""
    return (
        Membership.objects.filter(association=association, status=Membership.Status.REQUESTED)
        .select_related("enterprise", "enterprise__city")
        .order_by("created_at", "pk")
    )


def outstanding_invitations(association: Association) -> QuerySet[Membership]:
    """Invitations the association sent that enterprises have not answered yet."""
    return (
        Membership.objects.filter(association=association, status=Membership.Status.INVITED)
        .select_related("enterprise")
        .order_by("created_at", "pk")
    )


def membership_counts(association: Association) -> dict[str, int]:
    """How many memberships of the association are in each status."""
    rows = (
        Membership.objects.filter(association=association)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status: 0 for status in Membership.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def association_staff(association: Association) -> QuerySet[AssociationStaff]:
    return (
        AssociationStaff.objects.filter(association=association)
        .select_related("user")
        .order_by("-role", "user__full_name", "user__email")
    )


def pending_staff_invitations(association: Association) -> list[StaffInvitation]:
    rows = StaffInvitation.objects.filter(
        association=association, accepted_at=None, revoked_at=None
    ).order_by("-created_at")
    return [row for row in rows if not row.is_expired]


def staff_associations(user) -> QuerySet[Association]:
    """The associations `user` is on the staff of."""
    return Association.objects.filter(pk__in=roles_for(user).association_ids).order_by("name")


# --- enterprises ----------------------------------------------------------------------------


def public_enterprises(*, q: str = "") -> QuerySet[Enterprise]:
    enterprises = with_verified(Enterprise.objects.select_related("city", "district"))
    if q:
        enterprises = enterprises.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    return enterprises.order_by("name")


def open_positions(enterprise: Enterprise):
    """The enterprise's open positions (jobs' one rule, `Position.objects.open()`), newest first.

    jobs sits above associations: its positions are reached through their relation to the
    enterprise, whose manager is the positions' own.
    """
    return enterprise.positions.open().select_related("city").order_by("-pk")


def recruiter_enterprises(user) -> QuerySet[Enterprise]:
    """The enterprises `user` actively recruits for."""
    return with_verified(
        Enterprise.objects.filter(pk__in=roles_for(user).enterprise_ids).order_by("name")
    )


def enterprise_memberships(enterprise: Enterprise) -> QuerySet[Membership]:
    """Every membership of the enterprise, live ones first, newest first."""
    return (
        Membership.objects.filter(enterprise=enterprise)
        .select_related("association")
        .prefetch_related("events", "events__actor")
        .order_by("association__name", "-created_at")
    )


def associations_open_to(enterprise: Enterprise) -> QuerySet[Association]:
    """Associations the enterprise has no live request, invitation or membership with: those that
    serve its industry first, then the rest, each by name (a campaign has hundreds; the likely
    ones should not be at the bottom of a phone's list)."""
    live = Membership.objects.filter(
        enterprise=enterprise, status__in=Membership.LIVE_STATUSES
    ).values("association_id")
    serves = Q(industries__contains=enterprise.industry) if enterprise.industry else Q(pk=None)
    return (
        Association.objects.exclude(pk__in=live)
        .annotate(relevance=Case(When(serves, then=Value(0)), default=Value(1)))
        .order_by("relevance", "name")
    )


def enterprise_recruiters(enterprise: Enterprise) -> QuerySet[EnterpriseRecruiter]:
    return (
        EnterpriseRecruiter.objects.filter(enterprise=enterprise)
        .select_related("user")
        .order_by("status", "-role", "user__full_name")
    )


def pending_recruiter_invitations(enterprise: Enterprise) -> QuerySet[RecruiterInvitation]:
    return RecruiterInvitation.objects.filter(enterprise=enterprise, accepted_at=None)


# --- memberships seen from either side ------------------------------------------------------


def memberships_for(user, *, status: str = "") -> QuerySet[Membership]:
    """Memberships `user` may see: of their associations (staff) or enterprises (recruiters);
    department officers see all."""
    roles = roles_for(user)
    memberships = Membership.objects.select_related("enterprise", "association")
    if not roles.officer:
        memberships = memberships.filter(
            Q(association_id__in=roles.association_ids) | Q(enterprise_id__in=roles.enterprise_ids)
        )
    if status:
        memberships = memberships.filter(status=status)
    return memberships.order_by("-updated_at", "-pk")
