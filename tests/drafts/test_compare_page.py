"""The compare page and the API's compare: the same counts, word-level changes, collapsed
unchanged paragraphs, inline and side-by-side views, moves shown as moves."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accord.accounts.services import api_token_create
from accord.drafts.services import versions as services
from tests.drafts.versions_fixtures import draft, issued, report  # noqa: F401

COUNT = re.compile(r'data-count="(\w+)">(\d+)<')


def _page_url(world, report, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("drafts:compare", args=[world.group.slug, report.slug]) + "?" + query


def _counts(page: str) -> dict[str, int]:
    return {name: int(n) for name, n in COUNT.findall(page)}


def _summary_text(page: str) -> str:
    found = re.search(r'<p class="redline-summary">(.*?)</p>', page, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


@pytest.fixture
def rev1(world, issued):
    """Rev.1 of the fixture draft: OP2's words changed ("secretariat" → "Commission", and
    "annually" added); the heading, PP1 and OP1 unchanged."""
    chair = world.users["chair"]
    rev = services.version_create(
        actor=chair, report=issued.report, kind="revision", label="Rev.1", based_on=issued
    )
    op2 = issued.report.paragraphs.get(key="OP2")
    services.version_paragraph_update(
        actor=chair, version=rev, paragraph=op2, text="Requests the Commission to report annually."
    )
    return rev


def test_a_paragraph_whose_words_changed_counts_as_changed(world, client_as, rev1):
    # The defect: the page said "4 paragraphs aligned, 0 inserted, 0 deleted." for this.
    page = client_as("chair").get(_page_url(world, rev1.report, a=1, b=2)).content.decode()
    assert _counts(page) == {
        "changed": 1,
        "inserted": 0,
        "deleted": 0,
        "moved": 0,
        "unchanged": 3,
        "words_inserted": 2,
        "words_deleted": 1,
    }
    assert _summary_text(page) == (
        "Paragraphs: 1 changed, 0 inserted, 0 deleted, 0 moved, 3 unchanged. "
        "Words: 2 inserted, 1 deleted."
    )


def _block(page: str, key: str) -> str:
    """The HTML from the redline block (or collapsed paragraph) with the stable id ``key`` to
    the next one."""
    start = page.index(f'id="p-{key}">')
    end = page.find(' id="p-', start + 1)
    return page[start : end if end >= 0 else len(page)]


def test_inline_redline_marks_the_changed_words_and_numbers_the_paragraph(world, client_as, rev1):
    page = client_as("chair").get(_page_url(world, rev1.report, a=1, b=2)).content.decode()
    op2 = _block(page, "OP2")
    # The display number as printed in the text; the stable id is the anchor, not repeated.
    assert (
        '<p class="rl-text"><span class="para-number">2.</span> Requests the '
        "<del>secretariat</del> <ins>Commission</ins> to report <ins>annually</ins>.</p>"
    ) in op2
    assert ">OP2<" not in op2
    assert "<strong>Changed</strong>" in op2 and "words: 2 inserted, 1 deleted" in op2
    # The three unchanged paragraphs before it are one collapsed row that opens without JS.
    summary = re.search(r'<details class="rl-unchanged">\s*<summary>(.*?)</summary>', page, re.S)
    assert summary is not None
    assert " ".join(summary.group(1).split()) == "… 3 unchanged paragraphs (PP1 to 1.) …"
    assert page.count('<details class="rl-unchanged"') == 1
    assert '<details class="rl-unchanged" open>' not in page
    expanded = client_as("chair").get(_page_url(world, rev1.report, a=1, b=2, all=1))
    assert '<details class="rl-unchanged" open>' in expanded.content.decode()


def test_side_by_side_shows_deletions_left_and_insertions_right(world, client_as, rev1):
    client = client_as("chair")
    page = client.get(_page_url(world, rev1.report, a=1, b=2, view="side")).content.decode()
    op2 = _block(page, "OP2")
    old = re.search(r'<div class="rl-old">(.*?)</div>', op2, re.S)
    new = re.search(r'<div class="rl-new">(.*?)</div>', op2, re.S)
    assert old is not None and new is not None
    assert "<del>secretariat</del>" in old.group(1) and "<ins>" not in old.group(1)
    assert "<ins>Commission</ins>" in new.group(1) and "<del>" not in new.group(1)
    # The toggle is a plain link, and the current view is marked.
    assert 'view=inline">Inline</a>' in page and 'aria-current="page">Side by side</a>' in page
    unknown = client.get(_page_url(world, rev1.report, a=1, b=2, view="bogus")).content.decode()
    assert 'aria-current="page">Inline</a>' in unknown


def test_moved_inserted_and_deleted_paragraphs(world, client_as, issued):
    chair = world.users["chair"]
    report = issued.report
    rev = services.version_create(
        actor=chair, report=report, kind="revision", label="Rev.1", based_on=issued
    )
    pp1, op1, op2 = (report.paragraphs.get(key=k) for k in ("PP1", "OP1", "OP2"))
    services.version_paragraph_move(actor=chair, version=rev, paragraph=op1, after=op2)
    services.version_paragraph_remove(actor=chair, version=rev, paragraph=pp1)
    services.version_paragraph_add(
        actor=chair, version=rev, kind="op", text="Invites comments.", after=op2
    )
    page = client_as("chair").get(_page_url(world, report, a=1, b=2)).content.decode()
    assert _counts(page) == {
        "changed": 0,
        "inserted": 1,
        "deleted": 1,
        "moved": 1,
        "unchanged": 2,
        "words_inserted": 2,
        "words_deleted": 4,
    }
    # OP1 moved below OP2 and OP2bis (now 3.): shown once, as moved, not deleted and inserted.
    op1_block = _block(page, "OP1")
    assert "<strong>Moved from 1.</strong>" in op1_block
    assert '<span class="para-number">3.</span> Decides to [establish][consider] a forum;' in (
        op1_block
    )
    assert page.count("Decides to [establish][consider] a forum;") == 1
    assert "<del>Recalling its earlier work,</del>" in _block(page, "PP1")
    assert "<ins>Invites comments.</ins>" in _block(page, "OP2bis")


def test_the_api_gives_the_page_s_counts(world, client, client_as, rev1):
    _token, key = api_token_create(user=world.users["chair"], name="t")
    base = f"/api/v1/groups/{world.group.slug}/drafts/{rev1.report.slug}"
    body = client.get(f"{base}/compare?a=1&b=2", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    page = client_as("chair").get(_page_url(world, rev1.report, a=1, b=2)).content.decode()
    assert body["counts"] == _counts(page)
    assert (body["matched"], body["inserted"], body["deleted"]) == (4, 0, 0)
    op2 = next(b for b in body["blocks"] if b["new"] == ["OP2"])
    assert op2 == {
        "kind": "changed",
        "match": "id",
        "moved": False,
        "old": ["OP2"],
        "new": ["OP2"],
        "old_numbers": ["2."],
        "new_numbers": ["2."],
        "words_inserted": 2,
        "words_deleted": 1,
        "ops": [
            {"tag": "equal", "text": "Requests the"},
            {"tag": "delete", "text": " secretariat"},
            {"tag": "insert", "text": " Commission"},
            {"tag": "equal", "text": " to report"},
            {"tag": "insert", "text": " annually"},
            {"tag": "equal", "text": "."},
        ],
    }


def test_the_api_schema_lists_the_counts(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert set(components["CompareCountsOut"]["required"]) == {
        "changed",
        "inserted",
        "deleted",
        "moved",
        "unchanged",
        "words_inserted",
        "words_deleted",
    }
    assert {"counts", "matched", "inserted", "deleted", "blocks"} <= set(
        components["CompareOut"]["required"]
    )
    assert {"old_numbers", "new_numbers", "words_inserted", "words_deleted"} <= set(
        components["BlockOut"]["required"]
    )
