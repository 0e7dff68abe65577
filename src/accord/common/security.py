"""The Content-Security-Policy every response carries (issue 10).

Django 5.2 has no CSP of its own, so this middleware, outermost, puts one header on every
response: pages, htmx fragments, the API (JSON answers, the Swagger UI under /api/v1/docs),
static files served by WhiteNoise and the error pages (404, 403, 400, 500), whichever layer made
them. The policy allows no inline script, no ``eval`` and no inline style:

- ``script-src 'self'``: only our own files (htmx, ``static/accord/js/*.js``, Swagger UI's bundle
  and its init file, which django-ninja ships so that the docs page needs no inline script).
  htmx therefore runs with ``allowEval: false`` (``base.html``): a ``[...]`` trigger filter,
  ``hx-on`` or ``js:`` values would need ``eval``. Playwright's init scripts are injected by the
  browser's debugging protocol and are not subject to the page's policy.
- ``style-src 'self'``: our stylesheets only. ``style="..."`` attributes and ``<style>``
  elements are refused (htmx is told not to insert its indicator ``<style>``: its CSS is in
  ``accord.css``); setting properties through the CSSOM (``el.style.x = ...``) stays allowed.
  A bar whose width is data uses the ``width`` presentation attribute of an ``<svg>``.
- ``img-src 'self' data:``: Swagger UI draws its icons from ``data:`` SVG images.
- ``object-src 'none'``, ``base-uri 'none'``, ``frame-ancestors 'none'`` (as X-Frame-Options:
  DENY), ``form-action 'self'``: no plugins, no rebased links, no framing, no form posting
  elsewhere.

The setting ``ACCORD_CONTENT_SECURITY_POLICY`` replaces the policy for the whole site (an empty
value sends none). A view that needs a policy of its own sets the header on its response; this
middleware then leaves that header alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def content_security_policy() -> str:
    """The policy in force: the setting when there is one, else :data:`DEFAULT_POLICY`."""
    policy = getattr(settings, "ACCORD_CONTENT_SECURITY_POLICY", None)
    return DEFAULT_POLICY if policy is None else str(policy)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = content_security_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
