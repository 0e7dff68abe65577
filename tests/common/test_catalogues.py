"""The six interface catalogues are complete: every string the code and templates mark is in
each, translated (no empty or fuzzy entry), with the same placeholders as the English, and the
compiled ``.mo`` the server reads says what the ``.po`` says.

A string added to the code without its translations fails here (the extraction is rerun on a
copy of the source); ``docs/translating.md`` says how to update the catalogues.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"
LOCALE = SRC / "locale"
LANGUAGES = ["ar", "zh_Hans", "en", "fr", "ru", "es"]
# %(name)s / %(count)d / %s, and {name} in format strings: what a translation must keep.
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[-+ #0-9.]*[sdfir]|%[sdfir]|\{[a-z_0-9]*\}")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_six_interface_languages_each_have_a_catalogue():
    codes = {code for code, _name in settings.LANGUAGES}
    assert codes == {"ar", "zh-hans", "en", "fr", "ru", "es"}
    for language in LANGUAGES:
        assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file(), language
        assert (LOCALE / language / "LC_MESSAGES" / "django.mo").is_file(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_with_its_placeholders(language):
    po = _catalogue(language)
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 1500
    untranslated = [e.msgid for e in entries if not e.translated()]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated"
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy"
    wrong = []
    for e in entries:
        if e.msgid_plural:
            # A form for one may say "one" instead of the number (Arabic, Russian do).
            wanted = _placeholders(e.msgid_plural)
            # (Chinese has one form, for every number: it must hold the number too.)
            single = len(e.msgstr_plural) == 1
            forms = [f for i, f in sorted(e.msgstr_plural.items()) if i > 0 or single]
            wrong += [e.msgid for f in forms if _placeholders(f) != wanted and "count" not in f]
        elif _placeholders(e.msgstr) != _placeholders(e.msgid):
            wrong.append(e.msgid)
    assert wrong == [], f"{language}: placeholders differ in {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    po = _catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo}
    for e in po.translated_entries():
        got = compiled.get((e.msgctxt, e.msgid))
        assert got is not None, f"{language}: {e.msgid!r} not compiled (run compilemessages)"
        assert got == (e.msgstr, dict(e.msgstr_plural)), f"{language}: {e.msgid!r} stale"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_the_catalogues_hold_every_string_the_source_marks(tmp_path):
    """Extract afresh from a copy of the source and compare the message ids."""
    from django.core.management import call_command
    from django.test import override_settings

    copy = tmp_path / "accord"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.so"))
    (copy / "locale").mkdir()
    here = os.getcwd()
    try:
        os.chdir(copy)
        # Only the copy's folder: the extraction must never touch the real catalogues.
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    wanted = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
    for language in LANGUAGES:
        have = {(e.msgctxt, e.msgid) for e in _catalogue(language) if not e.obsolete}
        missing = sorted(m for _c, m in wanted - have)
        assert missing == [], f"{language} lacks {len(missing)}: {missing[:5]}"
