"""Permission predicates for associations and enterprises, shared by services, views and API."""

from accounts.roles import roles_for
from associations.models import Association


def can_manage_staff(user, association: Association) -> bool:
    """Association admins manage their own staff; department officers any association's."""
    roles = roles_for(user)
    return roles.officer or roles.is_admin_of(association.pk)
