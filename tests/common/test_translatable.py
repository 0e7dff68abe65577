"""What users read is marked for translation: a template's text and its visible attributes, the
messages the services refuse with and the flash messages the views show. A test fails here
when a new template line or message is written in plain English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "accord"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))
# Words that are the same in every language: the product's name, a time standard, a hash.
SAME_IN_EVERY_LANGUAGE = {"accord", "UTC", "SHA"}

_DROPPED = [
    r"\{#.*?#\}",
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
    r"\{%\s*block\s+htmx_config\s*%\}.*?\{%\s*endblock\b.*?%\}",  # JSON for htmx
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}",
    r"<script\b.*?</script>",
    r"<style\b.*?</style>",
    r"\{%.*?%\}",
    r"\{\{.*?\}\}",
]
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')
# Names that no language translates: IANA time zones (placeholders such as Europe/Zurich), hashes.
LITERALS = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b|\bSHA-256\b")
TAG = re.compile(r"<[a-zA-Z/!][^>]*>", re.S)
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def unmarked_words(source: str) -> list[str]:
    """The words of a template that a reader sees and no translate tag covers."""
    text = source
    for pattern in _DROPPED:
        text = re.sub(pattern, " ", text, flags=re.S)
    text = LITERALS.sub(" ", text)
    found = []
    for value in VISIBLE_ATTRIBUTES.findall(text):
        found += WORD.findall(value)
    text = TAG.sub(" ", text)
    text = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    found += WORD.findall(text)
    return [w for w in found if w not in SAME_IN_EVERY_LANGUAGE]


def test_the_scanner_sees_plain_text_and_attributes_but_not_marked_text() -> None:
    assert unmarked_words("<p>Hello {{ name }}</p>") == ["Hello"]
    assert unmarked_words('<input placeholder="Your name">') == ["Your", "name"]
    assert unmarked_words('<p>{% translate "Hello" %} {{ name }}</p>') == []
    assert (
        unmarked_words(
            "{% blocktranslate trimmed with n=name %}\n Hello {{ n }}\n{% endblocktranslate %}"
        )
        == []
    )
    assert unmarked_words('<p title="{% translate "Open" %}">accord · UTC</p>') == []
    assert unmarked_words("<script>const answer = 42;</script>{# a note #}") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_template_text_is_marked_for_translation(template: Path) -> None:
    words = unmarked_words(template.read_text(encoding="utf-8"))
    assert words == [], f"{template.relative_to(SRC)}: unmarked text: {' '.join(words[:20])}"


# ---- Python: refusals and flash messages -----------------------------------------------------

ERRORS = {
    "ApplicationError",
    "ValidationFailed",
    "PermissionDenied",
    "NotFound",
    "Conflict",
    "Gone",
    "PayloadTooLarge",
    "RateLimited",
    "ServiceUnavailable",
    "BodyRefused",
    "Unavailable",
    "AmbiguousQuote",
}
FLASH = {"success", "error", "info", "warning", "debug"}
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext"}


def _is_plain_text(node: ast.expr) -> bool:
    """A literal (or f-string) the reader would see as it is: not passed through gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(re.search(r"[^\W\d_]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):  # "..." % args or "a" + "b": judge the text part
        return _is_plain_text(node.left)
    return False


def _sentence(node: ast.expr) -> bool:
    """A field's message ("Choose a constituency.") rather than a code ("invalid", "too long")."""
    if not isinstance(node, ast.Constant):
        return True
    text = str(node.value)
    return " " in text and (text[:1].isupper() or text.endswith("."))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def unmarked_messages(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (  # errors["field"] = "What to do about it." (a form's or service's field errors)
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Subscript)
            and isinstance(node.targets[0].value, ast.Name)
            and node.targets[0].value.id == "errors"
            and _is_plain_text(node.value)
            and _sentence(node.value)
        ):
            found.append((node.lineno, ast.unparse(node.value)[:80]))
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        texts: list[ast.expr] = []
        if name in ERRORS:
            texts = node.args[:1]
            for keyword in node.keywords:  # fields={"name": "What to do about it."}
                if keyword.arg == "fields" and isinstance(keyword.value, ast.Dict):
                    texts += [v for v in keyword.value.values if v is not None and _sentence(v)]
        elif name in FLASH and isinstance(owner, ast.Name) and owner.id == "messages":
            texts = node.args[1:2]
        texts += [k.value for k in node.keywords if k.arg == "message"]
        found += [(node.lineno, ast.unparse(t)[:80]) for t in texts if _is_plain_text(t)]
    return found


def test_the_message_scanner_sees_plain_messages_only() -> None:
    assert unmarked_messages('raise NotFound("No such draft.")') == [(1, "'No such draft.'")]
    assert unmarked_messages('messages.success(request, f"{n} saved.")') != []
    assert unmarked_messages('raise Conflict(_("Closed."))') == []
    assert unmarked_messages('raise Conflict(_("%(n)s closed.") % {"n": n})') == []
    assert unmarked_messages("raise ValidationFailed(message)") == []
    assert unmarked_messages('messages.error(request, _("No."))') == []
    assert unmarked_messages('raise Conflict(_("No."), fields={"a": "Say it plainly."})') != []
    assert unmarked_messages('rate_limit_hit("k", limit=1, message="Slow down.")') != []
    assert unmarked_messages('errors["name"] = "Enter your name."') != []
    assert unmarked_messages('errors["name"] = _("Enter your name.")') == []


APP_CODE = sorted(p for p in SRC.rglob("*.py") if "core" not in p.relative_to(SRC).parts[:1])


def test_refusals_and_flash_messages_are_marked_for_translation() -> None:
    """``accord.core`` has no Django (and so no gettext): the apps word what it reports."""
    found = {
        str(module.relative_to(SRC)): hits
        for module in APP_CODE
        if (hits := unmarked_messages(module.read_text(encoding="utf-8")))
    }
    assert found == {}
