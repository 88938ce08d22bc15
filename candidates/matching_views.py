"""Pages of matching: the graduate's switches and invitations, the recruiter's talent
suggestions (人才推荐) for a position and the invitations sent from them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates import invitations, permissions, selectors, services, talent
from candidates.forms import DeclineForm, InviteForm, MatchingPreferencesForm
from core.web import error_text, form_error_text, run_action


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """The graduate's switches: discoverable (人才推荐) and the daily e-mail of new matches."""
    graduate = permissions.require_graduate(request.user)
    form = MatchingPreferencesForm(request.POST)
    form.is_valid()  # two check boxes: an unchecked one is simply False
    services.set_matching_preferences(
        profile=graduate,
        by=request.user,
        discoverable=form.cleaned_data.get("discoverable", False),
        daily_digest=form.cleaned_data.get("daily_digest", False),
    )
    messages.success(request, _("Your choices were saved."))
    return redirect("candidates:profile")


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations to apply the graduate received, to accept or decline."""
    graduate = permissions.require_graduate(request.user)
    return render(
        request,
        "candidates/invitations.html",
        {
            "profile": graduate,
            "invitations": selectors.invitations_of(graduate),
            "completeness": selectors.completeness(graduate),
            "decline_form": DeclineForm(),
        },
    )


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.access_own_invitation(request.user, pk)
    done = run_action(
        request,
        lambda: invitations.accept_invitation(invitation=invitation, by=request.user),
        _("You accepted the invitation: your application was sent."),
    )
    if done:
        invitation.refresh_from_db()
        return redirect("candidates:application", invitation.application_id)
    return redirect("candidates:invitations")


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.access_own_invitation(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("candidates:invitations")
    run_action(
        request,
        lambda: invitations.decline_invitation(
            invitation=invitation, by=request.user, reason=form.cleaned_data["reason"]
        ),
        _("You declined the invitation."),
    )
    return redirect("candidates:invitations")


@login_required
def talent_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """人才推荐: discoverable graduates who fit the position, masked, and the invitations sent."""
    position = permissions.access_talent_position(request.user, pk)
    form = InviteForm(
        initial={
            "message": _(
                "Hello! We are recruiting for “%(title)s” and your profile fits it well. "
                "We would be glad to receive your application."
            )
            % {"title": position.title}
        }
    )
    return render(
        request,
        "candidates/talent.html",
        {
            "position": position,
            "suggestions": talent.suggest_graduates(position),
            "invitations": selectors.invitations_for_position(position),
            "form": form,
            "per_day": invitations.invitations_per_position_per_day(),
        },
    )


@login_required
@require_POST
def talent_invite(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_talent_position(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("candidates:talent", pk)
    graduate = talent.suggested_graduate(position, form.cleaned_data["graduate"])
    if graduate is None:
        messages.error(request, error_text(talent.not_suggested()))
        return redirect("candidates:talent", pk)
    run_action(
        request,
        lambda: invitations.invite_graduate(
            position=position,
            graduate=graduate,
            message=form.cleaned_data["message"],
            by=request.user,
        ),
        _("The invitation was sent."),
    )
    return redirect("candidates:talent", pk)
