"""Errors outside the API's views (no route, a crash) answered as the API answers: JSON.

Django's own handlers render HTML pages; a client of /api/ gets `{"detail": ...}` instead, with
DRF's messages (translated like every other API error). Pages keep Django's handlers.
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions

API_PREFIX = "/api/"


def _json(exception_class: type[exceptions.APIException], status: int) -> JsonResponse:
    return JsonResponse({"detail": str(exception_class.default_detail)}, status=status)


def bad_request(request, exception):
    if request.path.startswith(API_PREFIX):
        return _json(exceptions.ParseError, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if request.path.startswith(API_PREFIX):
        return _json(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return _json(exceptions.NotFound, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _json(exceptions.APIException, 500)
    return defaults.server_error(request)
