"""Pages of positions: the public position page, the recruiter's pages, import, moderation.

Views are thin: a form or a selector in, one service call, a template or a redirect out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_for
from associations.permissions import access_recruiter_enterprise
from associations.selectors import is_verified
from core.web import add_service_errors, paginate, run_action
from jobs import importing, permissions, selectors, services
from jobs.forms import ImportForm, NoteForm, PositionForm, ReasonForm, ReportForm
from jobs.models import Position, PositionReport


def _act(request: HttpRequest, action, success: str, target: str) -> HttpResponse:
    """Run a service for a POST button, then go to `target`."""
    run_action(request, action, success)
    return redirect(target)


def _my_enterprise(request: HttpRequest):
    """The enterprise chosen with ?enterprise= (or the first the user recruits for)."""
    roles = roles_for(request.user)
    if not roles.enterprises:
        raise PermissionDenied(_("Only recruiters of an enterprise manage positions."))
    chosen = request.POST.get("enterprise") or request.GET.get("enterprise")
    return access_recruiter_enterprise(request.user, chosen or roles.enterprises[0].id)


# --- public -------------------------------------------------------------------------------------


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The position page: open to all once published; drafts only for its recruiters."""
    position = permissions.access_position(request.user, pk)
    return render(request, "jobs/detail.html", _detail_context(request, position))


