"""Department officers' pages for the related-terms dictionary of the search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.web import add_service_errors, paginate
from listings import services
from listings.forms import RelatedTermsForm, TermsFilterForm
from listings.permissions import can_edit_related_terms
from search.models import RelatedTerms


def _require_officer(request) -> None:
    if not can_edit_related_terms(request.user):
        raise PermissionDenied(_("Only department officers edit the related terms."))


@login_required
def related_terms(request):
    _require_officer(request)
    filters = TermsFilterForm(request.GET or None)
    groups = RelatedTerms.objects.select_related("updated_by").order_by("-active", "pk")
    if filters.is_valid() and filters.cleaned_data["q"]:
        word = filters.cleaned_data["q"].lower()
        groups = groups.filter(words__contains=word) | groups.filter(targets__contains=word)
    return render(
        request,
        "listings/related_terms.html",
        {"page": paginate(request, groups, per_page=50), "filters": filters},
    )


@login_required
def edit_related_terms(request, pk: int | None = None):
    _require_officer(request)
    group = get_object_or_404(RelatedTerms, pk=pk) if pk else None
    form = RelatedTermsForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_related_terms(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: searches use it from now on."))
            return redirect("listings:related_terms")
    return render(request, "listings/related_terms_form.html", {"form": form, "group": group})
