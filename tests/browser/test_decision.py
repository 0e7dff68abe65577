"""The end of the acceptance scenario in a real browser: the chair opens the consensus call on
Rev.2, a holdout's objection appears on the chair's screen without a reload, the call fails,
the package view shows what every member accepts and who blocks the rest, silence is broken,
and the Chair's summary is drafted from the record, edited, annexed and issued for the public.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.test import override_settings

from accord.accounts.models import User
from accord.demo.negotiation import CONTESTED
from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Paragraph, Report
from accord.groups.models import NegotiatingGroup
from accord.outcomes.models import ConsensusCall, Outcome, SilenceProcedure
from accord.outcomes.services import calls
from accord.outcomes.services.silence import silence_settle_due

from .conftest import log_in

pytestmark = pytest.mark.browser
SHOTS = (
    Path(os.environ.get("ACCORD_SCREENSHOTS", "")) if os.environ.get("ACCORD_SCREENSHOTS") else None
)


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits_a_phone(browser, url: str, who: str | None = None, live_server=None) -> None:
    """At 390 px the page itself never scrolls sideways (wide tables scroll in their box)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    if who:
        log_in(page, live_server, who, PASSWORD)
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    ctx.close()
    assert width <= 390, (url, width)


def _others_take_their_stances(call, report, rev2) -> None:
    """Everyone but Cuba states a final stance (through the services, as other delegations
    would from their own screens)."""
    users = {u.username: u for u in User.objects.filter(username__startswith="delegate-")}
    g77 = NegotiatingGroup.objects.get(short_name="G77")
    calls.stance_record(
        actor=users["delegate-zaf"], call=call, kind="no_objection", on_behalf_of=g77
    )
    contested = sorted(f"OP{i + 1}" for i in CONTESTED)
    for code in ("sau", "irn"):
        for key in contested:
            calls.stance_record(
                actor=users[f"delegate-{code}"],
                call=call,
                kind="object",
                paragraph=Paragraph.objects.get(report=report, key=key),
                reason="The role of governments is not reflected.",
            )


@override_settings(ACCORD_DECISION_REFRESH_SECONDS=1)
def test_consensus_fails_and_the_chair_issues_a_summary(live_server, browser, purgeable_db):
    demo = build_demo(through="negotiation")
    report = Report.objects.get(group=demo.group)
    conclude(live_server, browser, demo.group, report, report.versions.get(label="Rev.2"))


