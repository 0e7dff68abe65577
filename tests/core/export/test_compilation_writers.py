"""A compilation text through the pure writers: remarks and proposals under their paragraph,
with proposer, co-sponsors, supporters and objectors (runs with ``-p no:django``)."""

from __future__ import annotations

import io

import docx
import pypdf

from accord.core.export import (
    Attribution,
    BracketNote,
    ExportDocument,
    ExportParagraph,
    ExportProposal,
    Holder,
    to_docx,
    to_html,
    to_pdf,
)

OP1 = "Decides to establish a [standing] forum on <cooperation>;"

REPLACE = ExportProposal(
    action="Replace",
    change=(("gap", "…"), ("equal", "a [standing] "), ("delete", "forum"), ("insert", "body")),
    attributions=(
        Attribution("Proposed by", ("South Africa on behalf of the G77 and China",)),
        Attribution("Co-sponsors", ("Brazil", "India")),
        Attribution("Opposed by", ("Sweden",)),
    ),
    ref="#12",
)
SUB = ExportProposal(
    action="Replace",
    change=(("delete", "body"), ("insert", "mechanism")),
    attributions=(Attribution("Proposed by", ("Sweden",)),),
    status="Withdrawn",
    ref="#13",
    depth=1,
)
DROP = ExportProposal(
    action="Delete the paragraph",
    attributions=(Attribution("Proposed by", ("Chair",)),),
    ref="#14",
)


def compilation() -> ExportDocument:
    start = OP1.index("[standing]")
    return ExportDocument(
        title="Report of the Working Group",
        symbol="WG/2025/L.1",
        version_label="Rev.2",
        subtitle="Compilation text",
        preface=("Nothing is agreed until everything is agreed.",),
        paragraphs=(
            ExportParagraph("H1", "heading", "Recommendations"),
            ExportParagraph(
                "OP1",
                "op",
                OP1,
                number="1.",
                brackets=(BracketNote(start, start + 10, (Holder("Cuba"),)),),
                remarks=("Bracketed", "Member States: support 3 · object 1 (Sweden)"),
                proposals=(REPLACE, SUB),
            ),
            ExportParagraph(
                "OP2", "op", "Invites all to contribute.", number="2.", proposals=(DROP,)
            ),
        ),
    )


def test_docx_lists_each_proposal_under_its_paragraph() -> None:
    document = docx.Document(io.BytesIO(to_docx(compilation())))
    rows = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    start = rows.index(("Normal", "Compilation text"))
    assert rows[start:] == [
        ("Normal", "Compilation text"),
        ("Normal", "Nothing is agreed until everything is agreed."),
        ("Heading 2", "Recommendations"),
        ("Normal", OP1),
        ("Normal", "Bracketed"),
        ("Normal", "Member States: support 3 · object 1 (Sweden)"),
        (
            "List Bullet",
            "#12 Replace: …a [standing] forumbody\n"
            "Proposed by: South Africa on behalf of the G77 and China\n"
            "Co-sponsors: Brazil, India\n"
            "Opposed by: Sweden",
        ),
        ("List Bullet 2", "#13 Replace: bodymechanism (Withdrawn)\nProposed by: Sweden"),
        ("Normal", "Invites all to contribute."),
        ("List Bullet", "#14 Delete the paragraph\nProposed by: Chair"),
    ]
    replace = next(p for p in document.paragraphs if p.text.startswith("#12"))
    runs = {r.text: r for r in replace.runs}
    assert runs["forum"].font.strike and not runs["forum"].underline
    assert runs["body"].underline and runs["body"].bold and not runs["body"].font.strike
    assert runs["#12 Replace: "].bold


def test_html_marks_up_the_change_and_escapes_everything() -> None:
    html = to_html(compilation()).decode()
    assert '<p class="subtitle">Compilation text</p>' in html
    assert "&lt;cooperation&gt;" in html and "<cooperation>" not in html
    assert (
        '<li class="depth-0"><strong>#12 Replace</strong>: …a [standing] '
        "<del>forum</del><ins>body</ins>"
        '<span class="attribution"><em>Proposed by:</em> South Africa on behalf of the G77 and '
        'China</span><span class="attribution"><em>Co-sponsors:</em> Brazil, India</span>'
        '<span class="attribution"><em>Opposed by:</em> Sweden</span></li>'
    ) in html
    assert '<li class="depth-1"><strong>#13 Replace</strong>: <del>body</del>' in html
    assert "<em>(Withdrawn)</em>" in html
    assert '<li class="depth-0"><strong>#14 Delete the paragraph</strong><span' in html
    assert '<div class="remarks"><p>Bracketed</p>' in html


def test_pdf_carries_the_proposals_and_who_made_them() -> None:
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(compilation())))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Compilation text" in flat
    assert "#12 Replace:" in flat and "South Africa on behalf of the G77 and China" in flat
    assert "Co-sponsors: Brazil, India" in flat and "Opposed by: Sweden" in flat
    assert "#14 Delete the paragraph" in flat and "(Withdrawn)" in flat


def test_a_document_without_proposals_writes_no_compilation_furniture() -> None:
    plain = ExportDocument(
        title="T", paragraphs=(ExportParagraph("OP1", "op", "Decides.", number="1."),)
    )
    html = to_html(plain).decode()
    assert 'class="proposals"' not in html and 'class="remarks"' not in html
    assert 'class="subtitle"' not in html
    document = docx.Document(io.BytesIO(to_docx(plain)))
    assert not [p for p in document.paragraphs if p.style.name.startswith("List")]
