"""The front door: search with hot searches, this week's fairs, the newest positions and the
campaign's public figures; it draws on every app, so it lives where the apps are wired."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fairs.models import Fair
from fairs.selectors import public_fairs
from jobs.selectors import public_positions
from outcomes.selectors import HOME_FIGURES, public_figures
from search.views import POPULAR

NEWEST_POSITIONS = 8
FAIRS_PER_KIND = 4


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    week = list(public_fairs(date_from=today, date_to=today + datetime.timedelta(days=6)))
    campus = [f for f in week if f.kind == Fair.Kind.CAMPUS and f.status != Fair.Status.CANCELLED]
    cloud = [f for f in week if f.kind == Fair.Kind.CLOUD and f.status != Fair.Status.CANCELLED]
    upcoming = []
    if not campus and not cloud:  # a quiet week: the next fairs, whenever they are
        upcoming = list(public_fairs().exclude(status=Fair.Status.CANCELLED)[:FAIRS_PER_KIND])
    campaign, figures = public_figures(HOME_FIGURES)
    return render(
        request,
        "home.html",
        {
            "popular": POPULAR,
            "campus_fairs": campus[:FAIRS_PER_KIND],
            "cloud_fairs": cloud[:FAIRS_PER_KIND],
            "upcoming_fairs": upcoming,
            "positions": public_positions()[:NEWEST_POSITIONS],
            "campaign": campaign,
            "figures": figures,
        },
    )
