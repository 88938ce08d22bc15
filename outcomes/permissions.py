"""Who may see and change placements and department figures: predicates shared by all layers."""

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from associations.models import Membership
from outcomes.models import Placement, PlacementTouch


def is_placed_graduate(user, placement: Placement) -> bool:
    return user.is_authenticated and placement.graduate.user_id == user.pk


def staff_association_ids_for(placement: Placement) -> set[int]:
    """Associations whose staff look after this placement: those credited with it and those the
    enterprise is an approved member of."""

    credited = PlacementTouch.objects.filter(placement=placement).values_list(
        "association_id", flat=True
    )
    members = (
        Membership.objects.approved()
        .filter(enterprise_id=placement.enterprise_id)
        .values_list("association_id", flat=True)
    )
    return set(credited) | set(members)


def can_verify_placement(user, placement: Placement) -> bool:
    """Department officers, and staff of an association that looks after the placement."""
    roles = roles_for(user)
    if roles.officer:
        return True
    if not roles.association_ids:
        return False
    return bool(roles.association_ids & staff_association_ids_for(placement))


def can_cancel_placement(user, placement: Placement) -> bool:
    """The hiring enterprise's recruiters record a 解约; staff and officers may too."""
    return roles_for(user).is_recruiter_of(placement.enterprise_id) or can_verify_placement(
        user, placement
    )


def can_see_placement(user, placement: Placement) -> bool:
    return (
        is_placed_graduate(user, placement)
        or roles_for(user).is_recruiter_of(placement.enterprise_id)
        or can_verify_placement(user, placement)
    )


def can_see_department_figures(user) -> bool:
    """Officers see every figure; association staff see theirs (scoped); nobody else."""
    roles = roles_for(user)
    return roles.officer or roles.association_staff


def can_export(user) -> bool:
    return roles_for(user).officer


def access_placement(user, pk: int) -> Placement:
    """The placement if the user may see it; 404 alike for missing and not-yours."""
    placement = (
        Placement.objects.select_related("graduate__user", "enterprise", "position", "source_fair")
        .filter(pk=pk)
        .first()
    )
    if placement is None or not can_see_placement(user, placement):
        raise Http404(_("No such placement, or it is not yours to see."))
    return placement
