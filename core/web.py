"""Helpers every app's HTML views share: pagination and a service's errors on forms and pages."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

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