def conclude(live_server, browser, group, report, rev2) -> None:
    """From the Chair's Rev.2 to the public reading the Chair's summary (the demo's people)."""
    decide = f"{live_server.url}/g/{group.slug}/decide/{report.slug}/v/{rev2.number}/"

    chair_ctx, cuba_ctx = browser.new_context(), browser.new_context()
    chair, cuba = chair_ctx.new_page(), cuba_ctx.new_page()
    for p in (chair, cuba):
        p.set_default_timeout(20000)
    log_in(chair, live_server, "chair", PASSWORD)
    chair.goto(decide)
    chair.get_by_role("button", name="Open the consensus call").click()
    chair.get_by_text("As it stands, the text would be adopted.").wait_for()
    call = ConsensusCall.objects.get(version=rev2)
    _others_take_their_stances(call, report, rev2)

    # Cuba objects to OP1 from its own screen.
    log_in(cuba, live_server, "delegate-cub", PASSWORD)
    cuba.goto(decide)
    cuba.locator("#stance summary").click()
    cuba.locator("select[name='kind-OP1']").select_option("object")
    cuba.locator("input[name='reason-OP1']").fill("Full participation must be qualified.")
    cuba.get_by_role("button", name="Record my stance").click()
    cuba.get_by_text("Your stance is on record.").wait_for()

    # The chair's screen picks it up without a reload (htmx polling of the tally).
    url_before = chair.url
    chair.locator(".dec-matrix th", has_text="Cuba").wait_for()
    assert chair.url == url_before
    assert (
        chair.locator(".dec-verdict")
        .inner_text()
        .startswith("As it stands, the text would not be adopted")
    )
    _shot(chair, "decide-chair-open-call")

    chair.locator(".dec-chair summary").click()
    chair.get_by_role("button", name="Close the call and put the result on record").click()
    chair.get_by_text("The text was not adopted.").wait_for()
    call.refresh_from_db()
    assert call.adopted is False and "OP1" in call.result["failed"]

    # The package view: what every member accepts, and who blocks the rest.
    chair.goto(decide + "package/")
    chair.locator("#lo-OP1").get_by_text("Cuba objects to OP1").wait_for()
    assert "Saudi Arabia" in chair.locator("#lo-OP5").inner_text()
    _shot(chair, "package-view")

    # Silence on the text; Iran breaks it on OP3.
    chair.goto(decide)
    chair.locator("#silence details summary").click()
    later = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    form = chair.locator(
        "#silence form", has=chair.get_by_role("button", name="Start the silence procedure")
    )
    form.locator("input[name='date']").fill(later)
    form.locator("input[name='time']").fill("18:00")
    form.get_by_role("button", name="Start the silence procedure").click()
    chair.get_by_text("The text is under silence until the deadline.").wait_for()
    iran_ctx = browser.new_context()
    iran = iran_ctx.new_page()
    log_in(iran, live_server, "delegate-irn", PASSWORD)
    iran.goto(decide + "#silence")
    iran.locator("#silence input[name='paragraphs'][value='OP3']").check()
    iran.locator("#silence textarea[name='reason']").fill(
        "OP3 cannot be separated from the package."
    )
    iran.get_by_role("button", name="Break silence").click()
    iran.get_by_text("You have broken silence").wait_for()
    procedure = SilenceProcedure.objects.get(version=rev2)
    assert silence_settle_due(now=procedure.deadline + dt.timedelta(seconds=1)) == 1
    chair.goto(decide)
    chair.locator("#silence").get_by_text("Silence broken", exact=True).wait_for()
    _shot(chair, "decide-silence-broken")

    # The Chair's summary: drafted from the record, edited, annexed, issued.
    chair.get_by_role("button", name="Draft a Chair's summary from the record").click()
    chair.get_by_text("The outcome is recorded as a draft").wait_for()
    summary = Outcome.objects.get(group=group)
    first = summary.paragraphs.filter(kind="text").order_by("order").first()
    section = chair.locator(f"[id='o-{first.key}']")
    section.locator("summary").click()
    section.locator("textarea").fill(first.text + " The Chair thanks all delegations.")
    section.get_by_role("button", name="Save").click()
    chair.get_by_text("Paragraph saved.").wait_for()
    annex_form = chair.locator(
        "#annex form",
        has=chair.get_by_role("button", name="Draft the annex from the reasons members gave"),
    )
    annex_form.locator("select[name='paragraph']").select_option("OP1")
    annex_form.locator("input[name='title']").fill("Arguments for and against OP1")
    annex_form.get_by_role("button", name="Draft the annex from the reasons members gave").click()
    chair.get_by_text("Full participation must be qualified.").first.wait_for()
    chair.get_by_role("button", name="Issue").click()
    chair.get_by_text("Issued: the outcome is public").wait_for()
    summary.refresh_from_db()
    assert summary.is_issued and summary.annexes.count() == 1

    # The public reads it, sources and annex included.
    public_ctx = browser.new_context()
    public = public_ctx.new_page()
    public.goto(f"{live_server.url}/g/{group.slug}/outcomes/")
    public.get_by_role("link", name=summary.title).click()
    public.get_by_text("Arguments for and against OP1").wait_for()
    assert "Issued under the Chair's own responsibility" in public.content()
    assert public.locator(".out-sources a").count() > 3
    _shot(public, "summary-public")
    for url, who in (
        (decide, "chair"),
        (decide + "package/", "chair"),
        (public.url, None),
        (f"{live_server.url}/g/{group.slug}/outcomes/", None),
    ):
        _fits_a_phone(browser, url, who, live_server)
    for ctx in (chair_ctx, cuba_ctx, iran_ctx, public_ctx):
        ctx.close()
