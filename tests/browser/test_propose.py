"""Proposing without offsets in a real browser: a delegate selects words with the mouse and
proposes a replacement; edits a paragraph's text, sees the amendment accord computed (the
redline and its parts) before submitting, submits, and it is recorded with those parts;
selects words in the paragraph's editor and brackets them."""

from __future__ import annotations

import urllib.request

import pytest

from accord.drafts.models import Amendment, Bracket

from ..drafts.conftest_amend import *  # noqa: F403 (fixtures)
from ..drafts.conftest_amend import TEXTS
from .conftest import log_in

pytestmark = pytest.mark.browser

OP1 = TEXTS[
    "OP1"
]  # "Decides that the Commission should review the implementation every five years;"

# The screen rectangle of the n-th occurrence (0-based) of some words in an element's text.
RECT_OF_WORDS = """([selector, words, n]) => {
  const el = document.querySelector(selector);
  const text = el.textContent;
  let at = -1;
  for (let i = 0; i <= n; i += 1) at = text.indexOf(words, at + 1);
  const node = el.firstChild;
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + words.length);
  const r = range.getBoundingClientRect();
  return {left: r.left, right: r.right, y: r.top + r.height / 2};
}"""


def _amend_url(live_server, tail: str) -> str:
    return f"{live_server.url}/g/wgec/drafts/report/v/1/p/OP1/{tail}"


@pytest.fixture(autouse=True)
def _warm_server(live_server) -> None:
    """The live server's first request loads every URL and the API (seconds on a busy
    machine, beyond the browser's wait): load them before the browser asks."""
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120).close()


def test_delegate_selects_words_and_proposes_a_replacement(
    purgeable_db, live_server, page, world, draft
):
    log_in(page, live_server, "delegate")
    page.goto(_amend_url(live_server, "amend/"))
    # "the" occurs twice in OP1: the mouse says which one, no question asked. The drag
    # stops inside "implementation": the selection is widened to the whole word.
    rect = page.evaluate(RECT_OF_WORDS, [".select-source", "the implementation", 0])
    page.mouse.move(rect["left"] + 1, rect["y"])
    page.mouse.down()
    page.mouse.move(rect["right"] - 20, rect["y"], steps=5)
    page.mouse.up()
    form = page.locator("#words-form-OP1")
    assert form.get_by_label("The words").input_value() == "the implementation"
    start = OP1.index("the implementation")
    assert form.locator("input[name=start]").input_value() == str(start)
    assert form.locator("input[name=end]").input_value() == str(start + len("the implementation"))
    form.get_by_label("Replace them with").check()
    form.get_by_role("textbox", name="Replacement").fill("its implementation")
    form.get_by_role("button", name="Propose").click()
    page.get_by_text("proposed.").first.wait_for()
    amendment = Amendment.objects.get()
    assert (amendment.kind, amendment.old_text, amendment.new_text) == (
        "replace_text",
        "the implementation",
        "its implementation",
    )
    assert (amendment.start, amendment.end) == (start, start + len("the implementation"))
    # The paragraph's page shows it compactly, as a redline in context.
    change = page.locator(f"#amendment-{amendment.pk} .amendment-change")
    assert change.locator("del").inner_text() == "the"
    assert change.locator("ins").inner_text() == "its"


def test_delegate_edits_the_text_sees_the_amendment_and_submits_it(
    purgeable_db, live_server, page, world, draft
):
    log_in(page, live_server, "delegate")
    page.goto(_amend_url(live_server, "amendments/"))
    editor = page.get_by_role("textbox", name="Edit paragraph 2 as you want it to read")
    editor.fill(
        "Decides that the Commission shall review the implementation regularly every four years;"
    )
    page.get_by_role("button", name="Preview the amendment").click()
    preview = page.get_by_role("region", name="Your amendment, as accord computed it")
    preview.wait_for()
    assert Amendment.objects.count() == 0  # nothing recorded by a preview
    redline = preview.locator(".amendment-preview")
    assert redline.locator("del").all_inner_texts() == ["should", "five"]
    assert redline.locator("ins").all_inner_texts() == ["shall", " regularly", "four"]
    assert preview.locator("ol.parts li").all_inner_texts() == [
        "Replace should with shall",
        "Insert regularly after “implementation”",
        "Replace five with four",
    ]
    page.get_by_label("Rationale (optional)").fill("Firmer and more frequent.")
    page.get_by_role("button", name="Submit the amendment").click()
    page.get_by_text("3 changes to OP1").wait_for()
    amendment = Amendment.objects.get()
    assert amendment.rationale == "Firmer and more frequent."
    assert list(amendment.parts.order_by("position").values_list("old_text", "new_text")) == [
        ("should", "shall"),
        ("", " regularly"),
        ("five", "four"),
    ]
    # Back on the paragraph: one amendment, its three changes in place.
    item = page.locator(f"#amendment-{amendment.pk}")
    assert "Changes in 3 places" in item.inner_text()
    assert item.locator(".amendment-change ins").all_inner_texts() == [
        "shall",
        " regularly",
        "four",
    ]


def test_delegate_selects_words_in_the_editor_and_brackets_them(
    purgeable_db, live_server, page, world, draft
):
    log_in(page, live_server, "delegate")
    page.goto(_amend_url(live_server, "amendments/"))
    editor = page.get_by_role("textbox", name="Edit paragraph 2 as you want it to read")
    start = OP1.index("every five years")
    editor.evaluate(
        "(el, [s, e]) => { el.focus(); el.setSelectionRange(s, e); }",
        [start, start + len("every five years")],
    )
    editor.press("Shift+ArrowRight")  # a keyboard selection, widened by one character
    editor.press("Shift+ArrowLeft")
    field = page.get_by_role("textbox", name="Words to bracket")
    assert field.input_value() == "every five years"
    page.get_by_role("button", name="Bracket", exact=True).click()
    page.get_by_text("is bracketed").wait_for()
    bracket = Bracket.objects.get()
    assert (bracket.start, bracket.end, bracket.text) == (
        start,
        start + len("every five years"),
        "every five years",
    )
