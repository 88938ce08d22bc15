"""Pages of graduates (workspace, profile, resumes, applying) and of recruiters (the pipeline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_for
from candidates import exports, permissions, selectors, services
from candidates.forms import (
    ApplyForm,
    BulkRejectForm,
    MatchingPreferencesForm,
    MoveForm,
    NoteForm,
    ProfileForm,
    ResumeUploadForm,
    WithdrawForm,
)
from candidates.models import ApplicationStatus, Resume
from candidates.universities import SHANXI_UNIVERSITIES
from core.params import int_param
from core.web import add_service_errors, error_text, form_error_text, paginate, run_action
from fairs import selectors as fair_selectors
from fairs.models import Lead

FOR_YOU_LIMIT = 100  # five pages of 20


def _pdf_response(resume: Resume) -> FileResponse:
    response = FileResponse(
        resume.file.open("rb"), content_type="application/pdf", filename=resume.download_name
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Graduates --------------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The graduate's workspace: applications and their events, profile, resume, for you."""
    profile = permissions.require_graduate(request.user)
    status = request.GET.get("status", "")
    applications = selectors.applications_of_graduate(profile, status=status)
    return render(
        request,
        "candidates/workspace.html",
        {
            "profile": profile,
            "completeness": selectors.completeness(profile),
            "resume": selectors.current_resume(profile),
            "open_invitations": selectors.open_invitations_count(profile),
            "page_obj": paginate(request, applications, 10),
            "status": status,
            "statuses": ApplicationStatus.choices,
            "recommended": selectors.recommended_positions(profile, limit=5),
            "tickets": fair_selectors.upcoming_tickets_of(request.user)[:5],
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    graduate = permissions.require_graduate(request.user)
    form = ProfileForm(request.POST or None, instance=graduate)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                profile=graduate,
                by=request.user,
                data=form.profile_data(),
                cities=form.cleaned_data["expected_cities"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("candidates:profile")
    return render(
        request,
        "candidates/profile.html",
        {
            "form": form,
            "profile": graduate,
            "completeness": selectors.completeness(graduate),
            "universities": SHANXI_UNIVERSITIES,
            "resumes": selectors.resumes_of(graduate)[:10],
            "upload_form": ResumeUploadForm(),
            "preferences_form": MatchingPreferencesForm(instance=graduate),
        },
    )


@login_required
@require_POST
def resume_upload(request: HttpRequest) -> HttpResponse:
    graduate = permissions.require_graduate(request.user)
    form = ResumeUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose your resume's PDF file first."))
        return redirect("candidates:profile")
    run_action(
        request,
        lambda: services.upload_resume(
            graduate=graduate, upload=form.cleaned_data["file"], by=request.user
        ),
        _("Your resume was uploaded."),
    )
    return redirect("candidates:profile")


@login_required
@require_POST
def resume_generate(request: HttpRequest) -> HttpResponse:
    graduate = permissions.require_graduate(request.user)
    run_action(
        request,
        lambda: services.generate_resume(graduate=graduate, by=request.user),
        _("A resume was generated from your profile."),
    )
    return redirect("candidates:profile")


@login_required
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the graduate's own resume versions."""
    graduate = permissions.require_graduate(request.user)
    own = get_object_or_404(Resume, pk=pk, graduate=graduate)
    return _pdf_response(services.open_own_resume(resume=own, by=request.user))


@login_required
def apply(request: HttpRequest, position_pk: int) -> HttpResponse:
    """Confirm and send an application (from a position page, a fair page or search results)."""
    graduate = permissions.graduate_of(request.user)
    position = selectors.position_to_apply(position_pk)
    form = ApplyForm(request.POST or request.GET or None)
    if graduate is not None and request.method == "POST" and form.is_valid():
        try:
            application = services.apply(
                graduate=graduate,
                position=position,
                source=form.cleaned_data["source"],
                fair=form.cleaned_data["fair"],
                by=request.user,
            )
        except services.AlreadyApplied as error:
            messages.info(request, error_text(error))
            return redirect("candidates:application", error.application.pk)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your application was sent."))
            return redirect("candidates:application", application.pk)
    elif graduate is not None and request.method == "POST":
        # The source and fair come from the link that led here, not from anything typed.
        messages.error(
            request,
            _("This link to apply is damaged (%(errors)s): open the position again and apply.")
            % {"errors": form_error_text(form)},
        )
    return render(
        request,
        "candidates/apply.html",
        {
            "position": position,
            "graduate": graduate,
            "form": form,
            "completeness": selectors.completeness(graduate) if graduate else None,
            "resume": selectors.current_resume(graduate) if graduate else None,
        },
    )


@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """The graduate's own application with its history."""
    app = permissions.access_own_application(request.user, pk)
    return render(
        request,
        "candidates/application.html",
        {"application": app, "events": app.events.select_related("actor"), "form": WithdrawForm()},
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = permissions.access_own_application(request.user, pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_action(
        request,
        lambda: services.withdraw_application(application=app, by=request.user, note=note),
        _("Your application was withdrawn."),
    )
    return redirect("candidates:application", pk)


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    """为你推荐: open positions ranked by fit, 20 a page, each with why it was suggested."""
    graduate = permissions.require_graduate(request.user)
    recommendations = selectors.recommended_positions(graduate, limit=FOR_YOU_LIMIT)
    return render(
        request,
        "candidates/for_you.html",
        {
            "profile": graduate,
            "page_obj": paginate(request, recommendations, 20),
            "completeness": selectors.completeness(graduate),
            "major": selectors.major_of(graduate),
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notifications_read(user=request.user)
        return redirect("candidates:notifications")
    page_obj = paginate(request, selectors.notifications_of(request.user))
    return render(request, "candidates/notifications.html", {"page_obj": page_obj})


# --- Recruiters -------------------------------------------------------------------------------


def _pipeline_filters(request: HttpRequest) -> dict:
    """The pipeline's filters from GET; an id that is not one is ignored."""
    return {
        "enterprise_id": int_param(request.GET.get("enterprise")),
        "position_id": int_param(request.GET.get("position")),
        "status": request.GET.get("status", ""),
        "query": request.GET.get("q", "").strip(),
    }


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """Applications to the recruiter's enterprises, per position or across the enterprise."""
    if not roles_for(request.user).recruiter:
        raise Http404
    filters = _pipeline_filters(request)
    applications = selectors.pipeline_for(request.user, **filters)
    counts = selectors.pipeline_counts(
        request.user, enterprise_id=filters["enterprise_id"], position_id=filters["position_id"]
    )
    return render(
        request,
        "candidates/pipeline.html",
        {
            "page_obj": paginate(request, applications),
            "filters": filters,
            "counts": counts,
            "positions": selectors.pipeline_positions(request.user),
            "bulk_form": BulkRejectForm(),
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def pipeline_application(request: HttpRequest, pk: int) -> HttpResponse:
    """One application as the recruiter sees it; the first open marks it viewed."""
    app = permissions.access_recruited_application(request.user, pk)
    services.mark_viewed(application=app, by=request.user)
    return render(
        request,
        "candidates/pipeline_application.html",
        {
            "application": app,
            "profile": app.graduate,
            "events": app.events.select_related("actor"),
            "notes": app.notes.select_related("author"),
            "move_form": MoveForm(),
            "note_form": NoteForm(),
            "next_statuses": services.next_statuses(app.status),
            "can_view_resume": permissions.can_view_resume(request.user, app),
        },
    )


@login_required
@require_POST
def pipeline_move(request: HttpRequest, pk: int) -> HttpResponse:
    app = permissions.access_recruited_application(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect("candidates:pipeline_application", pk)
    run_action(
        request,
        lambda: services.move_application(application=app, by=request.user, **form.cleaned_data),
        _("The application was updated."),
    )
    return redirect("candidates:pipeline_application", pk)


@login_required
@require_POST
def pipeline_note(request: HttpRequest, pk: int) -> HttpResponse:
    app = permissions.access_recruited_application(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_recruiter_note(
            application=app, body=form.cleaned_data["body"], by=request.user
        )
        messages.success(request, _("Note saved."))
    return redirect("candidates:pipeline_application", pk)


@login_required
def pipeline_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """The resume on an application: logged, throttled, and gone once the application is
    withdrawn."""
    app = permissions.access_recruited_application(request.user, pk)
    if not permissions.can_view_resume(request.user, app):
        raise Http404
    try:
        opened = services.open_resume(application=app, by=request.user)
    except PermissionDenied as error:
        return render(request, "candidates/resume_refused.html", {"error": error}, status=429)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("candidates:pipeline_application", pk)
    return _pdf_response(opened)


@login_required
@require_POST
def pipeline_bulk_reject(request: HttpRequest) -> HttpResponse:
    form = BulkRejectForm(request.POST)
    form.is_valid()
    ids = form.application_ids()
    applications = selectors.pipeline_for(request.user).filter(pk__in=ids)
    count = services.bulk_reject(
        applications=applications, by=request.user, message=form.cleaned_data.get("message", "")
    )
    messages.success(request, _("%(count)s applications were rejected.") % {"count": count})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("candidates:pipeline")


@login_required
def pipeline_export(request: HttpRequest) -> HttpResponse:
    """CSV of the enterprise's own applicants (phone numbers masked until interview)."""
    if not roles_for(request.user).recruiter:
        raise Http404
    rows = selectors.pipeline_for(request.user, **_pipeline_filters(request))
    return exports.applicants_csv_response(rows)


@login_required
def applicant_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A graduate's profile as a recruiter of an enterprise they applied to sees it."""
    graduate, app = permissions.access_applicant_profile(request.user, pk)
    return render(
        request,
        "candidates/applicant_profile.html",
        {"profile": graduate, "application": app, "cities": graduate.expected_cities.all()},
    )


@login_required
@require_POST
def confirm_lead(request: HttpRequest, pk: int) -> HttpResponse:
    """The graduate agrees to the position a fair's booth proposed: the application is made."""
    lead = get_object_or_404(Lead, pk=pk, graduate=request.user)
    run_action(
        request,
        lambda: services.confirm_lead(lead=lead, by=request.user),
        _("Your application was sent."),
    )
    return redirect("fairs:my_tickets")
