"""Request checks that hold for every page and API operation, and the answer to a busy
database."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views import defaults

from .errors import database_busy

NUL_MESSAGE = "Text may not contain NUL (0x00) characters."
#: Seconds a client is asked to wait before trying again when the database is busy.
BUSY_RETRY_AFTER = 5
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulMiddleware:
    """Refuse a request whose query string, form fields or JSON body hold a NUL character.

    PostgreSQL text cannot store NUL, so such a value would fail deep in a query (a 500);
    it is never meaningful in a search term, a filter or a draft's text. Django's form
    fields already refuse it; this also covers values views read directly (query
    parameters, htmx actions' fields) and the API's JSON bodies. Uploaded files are not
    looked at. Pages answer 400; the API answers 422 with its usual error body, as for any
    other invalid value.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            error = {
                "code": "validation_failed",
                "message": NUL_MESSAGE,
                "fields": {where: NUL_MESSAGE},
            }
            return JsonResponse({"error": error}, status=422)
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")


def _nul_in(request: HttpRequest) -> str | None:
    """Where a NUL is: "path", a field's name, or "request" (the JSON body)."""
    if "\x00" in request.path:
        return "path"
    fields = request.GET.lists()
    if request.path.startswith("/api/") and "HTTP_AUTHORIZATION" not in request.META:
        body = False  # every API write needs a token: the API answers 401 first
    else:
        body = request.method not in ("GET", "HEAD", "OPTIONS")
    if body and request.content_type in _FORMS:
        fields = [*fields, *request.POST.lists()]
    for key, values in fields:
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "") or "query"
    if body and request.content_type == "application/json":
        data = request.body  # JSON bodies are small; uploads are multipart
        if b"\x00" in data:
            return "request"
        if b"\\u0000" in data:  # maybe an escaped NUL, maybe an escaped backslash before "u0000"
            try:
                return "request" if _holds_nul(json.loads(data)) else None
            except ValueError:
                return None  # not JSON: the API's own parsing answers that
    return None


def _holds_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def busy_message() -> str:
    return gettext("The server is busy; try again in a few seconds.")


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: the API's error body, or a page that needs no database."""
    message = busy_message()
    response: HttpResponse
    if request.path.startswith("/api/"):
        error = {"code": "busy", "message": message, "fields": {}}
        response = JsonResponse({"error": error}, status=503)
    else:
        # Rendered without the request: context processors would read the session and the
        # user, from the database that is busy.
        html = render_to_string("common/busy.html")
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


class BusyDatabaseMiddleware:
    """A view that finds the database locked answers 503 and "try again", not 500.

    On SQLite a writer waits for the write lock up to its busy timeout and then fails with
    "database is locked"; on PostgreSQL a lock timeout, a serialization failure or a
    deadlock ends the transaction. Nothing was written (the transaction rolled back) and
    the same request succeeds later, so the client is told to retry (``Retry-After``).
    Placed innermost, it sees a view's exception first; other errors go on to Django's 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_busy(exception):
            return busy_response(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a lock that a middleware met after the view (the session being
    saved, say), where ``BusyDatabaseMiddleware`` cannot see it, is a 503 all the same."""
    error = sys.exc_info()[1]
    if error is not None and database_busy(error):
        return busy_response(request)
    return defaults.server_error(request)
