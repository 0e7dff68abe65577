"""The compilation text: each paragraph as printed (number, brackets and their holders), its
state, and under it every proposal with proposer, co-sponsors, supporters and objectors; the
page, and the DOCX and PDF written by accord.core.export."""

from __future__ import annotations

import io
import re

import docx
import pypdf
import pytest
from django.utils import timezone

from accord.drafts.models import (
    Amendment,
    AmendmentPart,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    Paragraph,
    Version,
    VersionParagraph,
)
from accord.positions import services

from .conftest import TEXTS, make_version


@pytest.fixture
def proposals(world, neg):
    m = world.members
    text = TEXTS["OP1"]
    start = text.index("forum")
    replace = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=m["SWE"],
        start=start,
        end=start + len("forum"),
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
        start=0,
        end=len("mechanism"),
        old_text="mechanism",
        new_text="process",
        base_text_hash="h",
    )
    AmendmentSupport.objects.create(amendment=sub, member=m["SWE"], kind="support")
    withdrawn = Amendment.objects.create(
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
    return replace, sub, withdrawn


def url(neg, tail, number=1):
    return f"/g/{neg.report.group.slug}/positions/{neg.report.slug}/v/{number}/{tail}"


def block(html, key):
    return html.split(f'id="c-{key}"')[1].split("</section>")[0]


def squash(fragment):
    """The text a reader sees: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def seen(fragment, css_class):
    """What a reader sees of the first ``<p>`` or ``<div>`` with that class."""
    found = re.search(rf'<(p|div) class="{css_class}"[^>]*>(.*?)</\1>', fragment, re.S)
    assert found is not None, css_class
    return squash(found.group(2))


def test_compilation_page_reads_as_the_working_document(world, neg, proposals, client_as):
    replace, sub, withdrawn = proposals
    html = client_as("delegate").get(url(neg, "compilation/")).content.decode()
    assert '<h1 id="cmp-title">Compilation text</h1>' in html
    # The base text with its typed brackets marked inline, numbered as the text numbers it.
    op1 = block(html, "OP1")
    assert '<span class="cmp-num">1.</span>' in op1
    assert (
        'Decides to establish a <span class="cmp-bracket">[standing]</span>'
        '<span class="cmp-bracket">[temporary]</span> forum on enhanced cooperation;'
    ) in op1
    # One line of positions: only what was stated, by name for objections; no rows of zeros.
    assert seen(op1, "cmp-positions") == "Positions object 1 (Brazil)"
    assert "support 0" not in html and " 0 " not in squash(op1)
    # The proposal: its change in context, then who stands where; the sub-amendment under it.
    mine = op1.split(f'id="amendment-{replace.pk}"')[1]
    assert (
        f'<a class="cmp-ref" href="/g/wgec/drafts/recs/amendments/{replace.pk}/">#{replace.pk}</a> '
        '<span class="cmp-action">Replace</span>: Decides to establish a [standing][temporary] '
        "<del>forum</del><ins>mechanism</ins> on enhanced cooperation;</p>"
    ) in mine
    assert seen(mine, "cmp-by") == (
        "Proposed by Sweden · co-sponsors Open Network Alliance · opposed by Brazil"
    )
    nested = mine.split('class="cmp-proposals cmp-sub"')[1]
    assert f'id="amendment-{sub.pk}"' in nested
    assert seen(nested, "cmp-change") == f"#{sub.pk} Replace: mechanismprocess"
    assert "<del>mechanism</del><ins>process</ins>" in nested
    assert seen(nested, "cmp-by") == "Proposed by Brazil · supported by Sweden"
    op2 = block(html, "OP2")
    assert seen(op2, "cmp-change") == f"#{withdrawn.pk} Delete the paragraph Withdrawn"
    # Status marks: agreed says so; an open paragraph carries none.
    assert '<span class="cmp-status cmp-status-agreed">Agreed (provisional)</span>' in block(
        html, "PP1"
    )
    assert "cmp-status" not in op2
    assert "1 proposal" not in html and "3 proposals" in html


def test_anonymous_readers_see_no_positions(world, neg, proposals, client_as):
    public = make_version(neg.report, 2, TEXTS, neg.paragraphs, published=True)
    services.position_record(
        actor=world.users["delegate"],
        version=public,
        paragraph=neg.p("OP1"),
        kind="object",
        reason="No.",
    )
    anon = client_as("anonymous").get(url(neg, "compilation/", public.number))
    assert anon.status_code == 200
    html = anon.content.decode()
    assert "cmp-positions" not in html and "Brazil" not in html
    member = client_as("chair").get(url(neg, "compilation/", public.number)).content.decode()
    assert "Positions object 1 (Brazil)" in squash(member)


def headed(world, neg):
    """A version with a heading, a held bracket and an amendment in two parts."""
    version = make_version(neg.report, 2, TEXTS, neg.paragraphs, issued=False)
    heading = Paragraph.objects.create(
        report=neg.report, key="H1", kind=Paragraph.Kind.HEADING, created_in=version
    )
    VersionParagraph.objects.create(
        version=version, paragraph=heading, order=0, text="Establishment of the forum"
    )
    text = TEXTS["OP2"]
    start = text.index("all stakeholders")
    bracket = Bracket.objects.create(
        version=version,
        paragraph=neg.p("OP2"),
        start=start,
        end=start + len("all stakeholders"),
        text="all stakeholders",
    )
    BracketHolder.objects.create(bracket=bracket, member=world.members["SWE"], reason="capital")
    cover = text.index(" of the forum")
    parts = Amendment.objects.create(
        version=version,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["BRA"],
        start=0,
        end=cover,
        old_text=text[:cover],
        new_text=text[:cover].replace("Invites", "Urges").replace("the work", "this work"),
        base_text_hash="h",
    )
    the = text.index("the work")
    AmendmentPart.objects.bulk_create(
        [
            AmendmentPart(
                amendment=parts, position=0, start=0, end=7, old_text="Invites", new_text="Urges"
            ),
            AmendmentPart(
                amendment=parts,
                position=1,
                start=the,
                end=the + 3,
                old_text="the",
                new_text="this",
            ),
        ]
    )
    Version.objects.filter(pk=version.pk).update(
        status=Version.Status.ISSUED,
        issued_at=timezone.now(),
        content_hash="y" * 64,
        is_circulated=True,
    )
    return version, parts


def test_headings_brackets_held_and_amendments_in_parts(world, neg, client_as):
    version, parts = headed(world, neg)
    html = client_as("chair").get(url(neg, "compilation/", version.number)).content.decode()
    heading = block(html, "H1")
    assert '<h2 id="ch-H1" class="cmp-heading" title="H1">Establishment of the forum</h2>' in (
        heading
    )
    assert "cmp-status" not in heading and "cmp-positions" not in heading
    op2 = block(html, "OP2")
    # A bracket recorded on the issued text is shown with its brackets and who holds it.
    assert (
        'Invites <span class="cmp-bracket">[all stakeholders]</span><sup><a href="#cmp-note-1"'
    ) in op2
    assert (
        '<li id="cmp-note-1" value="1">Bracket held by Sweden (Contested wording). '
        "Sweden: capital.</li>"
    ) in op2
    change = op2.split(f'id="amendment-{parts.pk}"')[1].split("</p>")[0]
    assert "<del>Invites</del><ins>Urges</ins> all stakeholders to contribute to" in change
    assert "<del>the</del><ins>this</ins> work" in change


def test_compilation_docx_is_written_by_the_export(world, neg, proposals, client_as):
    replace, sub, withdrawn = proposals
    response = client_as("chair").get(url(neg, "compilation.docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="recs-v1-compilation.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    rows = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    start = rows.index(("Normal", TEXTS["PP1"]))
    assert rows[start - 2 : start] == [
        ("Normal", "Compilation text — Zero draft"),
        (
            "Normal",
            "Nothing is agreed until everything is agreed: an agreed paragraph is provisional "
            "until the whole text is adopted.",
        ),
    ]
    assert rows[start:] == [
        ("Normal", TEXTS["PP1"]),
        ("Normal", "Agreed (provisional)"),
        ("Normal", TEXTS["OP1"]),
        ("Normal", "Bracketed"),
        ("Normal", "Positions: object 1 (Brazil)"),
        (
            "List Bullet",
            f"#{replace.pk} Replace: Decides to establish a [standing][temporary] "
            "forummechanism on enhanced cooperation;\n"
            "Proposed by: Sweden\nCo-sponsors: Open Network Alliance\nOpposed by: Brazil",
        ),
        (
            "List Bullet 2",
            f"#{sub.pk} Replace: mechanismprocess\nProposed by: Brazil\nSupported by: Sweden",
        ),
        ("Normal", TEXTS["OP2"]),
        ("Normal", "Open"),
        (
            "List Bullet",
            f"#{withdrawn.pk} Delete the paragraph (Withdrawn)\nProposed by: Open Network Alliance",
        ),
    ]
    # The operative paragraphs carry Word numbering, as in every export of a version.
    op1 = next(p for p in document.paragraphs if p.text == TEXTS["OP1"])
    assert op1._p.pPr.numPr is not None
    bullet = next(p for p in document.paragraphs if p.text.startswith(f"#{replace.pk}"))
    runs = {r.text: r for r in bullet.runs}
    assert runs["forum"].font.strike and runs["mechanism"].underline


def test_compilation_pdf(world, neg, proposals, client_as):
    replace, _sub, _withdrawn = proposals
    response = client_as("chair").get(url(neg, "compilation.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="recs-v1-compilation.pdf"' in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"#{replace.pk} Replace:" in text and "Proposed by: Sweden" in text
    assert "Co-sponsors: Open Network Alliance" in text


def test_hidden_versions_give_the_same_404_for_every_format(world, neg, client_as):
    hidden = make_version(neg.report, 2, TEXTS, neg.paragraphs, issued=False)
    for tail in ("compilation/", "compilation.docx", "compilation.pdf"):
        assert client_as("delegate").get(url(neg, tail, hidden.number)).status_code == 404
        assert client_as("delegate").get(url(neg, tail, 99)).status_code == 404


def test_a_replacement_shows_only_the_words_it_changes(world, neg, client_as):
    text = TEXTS["OP2"]
    start = text.index("all stakeholders")
    amendment = Amendment.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP2"),
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["SWE"],
        start=start,
        end=start + len("all stakeholders"),
        old_text="all stakeholders",
        new_text="all relevant stakeholders",
        base_text_hash="h",
    )
    html = client_as("chair").get(url(neg, "compilation/")).content.decode()
    mine = html.split(f'id="amendment-{amendment.pk}"')[1]
    assert seen(mine, "cmp-change") == (
        f"#{amendment.pk} Replace: Invites all relevant stakeholders to contribute to the work…"
    )
    assert "Invites all<ins> relevant</ins> stakeholders to contribute" in mine
