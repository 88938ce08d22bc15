"""The graduate search page (htmx updates the results and facets in place) and autocomplete."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import presenters, service
from search.query import SearchQuery

POPULAR = ["会计", "销售", "软件开发", "数据分析师", "护士", "社区助理", "土木工程师", "教师"]


@require_GET
def positions(request: HttpRequest) -> HttpResponse:
    """Search positions: words, facets, sort, page, all in the URL so a search can be shared."""
    query = SearchQuery.from_params(request.GET, strict=False)
    result = service.search_positions(query)
    context = presenters.page_context(query, result)
    if not result.hits and query.tokens:
        context["suggestions"] = service.suggest(query.tokens[0])
    context["popular"] = POPULAR
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "search/_results.html", context)
    return render(request, "search/positions.html", context)


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """Autocomplete options (a <datalist>) for titles and enterprise names."""
    items = service.suggest(request.GET.get("q", ""))
    return render(request, "search/_suggestions.html", {"suggestions": items})
