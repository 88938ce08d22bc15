"""Helpers every app's HTML views share: pagination, a service's errors on forms and pages, and
fragments of a page every visitor sees alike, kept in the cache for a few seconds."""

import hashlib
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

PAGE_SIZE = 20


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE, param: str = "page") -> Page:
    """The page of `items` the `param` GET parameter asks for (a bad value gives the first/last)."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one readable line."""
    return " ".join(error.messages)


def form_error_text(form: forms.Form) -> str:
    """An invalid form's errors as one readable line, for a form posted from a button."""
    return " ".join(error for errors in form.errors.values() for error in errors)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields when it names them."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def run_action(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service behind a POST button: its domain error becomes a message, nothing changes.

    Returns whether the service succeeded.
    """
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True


def shared_fragment(key: tuple, render: Callable[[], tuple[str, bool]], seconds: int) -> SafeString:
    """HTML that is the same for every visitor who sends the same `key` (the page, its language,
    its parameters, anything the HTML varies by), rendered once and kept `seconds` in the cache:
    a fair page opened by thousands of graduates in a morning runs its queries and renders its
    booth and position lists once every few seconds, not once a visitor. `render()` gives the
    HTML and whether it may be kept (an answer given while a service is down is not: the next
    visitor gets the full one as soon as it is back). With `seconds` 0 nothing is kept."""
    if seconds <= 0:
        return mark_safe(render()[0])  # noqa: S308 (rendered by a template, escaped there)
    name = "fragment:" + hashlib.sha256(repr(key).encode()).hexdigest()
    html = cache.get(name)
    if html is None:
        html, keep = render()
        if keep:
            cache.set(name, str(html), seconds)
    return mark_safe(html)  # noqa: S308 (rendered by a template, escaped there)
