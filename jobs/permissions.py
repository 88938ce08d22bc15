"""Permission predicates for positions and their moderation, shared by services, views and API.

Recruiters (active members of the enterprise) manage its positions; drafts are theirs alone;
association staff moderate the positions of their approved member enterprises; department
officers moderate any. The `access_*` helpers answer 404 alike for "missing" and "not yours".
"""

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from associations.selectors import approved_association_ids
from jobs.models import Position, PositionReport


def can_manage_position(user, position: Position) -> bool:
    """Active recruiters of the position's enterprise edit, publish, close and reopen it."""
    return roles_for(user).is_recruiter_of(position.enterprise_id)


def can_recruit_for(user, enterprise) -> bool:
    """Active recruiters of the enterprise create and import its positions."""
    return roles_for(user).is_recruiter_of(enterprise.pk)


def can_view_position(user, position: Position) -> bool:
    """Everyone sees a position once published (whatever became of it since); drafts only its
    recruiters."""
    return position.status != Position.Status.DRAFT or can_manage_position(user, position)


def can_report_position(user, position: Position) -> bool:
    """Anyone signed in reports a published position of another enterprise."""
    return (
        bool(user and user.is_authenticated)
        and position.status != Position.Status.DRAFT
        and not can_manage_position(user, position)
    )


def can_moderate_position(user, position: Position) -> bool:
    """Staff of an association the enterprise is an approved member of, or an officer."""

    roles = roles_for(user)
    if roles.officer:
        return True
    if not roles.association_ids:
        return False
    return bool(roles.association_ids & set(approved_association_ids(position.enterprise)))


def can_moderate(user) -> bool:
    """Whether the user sees a moderation queue at all."""
    roles = roles_for(user)
    return roles.officer or roles.association_staff


def _not_found() -> Http404:
    return Http404(_("Not found."))


def _as_int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise _not_found() from None


def _get(pk) -> Position:
    position = (
        Position.objects.select_related("enterprise", "city", "district")
        .filter(pk=_as_int(pk))
        .first()
    )
    if position is None:
        raise _not_found()
    return position


def access_position(user, pk) -> Position:
    """The position if `user` may see it (drafts only its recruiters); 404 otherwise."""
    position = _get(pk)
    if not can_view_position(user, position):
        raise _not_found()
    return position


def access_managed_position(user, pk) -> Position:
    """The position if `user` recruits for its enterprise; 404 otherwise."""
    position = _get(pk)
    if not can_manage_position(user, position):
        raise _not_found()
    return position


def access_moderated_position(user, pk) -> Position:
    """The position if `user` moderates it; 404 otherwise."""
    position = _get(pk)
    if position.status == Position.Status.DRAFT or not can_moderate_position(user, position):
        raise _not_found()
    return position


def access_report(user, pk) -> PositionReport:
    """A report in `user`'s moderation queue; 404 otherwise."""
    report = (
        PositionReport.objects.select_related("position", "position__enterprise")
        .filter(pk=_as_int(pk))
        .first()
    )
    if report is None or not can_moderate_position(user, report.position):
        raise _not_found()
    return report
