"""For you (为你推荐): open positions matching a graduate's major, degree and expected cities.

The search backend answers (search.search_positions with a SearchQuery); when the engine is
down, search itself answers from the database, so the page always works.
"""

from candidates.models import GraduateProfile
from jobs.models import EDUCATION_RANK, Position
from search import search_positions
from search.query import SearchQuery


def qualifying_educations(degree: str) -> tuple[str, ...]:
    """The education requirements (jobs.Education) a graduate with this degree meets."""

    if degree not in EDUCATION_RANK:
        return ()
    return tuple(value for value, rank in EDUCATION_RANK.items() if rank <= EDUCATION_RANK[degree])


def recommend(profile: GraduateProfile, *, limit: int = 10) -> list:
    """Open positions for the graduate's major, in their cities, at a level their degree meets.

    Through the search backend (which itself answers from the database when the engine is
    down); with nothing for the major, any open position in those cities and levels.
    """
    applied = set(profile.applications.values_list("position_id", flat=True))
    wanted = limit + len(applied)
    city_ids = tuple(profile.expected_cities.values_list("pk", flat=True))
    educations = qualifying_educations(profile.degree)
    ids: list[int] = []
    if profile.major.strip():
        query = SearchQuery(
            text=profile.major, any_city=city_ids, any_education=educations, page_size=wanted
        )
        ids = [int(hit.id) for hit in search_positions(query).hits]
    if not ids:
        query = SearchQuery(any_city=city_ids, any_education=educations, page_size=wanted)
        ids = [int(hit.id) for hit in search_positions(query).hits]
    by_id = Position.objects.select_related("enterprise", "city").in_bulk(ids)
    positions = [by_id[i] for i in ids if i in by_id and by_id[i].is_open]
    return [p for p in positions if p.pk not in applied][:limit]
