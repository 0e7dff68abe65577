"""Whole-page cache for a working group's pages, keyed by the group's state stamp.

Every write to a group's record appends an audit event carrying the group's id, inside the
service's own transaction (``accord.common.audit.audit_record``). The id of the group's newest
audit event therefore names the state a page was drawn from: a page stored under that stamp is
right until the next write to the group, for the same viewer, path, language and time zone. So
a read costs one indexed query and a cache lookup until something changes, and no write can be
missed, whichever process made it (each process only ever serves pages of the stamp it has just
read).

Time alone can change a page too (a deadline passes, "2 minutes ago" ages), so an entry lives
at most ``ACCORD_PAGE_CACHE_SECONDS`` (0 turns the cache off, as the test settings do: tests
that write rows without services would otherwise read pages of a state they changed).

Only what is the same for every request with the same key is stored: 200 answers to GET and
HEAD that set no cookie, changed no session, queued no message and used no CSRF secret they
created themselves. A request with messages waiting is never served from the cache (they
would stay unread), and a form's CSRF token is served only to the browser whose secret made it
(the secret is part of the key).
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Max
from django.http import HttpRequest, HttpResponse

from accord.common.models import AuditEvent

from .models import WorkingGroup

CACHE_ALIAS = "pages"
HIT_HEADER = "X-Accord-Page-Cache"
# Headers a stored page is sent again with; cookies never are.
_SKIPPED_HEADERS = {"set-cookie", "content-length"}
# Bounded memory whatever visitors ask for (any new query string is a new entry): pages are
# stored compressed (HTML shrinks about tenfold, in a few milliseconds for the largest), and a
# page larger than this is not stored at all. With the cache's MAX_ENTRIES this bounds it.
MAX_STORED_BYTES = 4 * 1024 * 1024

View = Callable[..., HttpResponse]


def lifetime() -> int:
    return int(getattr(settings, "ACCORD_PAGE_CACHE_SECONDS", 0))


def group_stamp(slug: str) -> int:
    """The id of the newest audit event of the group called ``slug`` (0 before any, or when
    there is no such group: its pages are 404s, which are never stored)."""
    group_id = WorkingGroup.objects.filter(slug=slug).values("id")[:1]
    latest = AuditEvent.objects.filter(group_id=group_id).aggregate(m=Max("id"))["m"]
    return int(latest or 0)


def _messages_waiting(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return True
    if "messages" in request.COOKIES:  # the cookie storage's (and the fallback's) cookie
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get("_messages"))


def _key(request: HttpRequest, slug: str, stamp: int) -> str:
    user = request.user
    viewer = (
        f"{user.pk}:{int(user.is_staff)}{int(user.is_superuser)}:{getattr(user, 'time_zone', '')}"
        if user.is_authenticated
        else "-"
    )
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    htmx = sorted((k, v) for k, v in request.META.items() if k.startswith("HTTP_HX_"))
    parts = [
        slug,
        str(stamp),
        request.method or "",
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        viewer,
        csrf,
        repr(htmx),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{slug}:{stamp}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse, had_csrf_cookie: bool) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_STORED_BYTES:
        return False
    if "no-store" in response.get("Cache-Control", "") or response.has_header("Expires"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if not had_csrf_cookie and "CSRF_COOKIE" in request.META:
        return False  # a new secret was made for this page: its token fits only this browser
    return not _messages_waiting(request)


def cached_by_group_state(view: View) -> View:
    """Serve ``view``'s page from the cache while its group's state stamp is unchanged."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = lifetime()
        slug = kwargs.get("group_slug") or kwargs.get("slug")
        if seconds <= 0 or not slug or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if _messages_waiting(request):
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _key(request, str(slug), group_stamp(str(slug)))
        stored = cache.get(key)
        if stored is not None:
            headers, packed = stored
            response = HttpResponse(zlib.decompress(packed), headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        had_csrf_cookie = settings.CSRF_COOKIE_NAME in request.COOKIES
        response = view(request, *args, **kwargs)
        if _storable(request, response, had_csrf_cookie):
            headers = {k: v for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS}
            cache.set(key, (headers, zlib.compress(response.content, 1)), seconds)
            response[HIT_HEADER] = "miss"
        return response

    return wrapper
