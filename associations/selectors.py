"""Read queries of associations and enterprises, shared by views, API and other apps."""

from associations.models import Enterprise, Membership


def is_verified(enterprise: Enterprise) -> bool:
    """Verified while at least one association has the enterprise as an approved member.

    The one rule other apps use before publishing positions or registering for fairs.
    """
    return Membership.objects.filter(
        enterprise=enterprise, status=Membership.Status.APPROVED
    ).exists()


def approved_association_ids(enterprise: Enterprise) -> list[int]:
    """Ids of the associations that have the enterprise as an approved member."""
    return list(
        Membership.objects.filter(
            enterprise=enterprise, status=Membership.Status.APPROVED
        ).values_list("association_id", flat=True)
    )
