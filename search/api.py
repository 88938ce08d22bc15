"""Search API: anonymous, read-only (positions are public)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from search import presenters, service
from search.query import SearchQuery

_PARAMS = [
    OpenApiParameter(name, str, required=False)
    for name in (
        "q",
        "city",
        "industry",
        "education",
        "job_type",
        "salary_min",
        "salary",
        "fair",
        "association",
        "sort",
        "page",
        "page_size",
    )
]


class PositionSearchView(APIView):
    """Search published positions: hits with highlights, total, facet counts.

    Bad parameters answer 400 with a message per parameter. `degraded` is true when the search
    engine was down and the database answered (fewer facets, plainer matching)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        query = SearchQuery.from_params(request.query_params)
        result = service.search_positions(query)
        return Response(presenters.result_json(query, result))


class PositionSuggestView(APIView):
    """Autocomplete: titles and enterprise names beginning with `q`."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response({"suggestions": service.suggest(request.query_params.get("q", ""))})
