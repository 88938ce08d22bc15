"""Turning a SearchResult into what the page and the API show (links, labels, JSON)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from search.documents import NEGOTIABLE_BAND, SALARY_FACET_NOTE
from search.query import SearchQuery
from search.results import Hit, SearchResult

FACET_TITLES = {
    "city": lambda: _("City"),
    "category": lambda: _("Job category"),
    "industry": lambda: _("Industry"),
    "education": lambda: _("Education"),
    "job_type": lambda: _("Job type"),
    "salary": lambda: _("Monthly salary"),
    "fair": lambda: _("Fair"),
    "association": lambda: _("Association"),
}
SORT_LABELS = {
    "relevance": lambda: _("Best match"),
    "newest": lambda: _("Newest"),
    "salary": lambda: _("Highest salary"),
}


def position_url(pk: int) -> str:
    """The public position page (jobs:detail), or /jobs/<pk>/ before that page exists."""
    try:
        return reverse("jobs:detail", args=[pk])
    except NoReverseMatch:
        return f"/jobs/{pk}/"


def facet_groups(query: SearchQuery, result: SearchResult) -> list[dict]:
    groups = []
    for name, title in FACET_TITLES.items():
        values = result.facets.get(name, [])
        if not values:
            continue
        selected = str(query.filters.get(name, ""))
        groups.append(
            {
                "name": name,
                "title": title(),
                "note": str(SALARY_FACET_NOTE) if name == "salary" else "",
                "selected": selected,
                "clear_url": "?" + query.urlencode(**{name: None if name in _INT else ""}, page=1),
                "values": [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "url": "?" + query.urlencode(**{name: _typed(name, v.value)}, page=1),
                    }
                    for v in values
                ],
            }
        )
    return groups


_INT = {"city", "fair", "association"}


def _typed(name: str, value: str):
    return int(value) if name in _INT and value.isdigit() else value


def page_context(query: SearchQuery, result: SearchResult) -> dict:
    last = result.num_pages
    return {
        "query": query,
        "result": result,
        "groups": facet_groups(query, result),
        "sorts": [
            {"value": v, "label": label(), "url": "?" + query.urlencode(sort=v, page=1)}
            for v, label in SORT_LABELS.items()
        ],
        "share_url": "?" + query.urlencode(),
        "clear_filters_url": "?" + SearchQuery(text=query.text).urlencode(),
        "previous_url": "?" + query.urlencode(page=query.page - 1) if query.page > 1 else "",
        "next_url": "?" + query.urlencode(page=query.page + 1) if query.page < last else "",
        "num_pages": last,
        "errors": list(query.errors.values()),
        "hits": [{"hit": hit, "url": position_url(hit.id)} for hit in result.hits],
        "related": [{"hit": hit, "url": position_url(hit.id)} for hit in result.related],
        "corrected_text": result.corrected_text,
        "verbatim_url": "?" + query.urlencode(verbatim=True, page=1),
        "did_you_mean": [
            {"text": text, "url": "?" + query.urlencode(text=text, page=1)}
            for text in result.did_you_mean
        ],
        "negotiable_url": (
            "?" + query.urlencode(salary=NEGOTIABLE_BAND, salary_min=None, page=1)
            if result.negotiable_total
            else ""
        ),
    }


def hit_json(hit: Hit) -> dict:
    position = hit.position
    return {
        "id": hit.id,
        "score": round(hit.score, 4),
        "title": position.title,
        "enterprise": {"id": position.enterprise_id, "name": position.enterprise.name},
        "city": {"id": position.city_id, "name": position.city.name},
        "district": position.district.name if position.district_id else None,
        "salary_min": position.salary_min,
        "salary_max": position.salary_max,
        "education": position.education,
        "category": position.category,
        "job_type": position.job_type,
        "published_at": position.published_at.isoformat() if position.published_at else None,
        "deadline": position.deadline.isoformat() if position.deadline else None,
        "url": position_url(hit.id),
        "highlights": {k: str(v) for k, v in hit.highlights.items()},
    }


def result_json(query: SearchQuery, result: SearchResult) -> dict:
    return {
        "query": query.to_params(),
        "corrected_query": result.corrected_text or None,
        "did_you_mean": result.did_you_mean,
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "num_pages": result.num_pages,
        "degraded": result.degraded,
        "hits": [hit_json(hit) for hit in result.hits],
        "related": {
            "total": result.related_total,
            "hits": [hit_json(hit) for hit in result.related],
        },
        "negotiable_total": result.negotiable_total,
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
