"""Comparing pages: two responses that must look the same (a hidden and a missing page, say)
differ only by their per-response CSRF tokens, which these helpers blank out."""

from __future__ import annotations

import re

_TOKENS = (
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'"X-CSRFToken": "[^"]+"'),
)


def without_csrf(html: str) -> str:
    for pattern in _TOKENS:
        html = pattern.sub("", html)
    return html
