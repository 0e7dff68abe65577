"""Which language a reader gets: their own choice (remembered), else the one their browser asks
for among the group's working languages.

Django's ``LocaleMiddleware`` already honours the choice cookie and ``Accept-Language`` among
all six interface languages; on a group's pages this middleware (just after it) narrows a
browser's wish to the group's working languages, since a group that works in English and
French publishes its pages for those readers in those. The switcher is a plain link per
language (``GET /language/?language=fr``, back to the page it came from): it works without
JavaScript and, unlike Django's ``set_language`` (a POST with a CSRF token), leaves visitors'
pages free of a per-browser token, so they stay cacheable for everyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from .models import WorkingGroup

_GROUP_PATH = re.compile(r"^/g/(?P<slug>[-a-zA-Z0-9_]+)/")
COOKIE_MAX_AGE = 365 * 24 * 3600  # a year: the choice outlives the session


def interface_language(code: str) -> str | None:
    """``code`` as one of the six interface languages (``zh-Hans`` → ``zh-hans``), or None."""
    try:
        return get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


def working_interface_languages(codes: list[str]) -> list[str]:
    """The group's working languages that the interface speaks, in the group's order."""
    out: list[str] = []
    for code in codes:
        found = interface_language(str(code))
        if found and found not in out:
            out.append(found)
    return out


def choose_language(accept: str, working: list[str]) -> str | None:
    """The first language of ``Accept-Language`` (by preference) that the group works in,
    else the group's first working language; None when the group names none we speak."""
    for code, _q in parse_accept_lang_header(accept or ""):
        if code == "*":
            break
        found = interface_language(code)
        if found in working:
            return found
    return working[0] if working else None


class GroupLanguageMiddleware:
    """On ``/g/<slug>/…`` without a remembered choice: the browser's language among the
    group's working languages (one indexed query)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            match = _GROUP_PATH.match(request.path_info)
            if match:
                codes = (
                    WorkingGroup.objects.filter(slug=match["slug"])
                    .values_list("working_languages", flat=True)
                    .first()
                )
                working = working_interface_languages(list(codes or []))
                language = choose_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""), working)
                if language and language != translation.get_language():
                    translation.activate(language)
                    request.LANGUAGE_CODE = language
        return self.get_response(request)


def language_choose(request: HttpRequest) -> HttpResponse:
    """Remember the reader's language and go back where they were: ``next``, else the page
    the link was on (Referer; the site's referrer policy sends it within the site), if local."""
    target = request.GET.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = interface_language(request.GET.get("language", ""))
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
