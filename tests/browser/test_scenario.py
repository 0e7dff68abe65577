"""The acceptance scenario in a real browser, from the zero draft to the public Chair's summary.

The demo's group is built up to its issued zero draft (people, meetings, the call for
contributions, the draft: ``build_demo(through="zero-draft")``). From there everything that
makes the text happens in the browser: a delegation proposes by editing a paragraph, the
Chair issues Rev.1 with it; another proposes on Rev.1 and the Chair issues Rev.2; then the
consensus call on Rev.2 fails, the package view names the blockers, silence is broken and the
Chair's summary is drafted, edited, annexed and issued for the public (``conclude``, shared
with the decision test that starts from the demo's own Rev.2).
"""

from __future__ import annotations

import re
import urllib.request

import pytest

from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Amendment, Report, Version

from .conftest import log_in
from .test_decision import _shot, conclude

pytestmark = pytest.mark.browser


def _text(version: Version, key: str) -> str:
    return version.items.get(paragraph__key=key).text


def _propose_by_editing(page, url: str, old: str, new: str) -> Amendment:
    """Open the paragraph, rewrite it as the delegation wants it, preview, submit."""
    page.goto(url)
    editor = page.get_by_role("textbox", name=re.compile("as you want it to read"))
    text = editor.input_value()
    assert old in text
    editor.fill(text.replace(old, new, 1))
    page.get_by_role("button", name="Preview the amendment").click()
    preview = page.get_by_role("region", name="Your amendment, as accord computed it")
    inserted = " ".join(preview.locator(".amendment-preview ins").all_inner_texts())
    assert all(word in inserted for word in set(new.split()) - set(old.split())), inserted
    before = Amendment.objects.count()
    page.get_by_role("button", name="Submit the amendment").click()
    page.locator("[id^='amendment-']").first.wait_for()
    assert Amendment.objects.count() == before + 1
    return Amendment.objects.order_by("-pk").first()  # type: ignore[return-value]


def _issue_revision(page, base: str, version: Version, amendment: Amendment, label: str) -> Version:
    """The Chair previews the text with the amendment and issues the next revision."""
    page.goto(f"{base}/v/{version.number}/final/")
    page.locator(f"#a-{amendment.pk}").check()
    page.get_by_role("button", name="Preview").click()
    page.locator(f"#final-{amendment.paragraph.key}").wait_for()
    page.get_by_label("Label of the next revision").fill(label)
    page.get_by_role("button", name="Issue the next revision").click()
    page.get_by_text(f"{label} issued.").wait_for()
    return version.report.versions.get(label=label)


def test_the_scenario_from_the_zero_draft_to_the_public_summary(live_server, browser, purgeable_db):
    demo = build_demo(through="zero-draft")
    group = demo.group
    report = Report.objects.get(group=group)
    zero = report.versions.get()
    assert zero.status == Version.Status.ISSUED and zero.label == "Zero draft"
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=120).close()
    base = f"{live_server.url}/g/{group.slug}/drafts/{report.slug}"

    brazil_ctx, germany_ctx, chair_ctx = (browser.new_context() for _ in range(3))
    brazil, germany, chair = (c.new_page() for c in (brazil_ctx, germany_ctx, chair_ctx))
    for page in (brazil, germany, chair):
        page.set_default_timeout(20000)
    log_in(brazil, live_server, "delegate-bra", PASSWORD)
    log_in(germany, live_server, "delegate-deu", PASSWORD)
    log_in(chair, live_server, "chair", PASSWORD)

    # Zero draft → Rev.1: Brazil rewrites OP3; the Chair takes it up.
    first = _propose_by_editing(
        brazil, f"{base}/v/{zero.number}/p/OP3/amendments/", "Encourages", "Strongly encourages"
    )
    assert first.proposer.name == "Brazil" and first.paragraph.key == "OP3"
    rev1 = _issue_revision(chair, base, zero, first, "Rev.1")
    assert _text(rev1, "OP3").startswith("Strongly encourages capacity-building")
    assert _text(zero, "OP3").startswith("Encourages")  # the issued zero draft is untouched

    # Rev.1 → Rev.2: Germany rewrites OP6; the Chair takes it up too.
    second = _propose_by_editing(
        germany,
        f"{base}/v/{rev1.number}/p/OP6/amendments/",
        "to maintain a regularly updated mapping",
        "to maintain and publish a regularly updated mapping",
    )
    rev2 = _issue_revision(chair, base, rev1, second, "Rev.2")
    assert "maintain and publish a regularly updated mapping" in _text(rev2, "OP6")
    assert _text(rev2, "OP3").startswith("Strongly encourages")

    # The redline of the two revisions reads: the changed paragraph, its words marked.
    chair.goto(f"{base}/compare/?a={zero.number}&b={rev2.number}")
    assert "Paragraphs: 2 changed, 0 inserted, 0 deleted, 0 moved" in chair.inner_text("body")
    assert "Strongly encourages" in " ".join(chair.locator("ins").all_inner_texts())
    _shot(chair, "scenario-compare-zero-rev2")
    for ctx in (brazil_ctx, germany_ctx, chair_ctx):
        ctx.close()

    # The decision on Rev.2, silence and the Chair's summary, through to the public site.
    conclude(live_server, browser, group, report, rev2)
