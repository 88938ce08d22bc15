"""For you (为你推荐): open positions ranked by their fit with a graduate, each with its reasons.

Candidates come from the database through the one "open position" rule (Position.objects.open():
published, not suspended, deadline not passed), narrowed to those that can fit (the major's job
categories, the major's and skills' words in the title, the major asked for in the description)
and to the levels the graduate's degree meets; `candidates.matching.fit` scores and explains each.
"""

import datetime
import json
from dataclasses import dataclass, replace

from django.db.models import Q, QuerySet
from django.utils import timezone

from candidates.matching import (
    GRADUATE,
    ROW_FIELDS,
    Fit,
    Opening,
    Reason,
    Seeker,
    asked_as_major,
    degree_meets,
    fit,
)
from candidates.models import Application, GraduateProfile
from jobs.models import Education, Position

PAGE = 20
# The most positions scored for one graduate, newest first: far more than anyone reads, and it
# keeps a request's cost flat however many positions are open.
POOL = 3000
OLDEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
# What a card shows of a position, its enterprise and its city.
CARD_FIELDS = (
    "title",
    "category",
    "education",
    "majors",
    "job_type",
    "salary_min",
    "salary_max",
    "deadline",
    "published_at",
    "status",
    "suspended_at",
    "enterprise__name",
    "enterprise__industry",
    "city__name",
    "city__name_en",
    "district__name",
    "district__name_en",
)


@dataclass(frozen=True)
class Recommendation:
    position: object  # jobs.Position, with its enterprise and city
    fit: Fit

    @property
    def score(self) -> int:
        return self.fit.score

    @property
    def reasons(self) -> list[Reason]:
        return self.fit.reasons(GRADUATE)


def qualifying_educations(degree: str) -> tuple[str, ...]:
    """The education requirements (jobs.Education) a graduate with this degree meets."""
    return tuple(value for value in Education.values if degree_meets(degree, value))


def candidate_positions(seeker: Seeker, *, since: datetime.datetime | None = None) -> QuerySet:
    """Open positions that may fit the graduate, newest first (not yet scored)."""
    positions = Position.objects.open().filter(education__in=qualifying_educations(seeker.degree))
    if since is not None:
        positions = positions.filter(published_at__gt=since)
    if seeker.graduate_id is not None:
        applied = Application.objects.filter(graduate_id=seeker.graduate_id)
        positions = positions.exclude(pk__in=applied.values("position_id"))
    if seeker.can_fit:
        may_fit = Q(pk__in=[])
        if seeker.major is not None:
            may_fit |= Q(category__in=seeker.major.categories)
        for word in (*seeker.words, *seeker.skills):
            may_fit |= Q(title__icontains=word)
        for name in seeker.major_names:
            may_fit |= _lists_major(name)
            may_fit |= Q(description__icontains=name) | Q(requirements__icontains=name)
        if seeker.words:
            asked = asked_as_major(seeker.words)
            may_fit |= Q(description__regex=asked) | Q(requirements__regex=asked)
        positions = positions.filter(may_fit)
    elif seeker.cities:
        positions = positions.filter(city_id__in=list(seeker.cities))
    return positions.order_by("-published_at", "-pk")


def _lists_major(name: str) -> Q:
    """Positions whose `majors` list names the major. The list is JSON: PostgreSQL keeps the
    characters, SQLite the \\uXXXX escapes json.dumps writes, so both spellings are asked."""
    escaped = json.dumps(name)[1:-1]
    return Q(majors__icontains=name) | Q(majors__icontains=escaped)


def rank(
    seeker: Seeker, positions: QuerySet, *, limit: int, now: datetime.datetime | None = None
) -> list[Recommendation]:
    """The `limit` positions that fit best (ties: newest first), with their fits.

    Scores plain rows (no model instances for the thousands scored), then loads the positions
    shown, with their enterprise and city, in one query.
    """
    now = now or timezone.now()
    scored = []
    for row in positions[:POOL].values(*ROW_FIELDS):
        opening = Opening.from_row(row)
        result = fit(seeker, opening, now=now)
        if result is not None and (result.fits or not seeker.can_fit):
            scored.append(
                (result.score, opening.published_at or OLDEST, opening.position_id, result)
            )
    scored.sort(reverse=True, key=lambda item: item[:3])
    best = scored[:limit]
    shown = (
        positions.model.objects.select_related("enterprise", "city", "district")
        .only(*CARD_FIELDS)
        .in_bulk([pk for _s, _p, pk, _f in best])
    )
    return [Recommendation(shown[pk], result) for _s, _p, pk, result in best if pk in shown]


def recommend(
    profile: GraduateProfile,
    *,
    limit: int = PAGE,
    since: datetime.datetime | None = None,
) -> list[Recommendation]:
    """The open positions that fit the graduate best (those published after `since`, if
    given), excluding those applied to; with nothing that fits the major or skills (or neither
    given), the newest in the expected cities at the graduate's level."""
    seeker = Seeker.of(profile)
    ranked = rank(seeker, candidate_positions(seeker, since=since), limit=limit)
    if not ranked and seeker.can_fit and seeker.cities:
        # Nothing fits the major or skills: the newest at the graduate's level in their cities.
        fallback = replace(seeker, major=None, major_text="", skills=())
        ranked = rank(fallback, candidate_positions(fallback, since=since), limit=limit)
    return ranked
