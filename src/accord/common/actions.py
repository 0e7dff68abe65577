"""A service call behind a plain HTML form: post/redirect/get on success, the page again
with the message and the 4xx when the service refuses, a 404 when what it names is gone.
Screens call this instead of writing the same try/except around every write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from .errors import ApplicationError, NotFound


def perform(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    done: str,
    then: str,
    refused: Callable[[ApplicationError], HttpResponse],
) -> HttpResponse:
    """Run ``action``; on success flash ``done`` and redirect to ``then``; when the service
    refuses, answer ``refused(error)`` (the form again, input kept, status from the error)."""
    try:
        action()
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        return refused(exc)
    messages.success(request, done)
    return redirect(then)
