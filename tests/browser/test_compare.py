"""The redline in a real browser: a changed paragraph shows its inserted and deleted words, the
counts are right, unchanged paragraphs open on demand (no JavaScript needed), the text lays out
as text (no blank blocks), and side by side fits a phone."""

from __future__ import annotations

import pytest

from accord.drafts.services import versions as services

from .conftest import log_in

pytestmark = pytest.mark.browser


def _versions(world):
    chair = world.users["chair"]
    report = services.report_create(actor=chair, group=world.group, title="Draft report")
    zero = services.version_create(
        actor=chair, report=report, kind="zero_draft", label="Zero draft"
    )
    for kind, text in [
        ("heading", "Recommendations"),
        ("pp", "Recalling its earlier work,"),
        ("op", "Decides to establish a forum;"),
        ("op", "Requests the secretariat to report."),
        ("op", "Invites all stakeholders to contribute."),
    ]:
        services.version_paragraph_add(actor=chair, version=zero, kind=kind, text=text)
    services.version_issue(actor=chair, version=zero)
    rev = services.version_create(
        actor=chair, report=report, kind="revision", label="Rev.1", based_on=zero
    )
    op2 = report.paragraphs.get(key="OP2")
    services.version_paragraph_update(
        actor=chair, version=rev, paragraph=op2, text="Requests the Commission to report annually."
    )
    services.version_issue(actor=chair, version=rev)
    return report


def test_the_redline_shows_a_changed_paragraph(live_server, page, world, purgeable_db):
    report = _versions(world)
    log_in(page, live_server, "delegate")
    page.goto(f"{live_server.url}/g/{world.group.slug}/drafts/{report.slug}/compare/?a=1&b=2")
    op2 = page.locator("#p-OP2")
    assert op2.locator("ins").all_inner_texts() == ["Commission", "annually"]
    assert op2.locator("del").all_inner_texts() == ["secretariat"]
    assert op2.locator(".rl-text").inner_text() == (
        "2. Requests the secretariat Commission to report annually."
    )
    # Underlined and struck through, not told by colour alone.
    assert "underline" in op2.locator("ins").first.evaluate(
        "e => getComputedStyle(e).textDecoration"
    )
    assert "line-through" in op2.locator("del").evaluate("e => getComputedStyle(e).textDecoration")
    counts = {
        el.get_attribute("data-count"): int(el.inner_text())
        for el in page.locator(".redline-summary [data-count]").all()
    }
    assert counts == {
        "changed": 1,
        "inserted": 0,
        "deleted": 0,
        "moved": 0,
        "unchanged": 4,
        "words_inserted": 2,
        "words_deleted": 1,
    }
    # One line of text, not a paragraph in a block of blank space.
    line = float(
        op2.locator(".rl-text").evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    )
    box = op2.bounding_box()
    assert box is not None and box["height"] < 2.5 * line
    # Unchanged paragraphs are folded; they open with a click on the summary (a <details>).
    first_run = page.locator("details.rl-unchanged").first
    assert first_run.locator("summary").inner_text() == "… 3 unchanged paragraphs (PP1 to 1.) …"
    assert not page.locator("#p-PP1").is_visible()
    first_run.locator("summary").click()
    assert page.locator("#p-PP1").is_visible()


def test_side_by_side_stacks_on_a_phone(live_server, browser, world, purgeable_db):
    report = _versions(world)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server, "delegate")
        page.goto(f"{live_server.url}/g/{world.group.slug}/drafts/{report.slug}/compare/?a=1&b=2")
        page.get_by_role("link", name="Side by side").click()
        page.wait_for_url("**view=side**")
        op2 = page.locator("#p-OP2")
        old, new = op2.locator(".rl-old"), op2.locator(".rl-new")
        assert old.locator("del").all_inner_texts() == ["secretariat"]
        assert new.locator("ins").all_inner_texts() == ["Commission", "annually"]
        old_box, new_box = old.bounding_box(), new.bounding_box()
        assert old_box is not None and new_box is not None
        assert new_box["y"] >= old_box["y"] + old_box["height"]  # stacked, the new text below
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()
