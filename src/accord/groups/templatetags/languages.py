"""Languages by name, and the switcher every page carries.

``{{ code|language_name }}``: a working language as readers say it ("French (Français)" in an
English page), the code itself where Django knows no such language (the field is free text).
``{% language_links as links %}``: the six interface languages, each with the link that
remembers it (``accord.groups.language.language_choose``, which comes back to the page by its
Referer). The links name no page, so every page carries the same ones: a "not found" page
says nothing of what was asked for, and cached pages stay one per path.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.filter
def language_name(code: Any) -> str:
    try:
        info = get_language_info(str(code))
    except KeyError:
        return str(code)
    translated, local = str(info["name_translated"]), str(info["name_local"])
    return translated if translated == local else f"{translated} ({local})"


@register.simple_tag
def language_links() -> list[dict[str, Any]]:
    current = get_language()
    base = reverse("language")
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": f"{base}?{urlencode({'language': code})}",
        }
        for code, name in settings.LANGUAGES
    ]
