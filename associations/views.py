"""Pages of associations: staff invitation links (more pages in later sections)."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from associations import services
from associations.forms import InvitationSignupForm

_ERROR_STATUS = {"invalid": 404, "used": 410, "expired": 410, "revoked": 410}


def _invitation_error(request: HttpRequest, error: services.InvitationError) -> HttpResponse:
    return render(
        request,
        "associations/invitation_error.html",
        {"error": error},
        status=_ERROR_STATUS.get(error.code, 400),
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: accept it, or create the account that accepts it."""
    try:
        invite = services.check_invitation(token)
    except services.InvitationError as error:
        return _invitation_error(request, error)
    account_exists = User.objects.filter(email__iexact=invite.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(token=token, user=request.user)
            except services.InvitationError as error:
                return _invitation_error(request, error)
            messages.success(
                request, _("You joined the staff of %(name)s.") % {"name": invite.association}
            )
            return redirect("home")
    elif not account_exists:
        form = InvitationSignupForm(request.POST or None, email=invite.email)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.create_account_from_invitation(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.InvitationError as error:
                return _invitation_error(request, error)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("You joined the staff of %(name)s.") % {"name": invite.association}
            )
            return redirect("home")
    return render(
        request,
        "associations/invitation.html",
        {"invitation": invite, "form": form, "account_exists": account_exists},
    )