def _detail_context(request: HttpRequest, position: Position, preview: bool = False) -> dict:
    user = request.user
    return {
        "position": position,
        "can_manage": permissions.can_manage_position(user, position),
        "can_report": permissions.can_report_position(user, position),
        "can_moderate": position.status != Position.Status.DRAFT
        and permissions.can_moderate_position(user, position),
        "preview": preview,
    }


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """How graduates will see the position, for its recruiters (drafts included)."""
    position = permissions.access_managed_position(request.user, pk)
    return render(request, "jobs/detail.html", _detail_context(request, position, preview=True))


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_position(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_position(position=position, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect("jobs:detail", pk=position.pk)
    return render(request, "jobs/report.html", {"position": position, "form": form})


# --- recruiters ---------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The recruiter's positions of one enterprise, filtered by status, with counts."""
    enterprise = _my_enterprise(request)
    status = request.GET.get("status", "")
    positions = selectors.managed_positions(
        request.user, enterprise_id=enterprise.pk, status=status
    )
    return render(
        request,
        "jobs/manage.html",
        {
            "enterprise": enterprise,
            "awaiting_answer": selectors.awaiting_hiring_answer(enterprise.pk),
            "verified": is_verified(enterprise),
            "my_enterprises": roles_for(request.user).enterprises,
            "status": status,
            "counts": selectors.status_counts(enterprise.pk),
            "statuses": [*Position.Status.choices, (selectors.SUSPENDED, _("Suspended"))],
            "page_obj": paginate(request, positions),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    enterprise = _my_enterprise(request)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.create_position(
                enterprise=enterprise, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved: preview it, then publish."))
            return redirect("jobs:preview", pk=position.pk)
    return render(request, "jobs/form.html", {"form": form, "enterprise": enterprise})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_managed_position(request.user, pk)
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_position(position=position, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Position saved."))
            return redirect("jobs:preview", pk=position.pk)
    context = {"form": form, "enterprise": position.enterprise, "position": position}
    return render(request, "jobs/form.html", context)


def _lifecycle(service, success: str):
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        position = permissions.access_managed_position(request.user, pk)
        return _act(
            request,
            lambda: service(position=position, by=request.user),
            success,
            reverse("jobs:preview", args=[position.pk]),
        )

    return view


publish = _lifecycle(services.publish_position, _("Position published."))
close = _lifecycle(services.close_position, _("Position closed."))
reopen = _lifecycle(services.reopen_position, _("Position reopened."))


@login_required
@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_managed_position(request.user, pk)
    copy = services.duplicate_position(position=position, by=request.user)
    messages.success(request, _("A copy was saved as a draft: edit it, then publish."))
    return redirect("jobs:edit", pk=copy.pk)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_managed_position(request.user, pk)
    target = reverse("jobs:manage") + f"?enterprise={position.enterprise_id}"
    action = lambda: services.delete_position(position=position, by=request.user)  # noqa: E731
    return _act(request, action, _("Draft deleted."), target)


# --- still hiring? (还在招吗？) ----------------------------------------------------------------


@login_required
def still_hiring(request: HttpRequest, pk: int) -> HttpResponse:
    """The question the notification links to, with its two one-click answers."""
    position = permissions.access_managed_position(request.user, pk)
    return render(
        request,
        "jobs/still_hiring.html",
        {"position": position, "asked": services.can_confirm_hiring(position)},
    )


@login_required
@require_POST
def confirm_hiring(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: "still hiring" (an unlisted position is listed again)."""
    position = permissions.access_managed_position(request.user, pk)
    action = lambda: services.confirm_still_hiring(position=position, by=request.user)  # noqa: E731
    return _act(
        request, action, _("Thank you: the position stays listed."), _back(request, position)
    )


@login_required
@require_POST
def close_not_hiring(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: "no longer hiring" closes the position."""
    position = permissions.access_managed_position(request.user, pk)
    action = lambda: services.close_position(position=position, by=request.user)  # noqa: E731
    return _act(request, action, _("Position closed."), _back(request, position))


def _back(request: HttpRequest, position: Position) -> str:
    if request.POST.get("next") == "manage":
        return reverse("jobs:manage") + f"?enterprise={position.enterprise_id}"
    return reverse("jobs:still_hiring", args=[position.pk])


@login_required
def unconfirmed(request: HttpRequest) -> HttpResponse:
    """Association staff (their members') and officers (all): positions asked "still hiring?"
    and not confirmed, pending or unlisted, by enterprise."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only association staff and department officers see this list."))
    page = paginate(request, selectors.unconfirmed_positions(request.user), per_page=50)
    return render(request, "jobs/unconfirmed.html", {"page_obj": page})


# --- bulk import --------------------------------------------------------------------------------


@login_required
def import_positions(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet; nothing is written unless every row is valid."""
    enterprise = _my_enterprise(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "enterprise": enterprise, "max_rows": importing.MAX_ROWS}
    if request.method == "POST" and form.is_valid():
        upload, publish = form.cleaned_data["file"], form.cleaned_data["publish"]
        try:
            ids = services.import_from_file(
                enterprise=enterprise,
                by=request.user,
                name=upload.name,
                data=upload.read(),
                publish=publish,
            )
        except services.ImportRefused as refused:
            context["errors"] = refused.errors
            form.add_error(None, refused.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(count)s positions imported.") % {"count": len(ids)})
            target = "published" if publish else "draft"
            return redirect(reverse("jobs:manage") + f"?enterprise={enterprise.pk}&status={target}")
    return render(request, "jobs/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _my_enterprise(request)
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="jinpin-positions-template.xlsx"'
    return response


# --- moderation ---------------------------------------------------------------------------------


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    """The report queue of association staff (their members' positions) and officers (all)."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only association staff and department officers moderate."))
    status = request.GET.get("status", PositionReport.Status.OPEN)
    if status not in PositionReport.Status.values:
        status = PositionReport.Status.OPEN
    reports = selectors.report_queue(request.user, status=status)
    context = {
        "page_obj": paginate(request, reports),
        "status": status,
        "statuses": PositionReport.Status.choices,
        "reason_form": ReasonForm(),
    }
    return render(request, "jobs/moderation.html", context)


@login_required
@require_POST
def suspend(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_moderated_position(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    action = lambda: services.suspend_position(position=position, by=request.user, reason=reason)  # noqa: E731
    return _act(request, action, _("Position suspended."), _next(request, position))


@login_required
@require_POST
def reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    position = permissions.access_moderated_position(request.user, pk)
    action = lambda: services.reinstate_position(position=position, by=request.user)  # noqa: E731
    return _act(request, action, _("Position reinstated."), _next(request, position))


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    report = permissions.access_report(request.user, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = lambda: services.dismiss_report(report=report, by=request.user, note=note)  # noqa: E731
    return _act(request, action, _("Report dismissed."), reverse("jobs:moderation"))


def _next(request: HttpRequest, position: Position) -> str:
    if request.POST.get("next") == "moderation":
        return reverse("jobs:moderation")
    return reverse("jobs:detail", args=[position.pk])
