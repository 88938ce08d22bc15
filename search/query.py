"""The one query object of position search, built from GET parameters or API parameters."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.params import int_param
from search.analyzer import query_tokens
from search.documents import NEGOTIABLE_BAND, SALARY_BANDS

SORTS = ("relevance", "newest", "salary")
FILTERS = (
    "city",
    "industry",
    "category",
    "education",
    "job_type",
    "salary",
    "fair",
    "association",
)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_RESULTS = 10_000  # deepest reachable hit (page × page size)
MAX_QUERY_LENGTH = 100


def _choices(name: str) -> list[str]:
    if name == "salary":
        return [key for key, *_rest in SALARY_BANDS] + [NEGOTIABLE_BAND]
    from search.source import source  # search.source imports this module

    return source().choices(name)


def _max_salary() -> int:
    """What a position may ask for is what one may search for."""
    from search.source import source  # search.source imports this module

    return source().max_salary


@dataclass(frozen=True)
class SearchQuery:
    """Free text, filters, sort and page of one search.

    Filters are exact values (as the facets count them): `city`, `fair`, `association` are ids;
    `industry`, `category`, `education`, `job_type` are codes; `salary` is a salary band key (a
    position is in every band its range overlaps); `salary_min` keeps positions that may pay at
    least that much a month (negotiable ones excluded).
    """

    text: str = ""
    city: int | None = None
    industry: str = ""
    category: str = ""
    education: str = ""
    job_type: str = ""
    salary_min: int | None = None
    salary: str = ""
    fair: int | None = None
    association: int | None = None
    sort: str = "relevance"
    verbatim: bool = False  # search the words as typed, without correcting them
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # Any-of filters for programmatic queries (为你推荐: any of a graduate's cities, any education
    # level the degree qualifies for); not carried in URLs.
    any_city: tuple[int, ...] = ()
    any_education: tuple[str, ...] = ()
    errors: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def tokens(self) -> list[str]:
        """The words typed (precise segmentation), before query understanding."""
        return query_tokens(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def filters(self) -> dict:
        """The filters that are set, by name."""
        values = {name: getattr(self, name) for name in FILTERS}
        values["salary_min"] = self.salary_min
        return {k: v for k, v in values.items() if v not in (None, "")}

    @property
    def any_of(self) -> dict[str, tuple]:
        """Any-of filters that are set, by filter name: a hit matches one of the values."""
        values = {"city": self.any_city, "education": self.any_education}
        return {k: tuple(v) for k, v in values.items() if v}

    def with_(self, **changes) -> SearchQuery:
        return replace(self, errors={}, **changes)

    def to_params(self, **changes) -> dict[str, str]:
        """GET parameters that rebuild this query (what a shareable URL carries)."""
        query = self.with_(**changes) if changes else self
        params = {"q": query.text, **{k: str(v) for k, v in query.filters.items()}}
        if query.sort != "relevance":
            params["sort"] = query.sort
        if query.verbatim:
            params["verbatim"] = "1"
        if query.page != 1:
            params["page"] = str(query.page)
        if query.page_size != DEFAULT_PAGE_SIZE:
            params["page_size"] = str(query.page_size)
        return {k: v for k, v in params.items() if v}

    def urlencode(self, **changes) -> str:
        return urlencode(self.to_params(**changes))

    @classmethod
    def from_params(cls, params, *, strict: bool = True) -> SearchQuery:
        """Build from GET or API parameters (a QueryDict or a dict).

        Invalid values give a message per parameter: with `strict`, a ValidationError with them
        all; otherwise the query without the invalid parts and the messages in `errors`.
        """
        errors: dict[str, str] = {}
        values: dict = {}

        def get(name: str) -> str:
            value = params.get(name, "")
            return value.strip() if isinstance(value, str) else str(value)

        text = get("q")
        if len(text) > MAX_QUERY_LENGTH:
            errors["q"] = _("Use at most %(n)d characters.") % {"n": MAX_QUERY_LENGTH}
        else:
            values["text"] = text

        for name in ("city", "fair", "association"):
            raw = get(name)
            if raw:
                if (number := int_param(raw)) is not None:
                    values[name] = number
                else:
                    errors[name] = _("Choose a valid id (a whole number).")

        for name in ("industry", "category", "education", "job_type", "salary"):
            raw = get(name)
            if raw:
                if raw in _choices(name):
                    values[name] = raw
                else:
                    errors[name] = _("“%(value)s” is not one of the available choices.") % {
                        "value": raw[:50]
                    }

        raw = get("salary_min")
        if raw:
            top = _max_salary()
            if (number := int_param(raw, minimum=0, maximum=top)) is not None:
                values["salary_min"] = number
            else:
                errors["salary_min"] = _(
                    "Enter a monthly salary in yuan between 0 and %(max)d."
                ) % {"max": top}

        raw = get("verbatim")
        if raw:
            if raw in ("1", "0", "true", "false"):
                values["verbatim"] = raw in ("1", "true")
            else:
                errors["verbatim"] = _("Use 1 to search the words exactly as typed, or 0.")

        raw = get("sort")
        if raw:
            if raw in SORTS:
                values["sort"] = raw
            else:
                errors["sort"] = _("Sort by one of: %(choices)s.") % {"choices": ", ".join(SORTS)}

        raw = get("page_size")
        if raw:
            if (number := int_param(raw, maximum=MAX_PAGE_SIZE)) is not None:
                values["page_size"] = number
            else:
                errors["page_size"] = _("Choose a page size from 1 to %(max)d.") % {
                    "max": MAX_PAGE_SIZE
                }
        page_size = values.get("page_size", DEFAULT_PAGE_SIZE)

        raw = get("page")
        if raw:
            last = MAX_RESULTS // page_size
            if (number := int_param(raw, maximum=last)) is not None:
                values["page"] = number
            else:
                errors["page"] = _("Choose a page from 1 to %(last)d.") % {"last": last}

        if errors and strict:
            raise ValidationError(errors)
        return cls(**values, errors=errors)
