"""Pages of associations and enterprises: directory, profiles, workspaces, invitation links.

Views are thin: a form or a selector in, one service call, a template or a redirect out.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import roles_for
from associations import permissions, selectors, services
from associations.forms import (
    AssociationForm,
    CreditCodeForm,
    EnterpriseForm,
    InvitationSignupForm,
    MembershipRequestForm,
    NewAssociationForm,
    ReasonForm,
    RecruiterInviteForm,
    StaffInviteForm,
)
from associations.models import (
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Industry,
)
from core.web import add_service_errors, form_error_text, paginate, run_action

_ERROR_STATUS = {"invalid": 404, "used": 410, "expired": 410, "revoked": 410}


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = fallback
    return redirect(target or fallback)


def _act(request: HttpRequest, action, success: str, fallback: str) -> HttpResponse:
    """Run a service for a POST button, then go back where the button was."""
    run_action(request, action, success)
    return _back(request, fallback)


# --- public pages ---------------------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    """The public directory of associations: filter by kind, level, industry; search by name."""
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "kind", "level", "industry")}
    page = paginate(request, selectors.association_directory(**filters))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "associations/directory.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "kinds": Association.Kind.choices,
            "levels": Association.Level.choices,
            "industries": Industry.choices,
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An association's public page: profile and member enterprises (fairs come from fairs/)."""
    association = get_object_or_404(Association, pk=pk)
    return render(
        request,
        "associations/detail.html",
        {
            "association": association,
            "members": paginate(request, selectors.association_members(association)),
            "is_staff": permissions.can_decide_memberships(request.user, association),
            "can_edit": permissions.can_edit_association(request.user, association),
        },
    )


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise's public page: profile, associations it belongs to, open positions."""
    enterprise = get_object_or_404(
        selectors.public_enterprises().select_related("city", "district"), pk=pk
    )
    return render(
        request,
        "associations/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "associations": selectors.association_members_of(enterprise),
            "positions": paginate(request, selectors.open_positions(enterprise)),
            "can_edit": permissions.can_act_for_enterprise(request.user, enterprise),
        },
    )


# --- the department and association staff --------------------------------------------------


