"""Pages follow the reader's language: Arabic lays out right to left."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("language", "lang", "direction"),
    [("ar", "ar", "rtl"), ("fr", "fr", "ltr"), ("zh-hans", "zh-hans", "ltr"), ("en", "en", "ltr")],
)
def test_html_lang_and_direction(client, world, language, lang, direction):
    html = client.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
