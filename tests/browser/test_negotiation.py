"""The negotiation screen in a real browser: an objection needs a reason, and recording a
position re-renders only that paragraph (htmx), with the constituency tally updated."""

from __future__ import annotations

import pytest

from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Report
from accord.positions.models import PositionEvent

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_delegate_objects_on_the_negotiation_screen(live_server, page, purgeable_db):
    demo = build_demo()
    report = Report.objects.get(group=demo.group)
    rev2 = report.versions.get(label="Rev.2")
    log_in(page, live_server, "delegate-bra", PASSWORD)
    page.goto(f"{live_server.url}/g/{demo.group.slug}/positions/{report.slug}/v/{rev2.number}/")
    section = page.locator("#p-OP9")
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
    page.locator("#p-OP9").get_by_text("Multilingual content needs funding.").wait_for()
    assert page.url == before_url  # htmx swapped the paragraph; no full page load
    row = page.locator("#p-OP9 table.pos-tally tr", has_text="Member States")
    assert row.locator("td").nth(2).inner_text().startswith("4")  # the holdouts' 3, and Brazil
    assert (
        PositionEvent.objects.filter(
            version=rev2, member__iso3="BRA", paragraph__key="OP9", kind="object"
        ).count()
        == 1
    )
