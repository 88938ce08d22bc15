"""Pages of fair feedback: the visitor's fairs to rate and the rating page; the organisers'
results with moderation. Thin: a selector or one service call, a template or a redirect."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import add_service_errors, run_action
from feedback import permissions, selectors, services
from feedback.forms import AnswerForm, EnterpriseAnswerForm
from feedback.models import BoothRating, FairRating


@login_required
def my_feedback(request: HttpRequest) -> HttpResponse:
    """The fairs the visitor is asked to rate, while their answers are open."""
    return render(request, "feedback/mine.html", {"fairs": selectors.fairs_to_rate(request.user)})


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate the fair, the booths visited, or (recruiters) the fair and its candidates; one form
    per answer, posted with its `target`; an answer given before is changed."""
    fair = permissions.access_visible_fair(request.user, pk)
    state = selectors.rateable(request.user, fair)
    target = request.POST.get("target", "") if request.method == "POST" else ""
    answers = _answers(request, state, target)
    if target:
        if target not in answers:
            raise Http404
        form, save = answers[target].form, answers[target].save
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answer is saved."))
                return redirect("feedback:rate", pk=fair.pk)
    return render(
        request, "feedback/rate.html", {"state": state, "answers": list(answers.values())}
    )


@dataclass
class Answer:
    """One answer on the rating page: what is rated, its form, the answer given before."""

    key: str
    kind: str  # fair, booth, enterprise
    subject: object  # the fair, the booth (Participation) or the enterprise rating for
    form: object
    given: object
    save: object


def _answers(request: HttpRequest, state: selectors.Rateable, target: str) -> dict:
    """Each answer the user may give, by target: (its form, bound if posted; its saver, which
    gives the answer or changes the one given before)."""
    user, fair = request.user, state.fair
    answers: dict[str, Answer] = {}

    def add(key, kind, subject, form_class, given, give, change):
        initial = {}
        if given is not None:
            initial = {"rating": str(given.rating), "comment": given.comment}
            if given_candidates := getattr(given, "candidates_rating", None):
                initial["candidates_rating"] = str(given_candidates)
        form = form_class(request.POST if key == target else None, initial=initial, prefix=key)
        save = (lambda data: change(given, data)) if given else give
        answers[key] = Answer(key, kind, subject, form, given, save)

    if state.as_graduate:
        add(
            "fair",
            "fair",
            fair,
            AnswerForm,
            state.fair_rating,
            lambda data: services.rate_fair(fair=fair, by=user, **data),
            lambda given, data: services.change_fair_rating(fair_rating=given, by=user, **data),
        )
        for booth, given in state.booths:
            add(
                f"booth-{booth.pk}",
                "booth",
                booth,
                AnswerForm,
                given,
                lambda data, booth=booth: services.rate_booth(participation=booth, by=user, **data),
                lambda given, data: services.change_booth_rating(
                    booth_rating=given, by=user, **data
                ),
            )
    for enterprise, given in state.enterprises:
        add(
            f"enterprise-{enterprise.pk}",
            "enterprise",
            enterprise,
            EnterpriseAnswerForm,
            given,
            lambda data, enterprise=enterprise: services.rate_fair_as_enterprise(
                fair=fair, enterprise=enterprise, by=user, **data
            ),
            lambda given, data: services.change_fair_rating(fair_rating=given, by=user, **data),
        )
    return answers


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisers' view of a fair's feedback: averages, booths, comments to moderate."""
    fair = permissions.access_results_fair(request.user, pk)
    return render(
        request,
        "feedback/results.html",
        {"fair": fair, "results": selectors.fair_results(fair)},
    )


@login_required
def booth_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A booth's ratings for its enterprise's recruiters: the average and the comments staff did
    not hide."""
    booth = permissions.access_own_booth(request.user, pk)
    return render(
        request,
        "feedback/booth_results.html",
        {"booth": booth, "results": selectors.booth_results(booth)},
    )


MODELS = {"fair": FairRating, "booth": BoothRating}


def _moderate(service, success: str):
    @login_required
    @require_POST
    def view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        if kind not in MODELS:
            raise Http404
        answer = permissions.access_moderated(request.user, MODELS[kind], pk)
        run_action(request, lambda: service(answer=answer, by=request.user), success)
        return redirect("feedback:results", pk=answer.fair_id)

    return view


hide = _moderate(services.hide_comment, _("The comment is hidden."))
show = _moderate(services.show_comment, _("The comment is shown again."))