@login_required
def association_create(request: HttpRequest) -> HttpResponse:
    """Officers create an association and name its first administrator."""
    if not permissions.can_create_association(request.user):
        raise PermissionDenied(_("Only department officers create associations."))
    form = NewAssociationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            association, invitation = services.create_association(
                by=request.user,
                admin_email=data.pop("admin_email"),
                base_url=request.build_absolute_uri("/")[:-1],
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("%(name)s was created.") % {"name": association}
            if invitation is not None:
                message += " " + _("An invitation was sent to %(email)s.") % {
                    "email": invitation.email
                }
            messages.success(request, message)
            return redirect("associations:detail", pk=association.pk)
    return render(request, "associations/association_form.html", {"form": form, "new": True})


@login_required
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    association = get_object_or_404(Association, pk=pk)
    if not permissions.can_edit_association(request.user, association):
        raise PermissionDenied(_("Only the association's administrators edit its profile."))
    form = AssociationForm(
        request.POST or None, request.FILES or None, instance=Association.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_association(
                association=association, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("associations:detail", pk=pk)
    return render(
        request, "associations/association_form.html", {"form": form, "association": association}
    )


@login_required
def staff_workspace(request: HttpRequest) -> HttpResponse:
    """Staff workspace: pending requests with counts, members, staff and invitations."""
    roles = roles_for(request.user)
    if not roles.association_staff:
        raise PermissionDenied(_("This workspace is for association staff."))
    pk = request.GET.get("association") or roles.associations[0].id
    association = permissions.access_staff_association(request.user, pk)
    return render(
        request,
        "associations/staff_workspace.html",
        {
            "association": association,
            "my_associations": roles.associations,
            "counts": selectors.membership_counts(association),
            "requests": paginate(
                request, selectors.pending_requests(association), param="requests"
            ),
            "invited": selectors.outstanding_invitations(association),
            "members": paginate(
                request, selectors.association_members(association), param="members"
            ),
            "staff": selectors.association_staff(association),
            "staff_invitations": selectors.pending_staff_invitations(association),
            "is_admin": permissions.can_manage_staff(request.user, association),
            "invite_form": StaffInviteForm(),
            "enterprise_form": CreditCodeForm(),
            "here": request.get_full_path(),
        },
    )


def _staff_workspace_url(association_id: int) -> str:
    return reverse("associations:staff_workspace") + f"?association={association_id}"


@require_POST
@login_required
def staff_invite(request: HttpRequest, pk: int) -> HttpResponse:
    association = permissions.access_staff_association(request.user, pk)
    form = StaffInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return _back(request, _staff_workspace_url(pk))
    return _act(
        request,
        lambda: services.invite_staff(
            association=association,
            by=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
            **form.cleaned_data,
        ),
        _("An invitation was sent to %(email)s.") % form.cleaned_data,
        _staff_workspace_url(pk),
    )


@require_POST
@login_required
def staff_remove(request: HttpRequest, pk: int, staff_pk: int) -> HttpResponse:
    association = permissions.access_staff_association(request.user, pk)
    staff = get_object_or_404(AssociationStaff, pk=staff_pk, association=association)
    return _act(
        request,
        lambda: services.remove_staff(staff=staff, by=request.user),
        _("%(name)s was removed from the staff.") % {"name": staff.user.get_full_name()},
        _staff_workspace_url(pk),
    )


@require_POST
@login_required
def membership_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff invite an enterprise (by credit code) to become a member."""
    association = permissions.access_staff_association(request.user, pk)
    form = CreditCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["credit_code"]))
        return _back(request, _staff_workspace_url(pk))

    def action():
        enterprise = services.find_enterprise_by_code(form.cleaned_data["credit_code"])
        services.invite_enterprise(association=association, enterprise=enterprise, by=request.user)

    return _act(request, action, _("The enterprise was invited."), _staff_workspace_url(pk))


def _membership_fallback(request: HttpRequest, membership) -> str:
    if permissions.can_decide_memberships(request.user, membership.association):
        return _staff_workspace_url(membership.association_id)
    return reverse("associations:enterprise_workspace") + f"?enterprise={membership.enterprise_id}"


@require_POST
@login_required
def membership_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, reject or end a membership (services decide who may, per side and status)."""
    membership = permissions.access_membership(request.user, pk)
    reason = ReasonForm(request.POST).data.get("reason", "")[:500]
    calls = {
        "approve": (
            lambda: services.approve_membership(membership=membership, by=request.user),
            _("%(enterprise)s is now a member of %(association)s."),
        ),
        "reject": (
            lambda: services.reject_membership(
                membership=membership, by=request.user, reason=reason
            ),
            _("The request of %(enterprise)s to join %(association)s was turned down."),
        ),
        "end": (
            lambda: services.end_membership(membership=membership, by=request.user, reason=reason),
            _("The membership of %(enterprise)s in %(association)s was ended."),
        ),
    }
    call, message = calls[action]
    names = {"enterprise": membership.enterprise.name, "association": membership.association.name}
    return _act(request, call, message % names, _membership_fallback(request, membership))


# --- recruiters and their enterprises -------------------------------------------------------


@login_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    """A recruiter registers their enterprise and becomes its owner."""
    if not permissions.can_register_enterprise(request.user):
        raise PermissionDenied(_("Sign up as an enterprise recruiter to register an enterprise."))
    form = EnterpriseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(
                by=request.user,
                credit_code=form.cleaned_data["credit_code"],
                **form.profile_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered. Ask an association to approve it as a member: "
                    "then it is verified."
                )
                % {"name": enterprise.name},
            )
            return redirect(
                reverse("associations:enterprise_workspace") + f"?enterprise={enterprise.pk}"
            )
    return render(request, "associations/enterprise_create.html", {"form": form})


@login_required
def enterprise_join(request: HttpRequest) -> HttpResponse:
    """A recruiter asks to join a registered enterprise by its credit code."""
    if not permissions.can_register_enterprise(request.user):
        raise PermissionDenied(_("Sign up as an enterprise recruiter to join an enterprise."))
    form = CreditCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recruiter = services.request_to_join_enterprise(
                credit_code=form.cleaned_data["credit_code"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if recruiter.status == EnterpriseRecruiter.Status.ACTIVE:
                messages.success(
                    request, _("You now recruit for %(name)s.") % {"name": recruiter.enterprise}
                )
                return redirect("associations:enterprise_workspace")
            messages.success(
                request,
                _("Your request was sent to the owner of %(name)s.")
                % {"name": recruiter.enterprise},
            )
            return redirect("accounts:onboarding")
    return render(request, "associations/enterprise_join.html", {"form": form})


def _enterprise_workspace_url(enterprise_id: int) -> str:
    return reverse("associations:enterprise_workspace") + f"?enterprise={enterprise_id}"


@login_required
def enterprise_workspace(request: HttpRequest) -> HttpResponse:
    """Recruiter workspace: profile editing, memberships per association, recruiters."""
    roles = roles_for(request.user)
    if not roles.recruiter:
        if roles.needs_enterprise:
            return redirect("accounts:onboarding")
        raise PermissionDenied(_("This workspace is for enterprise recruiters."))
    pk = request.GET.get("enterprise") or roles.enterprises[0].id
    enterprise = permissions.access_recruiter_enterprise(request.user, pk)
    form = EnterpriseForm(
        request.POST or None,
        request.FILES or None,
        instance=Enterprise.objects.get(pk=enterprise.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enterprise(
                enterprise=enterprise, by=request.user, **form.profile_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(_enterprise_workspace_url(enterprise.pk))
    return render(
        request,
        "associations/enterprise_workspace.html",
        {
            "enterprise": enterprise,
            "verified": selectors.is_verified(enterprise),
            "my_enterprises": roles.enterprises,
            "form": form,
            "memberships": paginate(
                request, selectors.enterprise_memberships(enterprise), param="memberships"
            ),
            "request_form": MembershipRequestForm(
                associations=selectors.associations_open_to(enterprise)
            ),
            "recruiters": selectors.enterprise_recruiters(enterprise),
            "recruiter_invitations": selectors.pending_recruiter_invitations(enterprise),
            "is_owner": permissions.can_manage_recruiters(request.user, enterprise),
            "invite_form": RecruiterInviteForm(),
            "here": request.get_full_path(),
        },
    )


@require_POST
@login_required
def membership_request(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = permissions.access_recruiter_enterprise(request.user, pk)
    form = MembershipRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return _back(request, _enterprise_workspace_url(pk))
    association = form.cleaned_data["association"]
    return _act(
        request,
        lambda: services.request_membership(
            enterprise=enterprise,
            association=association,
            by=request.user,
            reason=form.cleaned_data["reason"],
        ),
        _("Your request was sent to %(name)s.") % {"name": association.name},
        _enterprise_workspace_url(pk),
    )


@require_POST
@login_required
def recruiter_invite(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = permissions.access_recruiter_enterprise(request.user, pk)
    form = RecruiterInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["email"]))
        return _back(request, _enterprise_workspace_url(pk))
    return _act(
        request,
        lambda: services.invite_recruiter(
            enterprise=enterprise,
            email=form.cleaned_data["email"],
            by=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
        ),
        _("%(email)s was invited.") % form.cleaned_data,
        _enterprise_workspace_url(pk),
    )


@require_POST
@login_required
def recruiter_action(request: HttpRequest, pk: int, recruiter_pk: int, action: str) -> HttpResponse:
    enterprise = permissions.access_recruiter_enterprise(request.user, pk)
    recruiter = get_object_or_404(EnterpriseRecruiter, pk=recruiter_pk, enterprise=enterprise)
    name = {"name": recruiter.user.get_full_name()}
    if action == "approve":
        call = lambda: services.approve_recruiter(recruiter=recruiter, by=request.user)  # noqa: E731
        message = _("%(name)s now recruits for the enterprise.") % name
    else:
        call = lambda: services.remove_recruiter(recruiter=recruiter, by=request.user)  # noqa: E731
        message = _("%(name)s no longer recruits for the enterprise.") % name
    return _act(request, call, message, _enterprise_workspace_url(pk))


# --- staff invitation links -----------------------------------------------------------------


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
