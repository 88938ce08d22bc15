"""Template tags shared by every app's pages: the address of another page of a list."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int, param: str = "page") -> str:
    """This page's query string with `param` set to `number`, its other parameters kept.

    Filters, a search and another list's page on the same screen survive paging; the result is
    escaped by the tag, so it goes straight into an `href`.
    """
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
