"""Who may do what with fairs: predicates shared by services, views, API and templates."""

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from core.params import int_param
from fairs.models import Campaign, Fair, InterviewSlot, Participation, Ticket


def can_create_fair(user, association) -> bool:
    """Staff of the organising association, or a department officer."""
    roles = roles_for(user)
    return roles.officer or roles.is_staff_of(association.pk)


def can_manage_fair(user, fair: Fair) -> bool:
    """Staff of the organiser or of a co-organiser, or a department officer."""
    roles = roles_for(user)
    if roles.officer:
        return True
    if not roles.association_ids:
        return False
    return bool(roles.association_ids & fair.organiser_ids())


def can_act_for_enterprise(user, enterprise_id: int) -> bool:
    """Active recruiters of the enterprise act for it at fairs."""
    return roles_for(user).is_recruiter_of(enterprise_id)


def can_manage_campaigns(user) -> bool:
    """Department officers create and change campaigns."""
    return roles_for(user).officer


def can_see_fair(user, fair: Fair) -> bool:
    """Published (and later) fairs are public; drafts only to those who manage them."""
    return fair.status in Fair.VISIBLE_STATUSES or can_manage_fair(user, fair)


def _not_found():
    return Http404(_("No such fair, or it is not yours to see."))


def _fair(pk) -> Fair | None:
    """The fair of a URL's id; None for one that is not a number (the API's ids come as text)."""
    pk = int_param(pk) if isinstance(pk, str) else pk
    if pk is None:
        return None
    return Fair.objects.select_related("organiser", "city", "campaign").filter(pk=pk).first()


def access_fair(user, pk: int | str) -> Fair:
    fair = _fair(pk)
    if fair is None or not can_see_fair(user, fair):
        raise _not_found()
    return fair


def access_managed_fair(user, pk: int | str) -> Fair:
    """The fair, if the user manages it; 404 alike for missing and not-yours."""
    fair = _fair(pk)
    if fair is None or not can_manage_fair(user, fair):
        raise _not_found()
    return fair


def access_participation_as_manager(user, pk: int) -> Participation:
    participation = Participation.objects.select_related("fair", "enterprise").filter(pk=pk).first()
    if participation is None or not can_manage_fair(user, participation.fair):
        raise _not_found()
    return participation


def access_participation_as_recruiter(user, pk: int) -> Participation:
    participation = Participation.objects.select_related("fair", "enterprise").filter(pk=pk).first()
    if participation is None or not can_act_for_enterprise(user, participation.enterprise_id):
        raise _not_found()
    return participation


def access_own_ticket(user, code: str) -> Ticket:
    ticket = (
        Ticket.objects.select_related("fair", "fair__organiser")
        .filter(code=code.upper(), graduate_id=getattr(user, "pk", None))
        .first()
    )
    if ticket is None:
        raise _not_found()
    return ticket


def access_visible_slot(user, pk: int) -> InterviewSlot:
    slot = InterviewSlot.objects.select_related("fair", "enterprise").filter(pk=pk).first()
    if slot is None or not can_see_fair(user, slot.fair):
        raise _not_found()
    return slot


def access_managed_campaign(user, pk: int) -> Campaign:
    """The campaign, if the user may change it; 404 alike for missing and not-yours."""
    campaign = Campaign.objects.filter(pk=pk).first() if can_manage_campaigns(user) else None
    if campaign is None:
        raise Http404(_("No such campaign, or it is not yours to change."))
    return campaign
