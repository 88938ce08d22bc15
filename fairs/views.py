"""Pages of fairs: the public calendar and fair pages, graduates' tickets and bookings, the
association's fair workspace (decisions, booths, check-in, counters) and the recruiters' pages.

Views parse, call one service or selector, and render; the rules live in services.py.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import roles_for
from associations.models import Association, Enterprise
from core.params import int_param
from core.web import (
    add_service_errors,
    error_text,
    form_error_text,
    paginate,
    run_action,
    shared_fragment,
)
from fairs import exports, selectors, services
from fairs.forms import (
    ArrivalSlotForm,
    CampaignForm,
    CancelFairForm,
    DecisionForm,
    FairFilterForm,
    FairForm,
    LeadForm,
    ParticipationForm,
    RegisterForm,
    ScanForm,
    SlotForm,
    SlotPlacesForm,
)
from fairs.models import EntryWindow, Lead, Participation, SlotBooking, Ticket
from fairs.pdf import qr_svg, render_ticket
from fairs.permissions import (
    access_fair,
    access_managed_campaign,
    access_managed_fair,
    access_own_ticket,
    access_participation_as_manager,
    access_participation_as_recruiter,
    access_visible_slot,
    can_act_for_enterprise,
    can_create_fair,
    can_manage_campaigns,
    can_manage_fair,
)
from fairs.tasks import generate_brochure
from search import SearchQuery, search_positions

FAIR_POSITIONS_PAGE_SIZE = 20


# --- Public -----------------------------------------------------------------------------------


def fair_list(request: HttpRequest) -> HttpResponse:
    """The calendar: upcoming fairs first, filtered by kind, format, city, university, dates."""
    form = FairFilterForm(request.GET or None)
    fairs = selectors.public_fairs(**(form.filters() if request.GET else {}))
    return render(request, "fairs/list.html", {"form": form, "page": paginate(request, fairs)})


def _public_sections(request: HttpRequest, fair) -> dict:
    """The fair page's booth table and its searchable position list: the same for every visitor
    (but for the Apply links graduates see), so kept FAIR_PAGE_CACHE_SECONDS per fair, language,
    search, page and kind of visitor (shared_fragment). The position list comes through the search
    backend (the documents carry the fairs a position is listed at); when the engine is down the
    search service answers from the database and marks the result degraded, the list says so, and
    that answer is not kept."""
    params = {"q": request.GET.get("q", ""), "page": request.GET.get("page", "")}
    parsed = SearchQuery.from_params(params, strict=False)
    query = parsed.with_(fair=fair.pk, page_size=FAIR_POSITIONS_PAGE_SIZE)
    graduate = roles_for(request.user).graduate
    seconds = settings.FAIR_PAGE_CACHE_SECONDS
    language = get_language()

    def url(page: int) -> str:
        return "?" + urlencode({"q": query.text, "page": page} if query.text else {"page": page})

    def participants() -> tuple[str, bool]:
        context = {"fair": fair, "participants": selectors.participants_for_page(fair)}
        return render_to_string("fairs/_participants.html", context), True

    def positions() -> tuple[str, bool]:
        result = search_positions(query, facets=False)  # the page shows no facets
        context = {
            "fair": fair,
            "positions": result,
            "q": query.text,
            "search_errors": list(parsed.errors.values()),
            "previous_url": url(query.page - 1) + "#positions" if query.page > 1 else "",
            "next_url": url(query.page + 1) + "#positions" if query.page < result.num_pages else "",
            "graduate": graduate,
            "source": "presentation" if fair.is_presentation else "fair_page",
        }
        return render_to_string("fairs/_fair_positions.html", context), not result.degraded

    key = (fair.pk, language)
    return {
        "participants_html": shared_fragment(("fair-booths", *key), participants, seconds),
        "positions_html": shared_fragment(
            ("fair-positions", *key, query.text, query.page, graduate), positions, seconds
        ),
    }


def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_fair(request.user, pk)
    user = request.user
    ticket = None
    problems: list[str] = []
    if user.is_authenticated and roles_for(user).graduate:
        ticket = (
            selectors.tickets_of(user).filter(fair=fair, status__in=Ticket.LIVE_STATUSES).first()
        )
        problems = services.eligibility_problems(fair, user) if fair.has_eligibility_rules else []
    context = {
        "fair": fair,
        "arrival_slots": list(selectors.arrival_slots(fair)) if fair.is_campus else [],
        **_public_sections(request, fair),
        "ticket": ticket,
        "problems": problems,
        "can_manage": can_manage_fair(user, fair),
    }
    return render(request, "fairs/detail.html", context)


def brochure(request: HttpRequest, pk: int) -> HttpResponse:
    """The brochure PDF; generated now if the background task has not stored it yet."""

    fair = access_fair(request.user, pk)
    if not fair.brochure:
        generate_brochure(fair.pk)
        fair.refresh_from_db()
    if not fair.brochure:
        raise Http404(_("No brochure for this fair."))
    return FileResponse(
        fair.brochure.open("rb"), content_type="application/pdf", filename=f"fair-{fair.pk}.pdf"
    )


def booth(request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
    """A cloud-fair booth: introduction, live room while the fair runs, positions, slots."""
    fair = access_fair(request.user, pk)
    participation = get_object_or_404(selectors.approved_participations(fair), pk=participation_pk)
    slots = selectors.booth_slots(fair, participation.enterprise_id).filter(
        starts_at__gt=timezone.now()
    )
    my_booking = None
    if request.user.is_authenticated:
        my_booking = SlotBooking.objects.filter(
            fair=fair, enterprise=participation.enterprise, graduate=request.user, status="booked"
        ).first()
    context = {
        "fair": fair,
        "participation": participation,
        "slots": slots,
        "my_booking": my_booking,
        "is_graduate": roles_for(request.user).graduate,
    }
    return render(request, "fairs/booth.html", context)


# --- Graduates ----------------------------------------------------------------------------------


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_fair(request.user, pk)
    form = RegisterForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    window_id = data.get("entry_window")
    window = fair.entry_windows.filter(pk=window_id).first() if window_id else None
    try:
        if window_id and window is None:
            raise ValidationError(_("Choose one of this fair's arrival slots."))
        ticket = services.register_graduate(
            fair=fair, by=request.user, entry_window=window, waitlist=data.get("waitlist", False)
        )
    except (ValidationError, PermissionDenied) as error:
        text = error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return redirect("fairs:detail", pk=fair.pk)
    if ticket.is_waitlisted:
        messages.success(
            request, _("You are on the waiting list: we e-mail you when a place is yours.")
        )
    else:
        messages.success(request, _("You are registered. Show this ticket at the entrance."))
    return redirect("fairs:ticket", code=ticket.code)


@login_required
def my_tickets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "fairs/my_tickets.html",
        {
            "page": paginate(request, selectors.tickets_of(request.user)),
            "leads": selectors.leads_awaiting_consent(request.user),
        },
    )


@login_required
def ticket(request: HttpRequest, code: str) -> HttpResponse:
    ticket = access_own_ticket(request.user, code)
    context = {
        "ticket": ticket,
        "qr": qr_svg(ticket.code, fluid=True) if ticket.is_active else "",
        "waiting_position": selectors.waiting_position(ticket),
        "fair_over": ticket.fair.ends_at < timezone.now(),
    }
    return render(request, "fairs/ticket.html", context)


@login_required
def ticket_plan(request: HttpRequest, code: str) -> HttpResponse:
    """My fair plan, printable: the booths to visit (candidates builds it; see _plan.html)."""
    ticket = access_own_ticket(request.user, code)
    return render(request, "fairs/plan.html", {"ticket": ticket})


@login_required
def ticket_pdf(request: HttpRequest, code: str) -> HttpResponse:
    ticket = access_own_ticket(request.user, code)
    response = HttpResponse(render_ticket(ticket), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{ticket.code}.pdf"'
    return response


@login_required
@require_POST
def cancel_ticket(request: HttpRequest, code: str) -> HttpResponse:
    ticket = access_own_ticket(request.user, code)
    run_action(
        request,
        lambda: services.cancel_ticket(ticket=ticket, by=request.user),
        _("Your registration is cancelled."),
    )
    return redirect("fairs:my_tickets")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.bookings_of(request.user))
    return render(request, "fairs/my_bookings.html", {"page": page})


@login_required
@require_POST
def book_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = access_visible_slot(request.user, pk)
    try:
        services.book_slot(slot=slot, by=request.user)
        messages.success(request, _("Slot booked. The link is in your bookings."))
        return redirect("fairs:my_bookings")
    except (ValidationError, PermissionDenied) as error:
        text = error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    participation = Participation.objects.filter(
        fair=slot.fair, enterprise=slot.enterprise, status=Participation.Status.APPROVED
    ).first()
    if participation is None:  # the enterprise withdrew: its booth is gone, the fair is not
        return redirect("fairs:detail", slot.fair_id)
    return redirect("fairs:booth", pk=slot.fair_id, participation_pk=participation.pk)


@login_required
@require_POST
def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(SlotBooking, pk=pk, graduate=request.user)
    run_action(
        request,
        lambda: services.cancel_booking(booking=booking, by=request.user),
        _("Booking cancelled."),
    )
    return redirect("fairs:my_bookings")


# --- Association workspace ------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    if not (roles.association_staff or roles.officer):
        raise PermissionDenied(_("Only association staff manage fairs."))
    page = paginate(request, selectors.managed_fairs(request.user))
    return render(
        request, "fairs/manage_list.html", {"page": page, "associations": roles.associations}
    )


@login_required
def manage_panel(request: HttpRequest) -> HttpResponse:
    """The association's fairs of the coming fortnight with their manage and check-in links,
    loaded into the staff workspace (htmx), so both are one click from there."""
    association_id = int_param(request.GET.get("association"))
    if association_id is None or not roles_for(request.user).is_staff_of(association_id):
        raise Http404
    fairs = selectors.fairs_at_hand(request.user, association_id)
    return render(request, "fairs/_manage_panel.html", {"fairs": fairs})


@login_required
def fair_create(request: HttpRequest) -> HttpResponse:
    """A new fair of the association in `?association=` (404 when malformed); without one, the
    user's only association, or a choice among theirs (all of them for an officer)."""
    if not request.GET.get("association"):
        choices = selectors.organisable_associations(request.user)
        if not choices.exists():
            raise PermissionDenied(_("Only association staff manage fairs."))
        if choices.count() == 1:
            return redirect(f"{reverse('fairs:create')}?association={choices.get().pk}")
        return render(request, "fairs/choose_association.html", {"associations": choices})
    association = get_object_or_404(Association, pk=int_param(request.GET["association"]) or 0)
    if not can_create_fair(request.user, association):
        raise Http404
    form = FairForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fair = services.create_fair(
                organiser=association,
                by=request.user,
                co_organisers=form.cleaned_data["co_organisers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fair saved as a draft. Publish it when ready."))
            return redirect("fairs:manage", pk=fair.pk)
    return render(request, "fairs/fair_form.html", {"form": form, "association": association})


