"""Pages of the accounts app: the home page and onboarding after sign-up."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Where sign-up lands: the next step for each role the user holds or chose."""
    return render(request, "accounts/onboarding.html")
