"""The compilation text: per paragraph, base text and attributed proposals; HTML and DOCX."""

from __future__ import annotations

import io

import docx
import pytest

from accord.drafts.models import Amendment, AmendmentSupport
from accord.positions import services

from .conftest import TEXTS, make_version


@pytest.fixture
def proposals(world, neg):
    m = world.members
    replace = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=m["SWE"],
        old_text="forum",
        new_text="mechanism",
        base_text_hash="h",
    )
    AmendmentSupport.objects.create(amendment=replace, member=m["cs"], kind="cosponsor")
    AmendmentSupport.objects.create(amendment=replace, member=m["BRA"], kind="oppose")
    sub = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        parent=replace,
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=m["BRA"],
        old_text="mechanism",
        new_text="process",
        base_text_hash="h",
    )
    AmendmentSupport.objects.create(amendment=sub, member=m["SWE"], kind="support")
    Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.DELETE_PARAGRAPH,
        proposer=m["cs"],
        base_text_hash="h",
        status=Amendment.Status.WITHDRAWN,
    )
    services.position_record(
        actor=world.users["delegate"],
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind="object",
        reason="A forum is what we need.",
    )
    services.status_set(
        actor=world.users["chair"], version=neg.v1, paragraph=neg.p("PP1"), status="agreed"
    )
    return replace, sub


def url(neg, tail):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/1/{tail}"


def test_compilation_html(world, neg, proposals, client_as):
    html = client_as("delegate").get(url(neg, "compilation/")).content.decode()
    assert "<h1>Compilation text</h1>" in html
    assert "Decides to establish a [standing][temporary] forum" in html
    replace, sub = proposals
    row = html.split(f'id="amendment-{replace.pk}"')[1].split("</tr>")[0]
    assert "<del>forum</del> → <ins>mechanism</ins>" in row
    assert "<td>Sweden</td>" in row and "<td>Open Network Alliance</td>" in row
    assert "<td>Brazil</td>" in row  # the objector
    sub_row = html.split(f'id="amendment-{sub.pk}"')[1].split("</tr>")[0]
    assert "↳" in sub_row and "<td>Brazil</td>" in sub_row
    assert "Withdrawn" in html
    assert "Agreed (provisional)" in html
    assert "object 1 (Brazil)" in html  # the positions summary, for members
    public = make_version(neg.report, 2, TEXTS, neg.paragraphs, published=True)
    anon = client_as("anonymous").get(
        f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/{public.number}/compilation/"
    )
    assert anon.status_code == 200 and "Positions:" not in anon.content.decode()


def test_compilation_docx(world, neg, proposals, client_as):
    response = client_as("chair").get(url(neg, "compilation.docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="recs-v1-compilation.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["PP1", "1. OP1", "2. OP2"]
    texts = [p.text for p in document.paragraphs]
    assert "Compilation text — Zero draft" in texts
    assert TEXTS["OP1"] in texts and "Status: Agreed (provisional)" in texts
    assert any(
        t.startswith("Positions: Member States:") and "(objecting: Brazil)" in t for t in texts
    )
    assert "No proposals." in texts  # PP1
    op1, op2 = document.tables
    rows = [[c.text for c in row.cells] for row in op1.rows]
    assert rows[0] == [
        "Proposal",
        "Text",
        "Proposer",
        "Co-sponsors",
        "Supporters",
        "Objectors",
        "Status",
    ]
    assert rows[1] == [
        "Replace text",
        "Replace “forum” with “mechanism”",
        "Sweden",
        "Open Network Alliance",
        "—",
        "Brazil",
        "Proposed",
    ]
    assert rows[2][0] == "↳ Replace text" and rows[2][2] == "Brazil" and rows[2][4] == "Sweden"
    assert [c.text for c in op2.rows[1].cells][0::6] == ["Delete the paragraph", "Withdrawn"]
