"""One view serves the page and its htmx fragment (django-htmx's partial pattern)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def render_page_or_partial(
    request: HttpRequest, template: str, context: dict[str, Any], partial: str, *, status: int = 200
) -> HttpResponse:
    """Render ``template``, or only its ``{% partialdef partial %}`` for an htmx request."""
    htmx = getattr(request, "htmx", None)
    name = f"{template}#{partial}" if htmx else template
    return render(request, name, context, status=status)