@login_required
def fair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_managed_fair(request.user, pk)
    form = FairForm(request.POST or None, request.FILES or None, instance=fair)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_fair(
                fair=access_managed_fair(request.user, pk),
                by=request.user,
                co_organisers=form.cleaned_data["co_organisers"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fair updated."))
            return redirect("fairs:manage", pk=fair.pk)
    return render(
        request, "fairs/fair_form.html", {"form": form, "fair": fair, "association": fair.organiser}
    )


@login_required
def fair_manage(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_managed_fair(request.user, pk)
    context = {
        "fair": fair,
        "participations": selectors.participations_for_decision(fair),
        "counters": selectors.fair_counters(fair),
        "cancel_form": CancelFairForm(),
        "events": fair.events.select_related("actor").order_by("-created_at")[:10],
    }
    return render(request, "fairs/manage.html", context)


@login_required
@require_POST
def fair_publish(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_managed_fair(request.user, pk)
    run_action(
        request,
        lambda: services.publish_fair(fair=fair, by=request.user),
        _("The fair is published."),
    )
    return redirect("fairs:manage", pk=fair.pk)


@login_required
@require_POST
def fair_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    fair = access_managed_fair(request.user, pk)
    form = CancelFairForm(request.POST)
    reason = form.data.get("reason", "")
    run_action(
        request,
        lambda: services.cancel_fair(fair=fair, by=request.user, reason=reason),
        _("The fair is cancelled; everyone registered is told."),
    )
    return redirect("fairs:manage", pk=fair.pk)


@login_required
@require_POST
def participation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    participation = access_participation_as_manager(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("fairs:manage", pk=participation.fair_id)
    data = form.cleaned_data
    actions = {
        "approve": lambda: services.approve_participation(
            participation=participation,
            by=request.user,
            booth_number=data["booth_number"],
            reason=data["reason"],
        ),
        "reject": lambda: services.reject_participation(
            participation=participation, by=request.user, reason=data["reason"]
        ),
        "booth": lambda: services.assign_booth(
            participation=participation, by=request.user, booth_number=data["booth_number"]
        ),
        "present": lambda: services.mark_present(participation=participation, by=request.user),
        "absent": lambda: services.mark_present(
            participation=participation, by=request.user, present=False
        ),
    }
    try:
        result = actions[data["action"]]()
        messages.success(
            request,
            _("%(enterprise)s: %(status)s")
            % {"enterprise": result.enterprise.name, "status": result.get_status_display()},
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("fairs:manage", pk=participation.fair_id)


@login_required
def arrivals(request: HttpRequest, pk: int) -> HttpResponse:
    """The fair's arrival slots (分时段入场): places, tickets held, waiting lists; add a slot."""
    fair = access_managed_fair(request.user, pk)
    form = ArrivalSlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_arrival_slot(fair=fair, by=request.user, **form.cleaned_data)
            messages.success(request, _("The arrival slot is added."))
            return redirect("fairs:arrivals", pk=fair.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"fair": fair, "form": form, "slots": selectors.arrival_slots(fair)}
    return render(request, "fairs/arrivals.html", context)


@login_required
@require_POST
def arrival_slot_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a slot's places, or remove it (`remove` in the form)."""
    slot = get_object_or_404(EntryWindow.objects.select_related("fair"), pk=pk)
    access_managed_fair(request.user, slot.fair_id)
    if "remove" in request.POST:
        run_action(
            request,
            lambda: services.remove_arrival_slot(slot=slot, by=request.user),
            _("The arrival slot is removed."),
        )
        return redirect("fairs:arrivals", pk=slot.fair_id)
    form = SlotPlacesForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
    else:
        run_action(
            request,
            lambda: services.change_arrival_slot_places(
                slot=slot, capacity=form.cleaned_data["capacity"], by=request.user
            ),
            _("The places are changed."),
        )
    return redirect("fairs:arrivals", pk=slot.fair_id)


@login_required
def counters(request: HttpRequest, pk: int) -> HttpResponse:
    """The live counters fragment, polled by htmx."""
    fair = access_managed_fair(request.user, pk)
    context = {"fair": fair, "counters": selectors.fair_counters(fair)}
    return render(request, "fairs/_counters.html", context)


# --- Campaigns (department officers) -----------------------------------------------------------


def _require_campaign_manager(user) -> None:
    if not can_manage_campaigns(user):
        raise PermissionDenied(_("Only department officers manage campaigns."))


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _require_campaign_manager(request.user)
    page = paginate(request, selectors.campaigns())
    return render(request, "fairs/campaigns.html", {"page": page})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_campaign_manager(request.user)
    form = CampaignForm(request.POST or None, initial={"hire_window_days": 90})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_campaign(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign created."))
            return redirect("fairs:campaigns")
    return render(request, "fairs/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access_managed_campaign(request.user, pk)
    form = CampaignForm(request.POST or None, instance=campaign)  # the service saves, not the form
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign updated."))
            return redirect("fairs:campaigns")
    return render(request, "fairs/campaign_form.html", {"form": form, "campaign": campaign})


# --- Recruiters ---------------------------------------------------------------------------------


@login_required
def recruiter_fairs(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    if not roles.recruiter:
        raise PermissionDenied(_("Only recruiters take part in fairs."))
    context = {
        "page": paginate(request, selectors.participations_of_recruiter(request.user)),
        "open_fairs": selectors.open_fairs_for_enterprises()[:20],
        "enterprises": roles.enterprises,
    }
    return render(request, "fairs/recruiter_fairs.html", context)


@login_required
def participate(request: HttpRequest, pk: int) -> HttpResponse:

    fair = access_fair(request.user, pk)
    roles = roles_for(request.user)
    if not roles.recruiter:
        raise PermissionDenied(_("Only recruiters take part in fairs."))
    # A value that is no id picks the first enterprise, as no value does.
    enterprise_id = int_param(request.GET.get("enterprise")) or roles.enterprises[0].id
    if not can_act_for_enterprise(request.user, enterprise_id):
        raise Http404
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    positions = selectors.positions_to_offer(enterprise.pk)
    form = ParticipationForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_participation(
                fair=fair, enterprise=enterprise, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered: the organisers will decide soon."))
            return redirect("fairs:recruiter")
    context = {
        "fair": fair,
        "form": form,
        "enterprise": enterprise,
        "roles": roles,
        # Before the window opens the page says when, rather than a form that refuses on submit.
        "registration_not_yet": timezone.now() < fair.enterprise_registration_opens,
    }
    return render(request, "fairs/participate.html", context)


@login_required
@require_POST
def participation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    participation = access_participation_as_recruiter(request.user, pk)
    run_action(
        request,
        lambda: services.withdraw_participation(participation=participation, by=request.user),
        _("Your participation is withdrawn."),
    )
    return redirect("fairs:recruiter")


@login_required
def slots(request: HttpRequest, pk: int) -> HttpResponse:
    participation = access_participation_as_recruiter(request.user, pk)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_slot(participation=participation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Slot published."))
            return redirect("fairs:slots", pk=participation.pk)
    slot_list = selectors.booth_slots(participation.fair, participation.enterprise_id)
    context = {"participation": participation, "form": form, "slots": slot_list}
    return render(request, "fairs/slots.html", context)


@login_required
def leads(request: HttpRequest, pk: int) -> HttpResponse:
    """Booth lead capture: scan or type a graduate's ticket code, then rate and note."""
    participation = access_participation_as_recruiter(request.user, pk)
    form = ScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.capture_lead(
                participation=participation, code=form.cleaned_data["code"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("fairs:lead", pk=lead.pk)
    page = paginate(request, selectors.leads_of_participation(participation))
    context = {"participation": participation, "form": form, "page": page}
    return render(request, "fairs/leads.html", context)


@login_required
def lead(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_object_or_404(Lead.objects.select_related("graduate", "fair", "enterprise"), pk=pk)
    if not can_act_for_enterprise(request.user, lead.enterprise_id):
        raise Http404
    positions = selectors.positions_to_offer(lead.enterprise_id)
    initial = {"rating": lead.rating, "note": lead.note, "position": lead.position}
    form = LeadForm(request.POST or None, positions=positions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lead(lead=lead, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Lead saved."))
            participation = Participation.objects.filter(
                fair_id=lead.fair_id, enterprise_id=lead.enterprise_id, status="approved"
            ).first()
            return (
                redirect("fairs:leads", pk=participation.pk)
                if participation
                else redirect("fairs:recruiter")
            )
    profile = getattr(lead.graduate, "graduate_profile", None)
    return render(request, "fairs/lead.html", {"lead": lead, "form": form, "profile": profile})


@login_required
def leads_csv(request: HttpRequest, pk: int) -> HttpResponse:
    participation = access_participation_as_recruiter(request.user, pk)
    return exports.leads_csv_response(participation)
