"""Pages of the accounts app: the home page and onboarding after sign-up."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from accounts import services


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Where sign-up lands: the next step for each role the user holds or chose."""
    return render(request, "accounts/onboarding.html")


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice of a signed-in user: e-mails
    and notifications others' actions send them are written in it."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and chosen in dict(settings.LANGUAGES)
    ):
        services.choose_language(user=request.user, language=chosen)
    return response
