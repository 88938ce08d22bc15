"""Permission predicates for associations and enterprises, shared by services, views and API.

Predicates answer yes or no from `accounts.roles.roles_for(user)`; the `access_*` helpers fetch
and authorise in one call and answer 404 alike for "does not exist" and "not yours".
"""

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from associations.models import Association, Enterprise, Membership


def can_manage_staff(user, association: Association) -> bool:
    """Association admins manage their own staff; department officers any association's."""
    roles = roles_for(user)
    return roles.officer or roles.is_admin_of(association.pk)


def can_create_association(user) -> bool:
    """Only the department creates associations (and their first administrator)."""
    return roles_for(user).officer


def can_edit_association(user, association: Association) -> bool:
    return can_manage_staff(user, association)


def can_decide_memberships(user, association: Association) -> bool:
    """Any staff member of the association approves, rejects, invites and ends memberships."""
    return roles_for(user).is_staff_of(association.pk)


def can_register_enterprise(user) -> bool:
    """Whoever signed up as a recruiter (or recruits already) registers or joins enterprises."""
    roles = roles_for(user)
    return roles.signed_up_as_recruiter or roles.recruiter or bool(roles.pending_enterprises)


def can_act_for_enterprise(user, enterprise: Enterprise) -> bool:
    """Active recruiters edit the profile and manage the enterprise's memberships."""
    return roles_for(user).is_recruiter_of(enterprise.pk)


def can_manage_recruiters(user, enterprise: Enterprise) -> bool:
    """Owners approve, invite and remove the enterprise's recruiters."""
    return roles_for(user).is_owner_of(enterprise.pk)


def can_see_membership(user, membership: Membership) -> bool:
    return can_decide_memberships(user, membership.association) or can_act_for_enterprise(
        user, membership.enterprise
    )


def _not_found():
    return Http404(_("Not found."))


def _as_int(pk) -> int | None:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return None


def access_staff_association(user, pk) -> Association:
    """The association `pk` if `user` is on its staff; 404 otherwise."""
    pk = _as_int(pk)
    if pk is None or not roles_for(user).is_staff_of(pk):
        raise _not_found()
    try:
        return Association.objects.get(pk=pk)
    except Association.DoesNotExist:
        raise _not_found() from None


def access_recruiter_enterprise(user, pk) -> Enterprise:
    """The enterprise `pk` if `user` recruits for it (active); 404 otherwise."""
    pk = _as_int(pk)
    if pk is None or not roles_for(user).is_recruiter_of(pk):
        raise _not_found()
    try:
        return Enterprise.objects.get(pk=pk)
    except Enterprise.DoesNotExist:
        raise _not_found() from None


def access_membership(user, pk) -> Membership:
    """A membership visible to `user` (staff of its association or recruiter of its enterprise)."""
    membership = (
        Membership.objects.select_related("enterprise", "association")
        .filter(pk=_as_int(pk) or 0)
        .first()
    )
    if membership is None or not can_see_membership(user, membership):
        raise _not_found()
    return membership
