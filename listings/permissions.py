"""Who may change how the search understands queries."""

from accounts.roles import roles_for


def can_edit_related_terms(user) -> bool:
    return roles_for(user).officer
