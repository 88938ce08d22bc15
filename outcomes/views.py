"""Pages of outcomes: the dashboard and its drill-downs, reports, exports, snapshots, the public
statistics, and the placement pages of graduates and association staff. Thin: forms, one service
or selector, a template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_for
from candidates.permissions import access_recruited_application, require_graduate
from core.exports import FORMATS, export_response
from core.web import error_text, form_error_text, paginate, run_action
from outcomes import permissions, report, selectors, services, tally
from outcomes.charts import dashboard_charts
from outcomes.forms import (
    ContractForm,
    FreezeForm,
    HireForm,
    OptionalReasonForm,
    PeriodForm,
    ReasonForm,
)
from outcomes.models import Report

ROW_TEMPLATES = {
    "associations_mobilised": "association",
    "fairs_held": "fair",
    "fairs_campus": "fair",
    "fairs_cloud": "fair",
    "presentations": "fair",
    "enterprises_participating": "enterprise",
    "positions_posted": "position",
    "headcount_offered": "position",
    "applications": "application",
    "graduates_applied": "applicant",
    "placements": "placement",
    "placements_verified": "graduate",
    "community_assistants": "graduate",
}


@login_required
def dashboard(request):
    scope = selectors.figures_scope(request.user, request.GET)
    campaign = selectors.campaign_of(scope)
    context = report.figures_context(scope, campaign=campaign)
    officer = roles_for(request.user).officer
    context.update(
        form=PeriodForm(request.GET or None, officer=officer),
        query=request.GET.urlencode(),
        officer=officer,
        reports=selectors.reports_for(request.user)[:5],
        frozen=selectors.frozen_with_differences() if officer else [],
        freeze_form=FreezeForm(initial={"campaign": campaign}) if officer else None,
        scope_label=report.scope_label(scope),
    )
    trust = tally.trust(scope)
    context.update(trust=trust, trust_ratings=list(trust["fair_ratings"].items()))
    return render(request, "outcomes/dashboard.html", context)


@login_required
def figure_rows(request, figure: str):
    if figure not in tally.FIGURES:
        raise Http404(_("No such figure."))
    scope = selectors.figures_scope(request.user, request.GET)
    page = paginate(request, tally.rows(figure, scope), 50)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "outcomes/rows.html",
        {
            "figure": figure,
            "label": tally.FIGURES[figure],
            "total": tally.summary(scope)[figure],
            "page": page,
            "kind": ROW_TEMPLATES[figure],
            "query": params.urlencode(),
            "scope_label": report.scope_label(scope),
        },
    )


def public_statistics(request):
    """Anyone: the current campaign's headline figures and charts, small cells suppressed."""
    campaign, headline = selectors.public_figures()
    scope = tally.Scope.for_campaign(campaign) if campaign else tally.Scope()
    charts = dashboard_charts(
        tally.breakdowns(scope, only=("city", "industry", "month")), public=True
    )
    return render(
        request,
        "outcomes/public.html",
        {"campaign": campaign, "headline": headline, "charts": charts},
    )


@login_required
def export(request, what: str, fmt: str):
    if not permissions.can_export(request.user):
        raise PermissionDenied(_("Only department officers can export the figures."))
    if what not in ("breakdowns", "placements") or fmt not in FORMATS:
        raise Http404(_("No such export."))
    scope = selectors.figures_scope(request.user, request.GET)
    table = (
        report.breakdowns_table(scope) if what == "breakdowns" else report.placements_table(scope)
    )
    return export_response(table, fmt=fmt, filename=f"jinpin-{what}")


@login_required
@require_POST
def request_report(request):
    scope = selectors.figures_scope(request.user, request.POST)
    made = services.request_report(by=request.user, params=scope.to_params())
    if request.headers.get("HX-Request"):
        return render(request, "outcomes/_report_status.html", {"report": made})
    return redirect("outcomes:report_status", pk=made.pk)


@login_required
def report_status(request, pk: int):
    found = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    template = (
        "outcomes/_report_status.html"
        if request.headers.get("HX-Request")
        else ("outcomes/report_status.html")
    )
    return render(request, template, {"report": found})


@login_required
def report_download(request, pk: int):
    found = get_object_or_404(selectors.reports_for(request.user), pk=pk, status=Report.Status.DONE)
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=f"jinpin-report-{found.pk}.pdf"
    )


@login_required
@require_POST
def freeze(request):
    form = FreezeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a campaign and a cut-off date."))
        return redirect("outcomes:dashboard")
    run_action(
        request,
        lambda: services.freeze_campaign(by=request.user, **form.cleaned_data),
        _("The campaign's figures are frozen."),
    )
    return redirect("outcomes:dashboard")


@login_required
def my_placements(request):
    require_graduate(request.user)  # a graduate's page, as their other pages: 404 for others
    page = paginate(request, selectors.graduate_placements(request.user))
    return render(request, "outcomes/my_placements.html", {"page": page})


@login_required
def verify_list(request):
    if not permissions.can_see_department_figures(request.user):
        raise PermissionDenied(_("Only association staff and officers verify placements."))
    page = paginate(request, selectors.placements_to_verify(request.user))
    return render(request, "outcomes/verify_list.html", {"page": page})


@login_required
def placement_detail(request, pk: int):
    placement = permissions.access_placement(request.user, pk)
    return render(
        request,
        "outcomes/placement.html",
        {
            "placement": placement,
            "own": permissions.is_placed_graduate(request.user, placement),
            "can_verify": permissions.can_verify_placement(request.user, placement),
            "can_cancel": permissions.can_cancel_placement(request.user, placement),
            "events": placement.events.select_related("actor"),
            "reason_form": ReasonForm(),
            "contract_form": ContractForm(),
        },
    )


STEPS = {
    "confirm": (
        OptionalReasonForm,
        lambda p, by, d: services.confirm_placement(placement=p, by=by, **d),
    ),
    "dispute": (ReasonForm, lambda p, by, d: services.dispute_placement(placement=p, by=by, **d)),
    "cancel": (ReasonForm, lambda p, by, d: services.cancel_placement(placement=p, by=by, **d)),
    "accept": (None, lambda p, by, d: services.accept_evidence(placement=p, by=by)),
    "contract": (
        ContractForm,
        lambda p, by, d: services.attach_contract(placement=p, by=by, upload=d["contract"]),
    ),
}


@login_required
@require_POST
def placement_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404(_("No such step."))
    placement = permissions.access_placement(request.user, pk)
    form_class, run = STEPS[step]
    form = form_class(request.POST, request.FILES) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        run(placement, request.user, form.cleaned_data if form else {})
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("outcomes:placement", args=[pk]))


@login_required
def contract_download(request, pk: int):
    placement = permissions.access_placement(request.user, pk)
    if not placement.contract:
        raise Http404(_("No contract is attached."))
    return FileResponse(
        placement.contract.open("rb"), content_type="application/pdf", filename=f"contract-{pk}.pdf"
    )


@login_required
@require_POST
def record_hire(request, application_pk: int):
    """The hire form on the pipeline's application page: record it, then back to that page."""
    application = access_recruited_application(request.user, application_pk)
    form = HireForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
    else:
        run_action(
            request,
            lambda: services.record_hire(
                application=application, by=request.user, **form.cleaned_data
            ),
            _("The hire was recorded."),
        )
    return redirect("candidates:pipeline_application", application_pk)
