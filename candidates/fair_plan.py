"""My fair plan (我的逛展路线): before a campus fair, the booths a graduate should visit, in booth
order: the enterprises they applied to and those whose positions at the fair are recommended for
them (为你推荐, within the fair). Candidates builds it (applications and recommendations are its
rows); fairs shows it on the ticket page and its printable plan through a template tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from candidates.models import Application, ApplicationStatus, GraduateProfile
from candidates.recommendations import recommend

# How many recommendations are read to find those at the fair (the fair's positions are a few
# hundred of the thousands open; the best ranked are what a plan should show).
POOL = 300
PER_BOOTH = 3


@dataclass
class PlanStop:
    """One booth to visit and why."""

    participation: object  # fairs.Participation, with its enterprise
    applied: list = field(default_factory=list)  # the graduate's applications to the enterprise
    recommended: list = field(default_factory=list)  # positions at the fair that fit them

    @property
    def booth(self) -> str:
        return self.participation.booth_number

    @property
    def enterprise(self):
        return self.participation.enterprise


def _booth_order(stop: PlanStop) -> tuple:
    """A3 before A12 before B1; booths without a number last."""
    booth = stop.booth or ""
    parts = re.split(r"(\d+)", booth)
    return (not booth, [int(p) if p.isdigit() else p for p in parts], stop.enterprise.name)


def fair_plan(profile: GraduateProfile | None, fair) -> list[PlanStop]:
    """The booths of `fair` this graduate should visit, in booth order."""
    if profile is None or not fair.is_campus:
        return []
    participations = {
        p.enterprise_id: p
        for p in fair.participations.filter(status="approved").select_related("enterprise")
    }
    if not participations:
        return []
    stops: dict[int, PlanStop] = {}

    def stop_for(enterprise_id: int) -> PlanStop:
        if enterprise_id not in stops:
            stops[enterprise_id] = PlanStop(participations[enterprise_id])
        return stops[enterprise_id]

    applications = (
        Application.objects.filter(
            graduate=profile, position__enterprise_id__in=list(participations)
        )
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("position")
        .order_by("-created_at")
    )
    for application in applications:
        stop_for(application.position.enterprise_id).applied.append(application)
    at_fair = set(fair.participations.filter(status="approved").values_list("positions", flat=True))
    for item in recommend(profile, limit=POOL):
        position = getattr(item, "position", item)  # a position, or one with its fit
        if position.pk in at_fair and position.enterprise_id in participations:
            stop = stop_for(position.enterprise_id)
            if len(stop.recommended) < PER_BOOTH:
                stop.recommended.append(position)
    return sorted(stops.values(), key=_booth_order)
