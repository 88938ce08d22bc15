"""For you (为你推荐): open positions matching a graduate's major, degree and expected cities.

The search backend answers (search.search_positions with a SearchQuery); when search is not
available or fails, a database query gives the same kind of answer, so the page always works.
"""

import logging

from django.db.models import Q
from django.utils import timezone

from candidates.models import GraduateProfile

logger = logging.getLogger(__name__)

# Education levels a graduate with this degree qualifies for (jobs.Education values).
QUALIFIES = {
    "associate": ["any", "secondary", "associate"],
    "bachelor": ["any", "secondary", "associate", "bachelor"],
    "master": ["any", "secondary", "associate", "bachelor", "master"],
    "doctorate": ["any", "secondary", "associate", "bachelor", "master", "doctorate"],
}


def recommend(profile: GraduateProfile, *, limit: int = 10) -> list:
    applied = set(profile.applications.values_list("position_id", flat=True))
    try:
        positions = _from_search(profile, limit=limit + len(applied))
    except Exception:  # search is optional here: never let it break the graduate's workspace
        logger.warning("recommendations: search unavailable, using the database", exc_info=True)
        positions = None
    if positions is None:
        positions = _from_database(profile, limit=limit + len(applied))
    return [p for p in positions if p.pk not in applied][:limit]


def _from_search(profile: GraduateProfile, *, limit: int):
    try:
        from search import search_positions
        from search.query import SearchQuery
    except ImportError:
        return None
    from jobs.models import Position

    city_ids = list(profile.expected_cities.values_list("pk", flat=True))
    query = SearchQuery(
        text=profile.major,
        cities=city_ids,
        education=QUALIFIES.get(profile.degree, []),
        page_size=limit,
    )
    result = search_positions(query)
    ids = [int(hit.id) for hit in result.hits]
    if not ids and profile.major:
        # Nothing for the major: fall back to anything open in the graduate's cities.
        result = search_positions(
            SearchQuery(
                cities=city_ids, education=QUALIFIES.get(profile.degree, []), page_size=limit
            )
        )
        ids = [int(hit.id) for hit in result.hits]
    by_id = Position.objects.select_related("enterprise", "city").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id and by_id[i].is_open]


def _from_database(profile: GraduateProfile, *, limit: int) -> list:
    from jobs.models import Position

    today = timezone.localdate()
    qs = (
        Position.objects.filter(status=Position.Status.PUBLISHED, suspended_at=None)
        .filter(Q(deadline=None) | Q(deadline__gte=today))
        .select_related("enterprise", "city")
    )
    if profile.degree:
        qs = qs.filter(education__in=QUALIFIES[profile.degree])
    city_ids = set(profile.expected_cities.values_list("pk", flat=True))
    if city_ids:
        qs = qs.filter(city_id__in=city_ids)
    major = profile.major.strip()

    def score(position) -> int:
        if not major:
            return 0
        points = 0
        if any(major in m or m in major for m in position.majors or [] if m):
            points += 3
        if major in position.title or major in position.description:
            points += 2
        return points

    candidates = list(qs.order_by("-published_at")[:300])
    candidates.sort(key=lambda p: -score(p))
    if major:
        matching = [p for p in candidates if score(p) > 0]
        candidates = matching or candidates
    return candidates[:limit]
