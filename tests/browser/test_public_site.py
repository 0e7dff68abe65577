"""Real-browser walks through the public site (Chromium via Playwright)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document

from accord.contributions.services import call_create
from accord.meetings.services import meeting_create, meeting_day_add, transcript_upload

from .conftest import log_in

pytestmark = pytest.mark.browser

CAPTIONS = """>>CHAIR: Good morning, distinguished delegates. We resume our work on the draft.
>>BRAZIL: Thank you, Chair. We support a lighthouse clause on community networks in rural areas.
>>SWEDEN: Thank you. We can live with the text as it stands.
>>CHAIR: Thank you. The meeting is adjourned.
"""


def _meeting_with_transcript(world, *, closed: bool, publish: bool = False):
    actor = world.users["secretariat"]
    meeting = meeting_create(
        actor=actor,
        group=world.group,
        title="Second meeting",
        number=2,
        start_date=date(2025, 1, 20),
        is_closed=closed,
    )
    day = meeting_day_add(actor=actor, meeting=meeting, date=date(2025, 1, 20))
    transcript = transcript_upload(
        actor=actor, day=day, data=CAPTIONS.encode(), filename="day1.txt"
    )
    if publish:
        from accord.meetings.services import transcript_publish

        transcript_publish(actor=actor, transcript=transcript)
    return meeting, day


def test_visitor_searches_a_phrase_and_lands_on_the_transcript_turn(live_server, page, world):
    _meeting_with_transcript(world, closed=False)
    page.goto(f"{live_server.url}/g/wgec/search/")
    page.locator("#main input[name=q]").fill('"lighthouse clause"')
    page.locator("#main").get_by_role("button", name="Search").click()
    result = page.locator("#results .search-hit a").first
    result.wait_for()
    assert page.locator("#results .search-hit").count() == 1
    assert page.locator("#results mark").first.inner_text().lower() in {
        "lighthouse",
        "lighthouse clause",
    }
    result.click()
    page.wait_for_url("**/meetings/2/days/2025-01-20/#turn-*")
    anchor = page.url.rsplit("#", 1)[1]
    turn = page.locator(f"#{anchor}")
    assert "lighthouse clause on community networks" in turn.inner_text()
    assert "Brazil" in turn.inner_text()
    assert turn.evaluate("el => el.matches(':target')") is True


def test_visitor_gets_404_for_a_closed_meetings_transcript(live_server, page, world):
    _meeting_with_transcript(world, closed=True)
    url = f"{live_server.url}/g/wgec/meetings/2/days/2025-01-20/"
    hidden = page.goto(url)
    assert hidden.status == 404
    missing = page.goto(f"{live_server.url}/g/wgec/meetings/2/days/2025-01-21/")
    assert missing.status == 404
    assert "lighthouse" not in page.content()
    log_in(page, live_server, "delegate")
    shown = page.goto(url)
    assert shown.status == 200
    assert "lighthouse clause" in page.content()


def _docx_bytes(text: str) -> bytes:
    document = Document()
    document.add_heading("Contribution of Brazil", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_delegate_submits_a_contribution_with_docx_and_sees_it_after_moderation(
    live_server, page, world, tmp_path
):
    now = timezone.now()
    call = call_create(
        actor=world.users["chair"],
        group=world.group,
        title="Call for contributions",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        questions=["What characteristics?", "What recommendations?"],
    )
    docx_path = tmp_path / "brazil-input.docx"
    docx_path.write_bytes(_docx_bytes("Annex: a registry of interoperable capacity programmes."))

    log_in(page, live_server, "delegate")
    page.goto(f"{live_server.url}/g/wgec/contributions/calls/{call.pk}/")
    page.get_by_label("Question 1: What characteristics?").fill("Openness and inclusion.")
    page.get_by_label("Question 2: What recommendations?").fill("Fund remote participation.")
    page.get_by_label("Attachments").set_input_files(str(docx_path))
    page.get_by_role("button", name="Submit contribution").click()
    page.wait_for_load_state()
    assert "Brazil" in page.content()
    detail_url = page.url

    # Before moderation the public gets the same 404 as for a page that does not exist.
    visitor = page.context.browser.new_context().new_page()
    assert visitor.goto(detail_url).status == 404

    log_in(page, live_server, "secretariat")
    page.goto(f"{live_server.url}/g/wgec/contributions/moderation/")
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Now published").wait_for()

    log_in(page, live_server, "delegate")
    page.goto(f"{live_server.url}/g/wgec/contributions/")
    page.get_by_role("link", name="Brazil").first.click()
    page.wait_for_load_state()
    assert "Fund remote participation." in page.content()
    assert "brazil-input.docx" in page.content()
    assert visitor.goto(detail_url).status == 200
    # The attachment's text is searchable once published.
    visitor.goto(f"{live_server.url}/g/wgec/search/?q=interoperable+capacity+programmes")
    assert visitor.locator("#results .search-hit").count() == 1
