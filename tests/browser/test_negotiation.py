"""The negotiation screen in a real browser: an objection needs a reason, and recording a
position re-renders only that paragraph (htmx), with the constituency tally updated; the chair
filters the text to its contested paragraphs; a position recorded in a second browser appears
on the chair's screen within seconds without a reload, and without disturbing the form the
chair is filling in; at 390 px the page never scrolls sideways."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Report
from accord.positions.models import PositionEvent
from accord.positions.state import state_of_play, version_state

from .conftest import log_in

pytestmark = pytest.mark.browser


def _url(live_server, demo, report, version) -> str:
    return f"{live_server.url}/g/{demo.group.slug}/positions/{report.slug}/v/{version.number}/"


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_delegate_objects_on_the_negotiation_screen(live_server, browser, page, purgeable_db):
    demo = build_demo()
    report = Report.objects.get(group=demo.group)
    rev2 = report.versions.get(label="Rev.2")
    log_in(page, live_server, "delegate-bra", PASSWORD)
    page.goto(_url(live_server, demo, report, rev2))
    section = page.locator("#p-OP9")
    section.locator("#pp-OP9 > summary").click()  # the position form opens on demand
    section.get_by_role("radio", name="Object", exact=True).check()
    section.get_by_role("button", name="Record the position").click()
    # Without a reason the objection is refused in place, with the reason field's message.
    page.locator("#p-OP9").get_by_text("A reason is required to object.").wait_for()
    assert (
        PositionEvent.objects.filter(
            version=rev2, member__iso3="BRA", paragraph__key="OP9", kind="object"
        ).count()
        == 0
    )

    section = page.locator("#p-OP9")
    section.get_by_role("radio", name="Object", exact=True).check()
    section.get_by_role("textbox", name="Reason (required to object)").fill(
        "Multilingual content needs funding."
    )
    before_url = page.url
    section.get_by_role("button", name="Record the position").click()
    page.locator("#p-OP9 .pos-notice").wait_for()
    assert page.url == before_url  # htmx swapped the paragraph; no full page load
    page.locator("#pd-OP9 > summary").click()
    page.locator("#p-OP9").get_by_text("Multilingual content needs funding.").wait_for()
    row = page.locator("#p-OP9 table.pos-tally tr", has_text="Member States")
    assert row.locator("td").nth(2).inner_text().startswith("4")  # the holdouts' 3, and Brazil
    assert "4 object (Brazil, Cuba" in page.locator("#pv-OP9 .pos-summary").inner_text()
    assert (
        PositionEvent.objects.filter(
            version=rev2, member__iso3="BRA", paragraph__key="OP9", kind="object"
        ).count()
        == 1
    )
    # On a phone: the paragraph with its tables and forms open never scrolls sideways.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    small = phone.new_page()
    log_in(small, live_server, "delegate-bra", PASSWORD)
    small.goto(_url(live_server, demo, report, rev2))
    for part in ("pd", "pp"):
        small.locator(f"#{part}-OP9 > summary").click()
    _no_sideways_scroll(small)
    phone.close()


def test_chair_filters_and_sees_others_positions_live(
    live_server, browser, page, purgeable_db, settings
):
    # As in production, pages come from the page cache between writes (the test settings
    # turn it off): the live update must still bring others' positions.
    settings.ACCORD_PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    demo = build_demo()
    report = Report.objects.get(group=demo.group)
    rev2 = report.versions.get(label="Rev.2")
    url = _url(live_server, demo, report, rev2)
    contested = [r.key for r in state_of_play(version_state(rev2, with_positions=True)).contested]
    assert contested  # the demo's Rev.2 has objections and brackets

    log_in(page, live_server, "chair", PASSWORD)
    page.goto(url)
    page.evaluate("window.__sameDocument = true")  # gone if the page were loaded again
    everything = page.locator("section.pos-para").count()
    # The chair filters to the contested paragraphs (htmx enhances the plain GET form).
    page.get_by_label("contested paragraphs").check()
    page.wait_for_url(re.compile(r"\?contested=1"))
    page.locator(".pos-shown").wait_for()
    keys = page.eval_on_selector_all("section.pos-para", "els => els.map(e => e.id.slice(2))")
    assert keys == contested and len(keys) < everything
    assert page.evaluate("window.__sameDocument") is True

    # The chair starts writing a note on OP9's status; meanwhile Brazil objects elsewhere.
    page.locator("#ps-OP9 > summary").click()
    note = page.locator("#s-OP9-note")
    note.fill("Consult the holdouts first")
    before = page.locator("#pv-OP9 .pos-summary").inner_text()

    other = browser.new_context()
    delegate = other.new_page()
    log_in(delegate, live_server, "delegate-bra", PASSWORD)
    delegate.goto(url)
    delegate.locator("#pp-OP9 > summary").click()
    delegate.locator("#p-OP9").get_by_role("radio", name="Object", exact=True).check()
    delegate.locator("#p-OP9").get_by_role("textbox", name="Reason (required to object)").fill(
        "Multilingual content needs funding."
    )
    delegate.locator("#p-OP9").get_by_role("button", name="Record the position").click()
    delegate.locator("#p-OP9 .pos-notice").wait_for()
    other.close()

    # Within a few seconds the chair's screen shows it, with no reload.
    page.wait_for_function(
        "before => document.querySelector('#pv-OP9 .pos-summary').innerText !== before",
        arg=before,
        timeout=15000,
    )
    assert "Brazil" in page.locator("#pv-OP9 .pos-summary").inner_text()
    assert page.evaluate("window.__sameDocument") is True
    # The form being filled in was left alone.
    assert note.input_value() == "Consult the holdouts first"
    assert page.locator("#ps-OP9").get_attribute("open") is not None

    # The chair's and an observer's screens fit a phone.
    for who in ("chair", "delegate-nor"):
        phone = browser.new_context(viewport={"width": 390, "height": 844})
        small = phone.new_page()
        log_in(small, live_server, who, PASSWORD)
        small.goto(url)
        _no_sideways_scroll(small)
        small.locator("#pd-OP9 > summary").click()
        _no_sideways_scroll(small)
        phone.close()
