"""Who may rate what, and who sees and moderates the answers: predicates shared by services,
views, API and templates; `access_*` helpers answer 404 alike for missing and not-yours."""

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import roles_for
from core.params import int_param
from fairs.models import Fair, Participation
from fairs.permissions import can_manage_fair, can_see_fair
from feedback.models import BoothRating, FairRating


def can_see_results(user, fair: Fair) -> bool:
    """The fair's organisers (staff of the organiser and co-organisers) and officers."""
    return can_manage_fair(user, fair)


def can_moderate(user, fair: Fair) -> bool:
    """The same people hide and show abusive comments."""
    return can_manage_fair(user, fair)


def _not_found() -> Http404:
    return Http404(_("Not found."))


def _fair(pk) -> Fair | None:
    pk = int_param(pk) if isinstance(pk, str) else pk
    if pk is None:
        return None
    return Fair.objects.select_related("organiser").filter(pk=pk).first()


def access_visible_fair(user, pk) -> Fair:
    """A fair the user may see (to rate it, or read why not); 404 otherwise."""
    fair = _fair(pk)
    if fair is None or not can_see_fair(user, fair):
        raise _not_found()
    return fair


def access_results_fair(user, pk) -> Fair:
    """A fair whose feedback the user may read; 404 alike for missing and not-yours."""
    fair = _fair(pk)
    if fair is None or not can_see_results(user, fair):
        raise _not_found()
    return fair


def access_own_fair_rating(user, pk) -> FairRating:
    """A fair rating the user gave (or their enterprise, for an enterprise's); 404 otherwise."""
    rating = FairRating.objects.select_related("fair").filter(pk=int_param(pk) or 0).first()
    if rating is None or not is_own_fair_rating(user, rating):
        raise _not_found()
    return rating


def is_own_fair_rating(user, rating: FairRating) -> bool:
    """A graduate's rating is its author's; an enterprise's is any of its recruiters'."""
    if rating.role == FairRating.Role.ENTERPRISE:
        return roles_for(user).is_recruiter_of(rating.enterprise_id)
    return rating.author_id == getattr(user, "pk", None)


def access_own_booth_rating(user, pk) -> BoothRating:
    rating = (
        BoothRating.objects.select_related("fair", "participation__enterprise")
        .filter(pk=int_param(pk) or 0, author_id=getattr(user, "pk", None))
        .first()
    )
    if rating is None:
        raise _not_found()
    return rating


def access_own_booth(user, pk) -> Participation:
    """An approved booth (participation) of an enterprise the user recruits for; 404 otherwise."""
    booth = (
        Participation.objects.select_related("fair", "enterprise")
        .filter(pk=int_param(pk) or 0, status=Participation.Status.APPROVED)
        .first()
    )
    if booth is None or not roles_for(user).is_recruiter_of(booth.enterprise_id):
        raise _not_found()
    return booth


def access_moderated(user, model, pk):
    """A fair or booth rating whose comment the user moderates; 404 otherwise."""
    rating = model.objects.select_related("fair").filter(pk=int_param(pk) or 0).first()
    if rating is None or not can_moderate(user, rating.fair):
        raise _not_found()
    return rating
