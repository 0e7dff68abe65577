"""The pages keep the Content-Security-Policy in a real browser (issue 10).

Chromium walks the main pages of the demonstration group as an anonymous visitor, a delegate and
the chair, and records every ``securitypolicyviolation`` event (a listener Playwright injects
before any page script; injected scripts are not subject to the page's policy), every console
message about the policy, and every htmx eval refusal. None may occur. htmx still works under
the policy: a filter swaps the results in place, and the package view's refresh skips its turn
while a delegate is typing in its form and resumes after.

The negotiation screen (positions:negotiate) is left out of the walk: another helper is making
it comply (tests/positions/test_csp.py).
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from accord.common.security import DEFAULT_POLICY
from accord.contributions.models import Contribution
from accord.contributions.selectors import constituency_counts
from accord.demo.scenario import PASSWORD, build_demo
from accord.drafts.models import Report
from accord.meetings.models import MeetingDay
from accord.outcomes.models import Outcome

from .conftest import log_in

pytestmark = pytest.mark.browser

LISTEN = """
window.__policy = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__policy.push(`${e.violatedDirective} ${e.blockedURI} ${where} ${e.sample}`);
});
for (const name of ["htmx:evalDisallowedError", "htmx:eventFilter:error"]) {
  document.addEventListener(name, () => window.__policy.push(name));
}
"""


def _urls(group) -> dict[str, str]:
    report = Report.objects.get(group=group)
    last = report.versions.order_by("-number").first()
    day = (
        MeetingDay.objects.filter(meeting__group=group, transcript__is_published=True)
        .order_by("-date")
        .first()
    )
    outcome = Outcome.objects.get(group=group)
    g, r, v = group.slug, report.slug, last.number
    return {
        "home": "/",
        "group overview": f"/g/{g}/",
        "members": f"/g/{g}/members/",
        "draft version": f"/g/{g}/drafts/{r}/v/{v}/",
        "compare": f"/g/{g}/drafts/{r}/compare/?a={v - 1}&b={v}",
        "compilation": f"/g/{g}/positions/{r}/v/{v}/compilation/",
        "contributions": f"/g/{g}/contributions/",
        "opinion map": f"/g/{g}/positions/{r}/v/{v}/map/",
        "search": f"/g/{g}/search/?q=community",
        "meetings": f"/g/{g}/meetings/",
        "transcript": f"/g/{g}/meetings/{day.meeting.number}/days/{day.date.isoformat()}/",
        "decision": f"/g/{g}/decide/{r}/v/{v}/",
        "package": f"/g/{g}/decide/{r}/v/{v}/package/",
        "options": f"/g/{g}/drafts/{r}/v/{v}/options/",
        "outcomes": f"/g/{g}/outcomes/",
        "outcome": f"/g/{g}/outcomes/{outcome.pk}/",
        "follow-up": f"/g/{g}/follow-up/",
        "API docs": "/api/v1/docs",
        "missing page": "/no/such/page/",
    }


# What each viewer may open (anonymous visitors get the missing page's 404 for the rest).
MEMBERS_ONLY = {"compilation", "opinion map", "package", "options"}
NOT_FOUND = {"missing page"}


#: Pages not drawn by accord (Swagger UI) need not fit a phone.
NOT_OURS = {"API docs"}


def _walk(
    context, live_server, urls: dict[str, str], skip: set[str], too_wide: dict[str, int]
) -> dict[str, list[str]]:
    """Open each page; return the policy problems of each page that had any, and put the
    width of each page that scrolls sideways on the phone-sized context in ``too_wide``."""
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    problems: dict[str, list[str]] = {}
    for name, url in urls.items():
        if name in skip:
            continue
        console.clear()
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        assert response.status == (404 if name in NOT_FOUND else 200), (name, response.status)
        assert response.headers["content-security-policy"] == DEFAULT_POLICY, name
        if name == "API docs":
            page.locator(".swagger-ui .info .title").wait_for()
            page.locator(".opblock").first.wait_for()
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__policy") + console
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] and name not in NOT_OURS:
            too_wide[name] = width
        if found:
            problems[name] = found
    page.close()
    return problems


#: The walk runs at a phone's width: the main pages never scroll sideways there (issue 9).
PHONE = {"width": 390, "height": 844}


def _new_context(browser):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(LISTEN)
    return context


@override_settings(ACCORD_DECISION_REFRESH_SECONDS=1)
def test_main_pages_keep_the_policy_and_fit_a_phone_for_every_viewer(
    live_server, browser, purgeable_db
):
    demo = build_demo()
    urls = _urls(demo.group)
    problems = {}
    too_wide: dict[str, dict[str, int]] = {"anonymous": {}, "delegate-bra": {}, "chair": {}}

    anonymous = _new_context(browser)
    problems["anonymous"] = _walk(anonymous, live_server, urls, MEMBERS_ONLY, too_wide["anonymous"])
    anonymous.close()

    for who in ("delegate-bra", "chair"):
        context = _new_context(browser)
        page = context.new_page()
        log_in(page, live_server, who, PASSWORD)
        page.close()
        problems[who] = _walk(context, live_server, urls, set(), too_wide[who])
        if who == "chair":
            extra = {"two-step login": "/accounts/two-factor/", "API tokens": "/accounts/tokens/"}
            problems["chair"].update(_walk(context, live_server, extra, set(), too_wide[who]))
        context.close()

    assert problems == {"anonymous": {}, "delegate-bra": {}, "chair": {}}
    assert too_wide == {"anonymous": {}, "delegate-bra": {}, "chair": {}}, "wider than 390 px"


@override_settings(ACCORD_DECISION_REFRESH_SECONDS=1)
def test_htmx_swaps_and_polls_under_the_policy(live_server, browser, purgeable_db):
    demo = build_demo()
    group = demo.group
    report = Report.objects.get(group=group)
    version = report.versions.order_by("-number").first()
    published = Contribution.objects.filter(call__group=group, status="published")
    counts = constituency_counts(published, group=group)
    smallest = min((c for c in counts if c.count), key=lambda c: c.count)
    assert smallest.count < published.count()

    context = _new_context(browser)
    page = context.new_page()

    # A filter swaps the results in place (no new page, the address follows), and the bars are
    # as wide as their share: an <svg> width attribute, not a style attribute.
    page.goto(f"{live_server.url}/g/{group.slug}/contributions/")
    page.evaluate("window.__samePage = true")
    results = page.locator("#results")
    assert re.search(rf"(^|\s){published.count()} contributions\b", results.inner_text())
    bars = results.locator("svg.bar")
    widths = [bars.nth(i).get_attribute("width") for i in range(bars.count())]
    assert widths == [f"{c.percent}%" for c in counts]
    with page.expect_response(lambda r: f"constituency={smallest.slug}" in r.url):
        page.select_option("#filter-constituency", smallest.slug)
    page.locator(
        "#results > p", has_text=re.compile(rf"^{smallest.count} contributions?$")
    ).wait_for()
    assert page.evaluate("window.__samePage") is True
    assert page.url.endswith(f"/contributions/?constituency={smallest.slug}&question=")

    # The package view refreshes itself (every second here) but not while a delegate types in
    # its form (data-poll-guard="form" in place of an hx-trigger filter, which needs eval).
    log_in(page, live_server, "delegate-bra", PASSWORD)
    package = f"/g/{group.slug}/decide/{report.slug}/v/{version.number}/package/"
    polls: list[str] = []
    page.on(
        "request",
        lambda r: polls.append(r.url) if package in r.url and "hx-request" in r.headers else None,
    )
    page.goto(f"{live_server.url}{package}")
    settled = (
        "new Promise((done) => document.addEventListener('htmx:afterSettle', done, {once: true}))"
    )
    page.evaluate(settled)  # it refreshes while nobody types
    note = page.locator("#package form input[name=note]")
    note.focus()
    polls.clear()
    page.wait_for_timeout(3000)
    assert polls == []
    assert page.evaluate("document.activeElement.name") == "note"
    note.blur()
    page.evaluate(settled)  # and again once the reader has left the form

    assert page.evaluate("window.__policy") == []
    # Leave before the next refresh reaches the server, whose database is then emptied.
    page.goto("about:blank")
    context.close()
