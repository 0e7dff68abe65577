"""Importing drafts: Markdown, DOCX built here (numbering, headings, brackets, footnotes),
bad input (nothing half-written), and the COP21 drafts."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from accord.common.errors import ValidationFailed
from accord.core.brackets import count_brackets
from accord.core.draft_import import parse_draft, parse_markdown
from accord.drafts.models import Bracket, Paragraph, Version, VersionParagraph
from accord.drafts.selectors import versions as selectors
from accord.drafts.services.imports import version_import
from tests.drafts.versions_fixtures import report  # noqa: F401
from tests.shared_data import shared_data

MARKDOWN = """---
title: Test
---
# Draft resolution

## Preambular part

*Recalling* its resolution 70/1,

PP2: *Noting* the report[^1] of the [Secretary-General][SG],

## Operative part

1. *Decides* to [establish][consider] a [forum [on data]];
2. *Requests* the secretariat to report:
    (a) on progress;
    (b) on [x] resources;

OP2bis. *Invites* members to [comment].

[^1]: A/80/123 [as revised].
"""


def test_markdown_structure():
    paras = parse_markdown(MARKDOWN)
    assert [p.kind for p in paras] == [
        "heading",
        "heading",
        "pp",
        "pp",
        "heading",
        "op",
        "op",
        "op",
    ]
    assert paras[3].label == "PP2" and paras[3].footnotes[0].text == "A/80/123 [as revised]."
    assert paras[5].number == "1." and "[forum [on data]]" in paras[5].text
    assert "(b) on [x] resources;" in paras[6].text  # sub-paragraphs stay with their paragraph
    assert paras[7].label == "OP2bis"


def _docx(footnote=True) -> bytes:
    document = docx.Document()
    document.add_heading("Draft resolution", level=1)
    document.add_heading("Preamble", level=2)
    p = document.add_paragraph()
    p.add_run("Recalling").italic = True
    p.add_run(" its resolution 70/1,")
    p = document.add_paragraph()
    p.add_run("Noting").italic = True
    p.add_run(" the report of the Secretary-General,")
    document.add_heading("Operative part", level=2)
    document.add_paragraph(
        "Decides to [establish][consider] a [forum [on data]];", style="List Number"
    )
    document.add_paragraph("Requests the secretariat to report;", style="List Number")
    document.add_paragraph("(a) on progress;")
    document.add_paragraph("3. Invites members to [comment].")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _add_footnote(data) if footnote else data


def _add_footnote(data: bytes) -> bytes:
    """python-docx cannot write footnotes: add word/footnotes.xml and one reference by hand."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>A/80/123 [as revised].</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(
                    b'<w:t xml:space="preserve"> the report of the Secretary-General,</w:t></w:r>',
                    b'<w:t xml:space="preserve"> the report of the Secretary-General,</w:t></w:r>'
                    b'<w:r><w:footnoteReference w:id="1"/></w:r>',
                )
                assert b"footnoteReference" in body
            elif info.filename == "word/_rels/document.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            dst.writestr(info, body)
        dst.writestr("word/footnotes.xml", notes)
    return out.getvalue()


def test_docx_structure():
    paras = parse_draft(_docx(), "draft.docx")
    assert [p.kind for p in paras] == [
        "heading",
        "heading",
        "pp",
        "pp",
        "heading",
        "op",
        "op",
        "op",
    ]
    noting = paras[3]
    assert noting.text.endswith("Secretary-General,[^1]")
    assert [(f.label, f.text) for f in noting.footnotes] == [("1", "A/80/123 [as revised].")]
    assert "(a) on progress;" in paras[6].text and paras[7].number == "3."
    assert count_brackets(paras[5].text).opened == 4


def test_import_service_docx_creates_version_paragraphs_brackets(world, report):
    version = version_import(
        actor=world.users["secretariat"],
        report=report,
        data=_docx(),
        filename="d.docx",
        kind="zero_draft",
        label="Zero draft",
    )
    items = list(selectors.version_items(version))
    assert version.status == "draft"
    assert [i.paragraph.key for i in items] == ["H1", "H2", "PP1", "PP2", "H3", "OP1", "OP2", "OP3"]
    assert items[3].footnotes == [{"label": "1", "text": "A/80/123 [as revised]."}]
    # Top-level spans: [establish], [consider], [forum [on data]] in OP1; [comment] in OP3.
    spans = list(Bracket.objects.filter(version=version).values_list("paragraph__key", "text"))
    assert spans == [
        ("OP1", "[establish]"),
        ("OP1", "[consider]"),
        ("OP1", "[forum [on data]]"),
        ("OP3", "[comment]"),
    ]
    assert all(b.from_text for b in Bracket.objects.all())


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "d.md", "empty"),
        (b"   \n\n", "d.md", "empty"),
        (b"PK\x03\x04 not really a zip", "d.docx", "damaged"),
        (b"%PDF-1.7 ...", "d.pdf", "PDF"),
        (b"# Only a heading\n", "d.md", "No paragraphs"),
        (b"\xff\xfe\x00b\x00a\x00d", "d.txt", "not text"),
        (b"text", "d.xlsx", "Unsupported"),
    ],
)
def test_bad_input_writes_nothing(world, report, data, filename, message):
    counts = (Version.objects.count(), Paragraph.objects.count(), VersionParagraph.objects.count())
    with pytest.raises(ValidationFailed, match=message):
        version_import(
            actor=world.users["chair"],
            report=report,
            data=data,
            filename=filename,
            kind="zero_draft",
            label="Zero draft",
        )
    assert (
        Version.objects.count(),
        Paragraph.objects.count(),
        VersionParagraph.objects.count(),
    ) == counts


def test_zip_bomb_is_refused(world, report):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b"a" * 50_000_000 + b">")
    with pytest.raises(ValidationFailed, match="rejected"):
        version_import(
            actor=world.users["chair"],
            report=report,
            data=buffer.getvalue(),
            filename="b.docx",
            kind="zero_draft",
            label="Bomb",
        )
    assert Version.objects.count() == 0


COP21 = "cop21-paris-agreement-drafts"


def _independent_counts(text: str) -> tuple[int, int]:
    """OPs = numbered lines at the margin; PPs = non-blank lines between Preamble and Article 1."""
    ops = len(re.findall(r"^\d+[a-z]*\. ", text, flags=re.M))
    preamble = text.split("## Preamble", 1)[1].split("## Article 1", 1)[0]
    return ops, sum(1 for line in preamble.splitlines() if line.strip())


@pytest.mark.parametrize(
    ("name", "ops", "pps", "headings", "opened"),
    [
        ("agreement-23-oct-2015.md", 163, 18, 32, 1021),
        ("agreement-4-dec-2015.md", 146, 18, 32, 1013),
        ("agreement-12-dec-2015.md", 124, 18, 30, 0),
    ],
)
def test_cop21_markdown_import(world, report, name, ops, pps, headings, opened):
    path = shared_data(COP21, name)
    data = path.read_bytes()
    assert _independent_counts(data.decode()) == (ops, pps)
    version = version_import(
        actor=world.users["chair"],
        report=report,
        data=data,
        filename=name,
        kind="compilation",
        label=name,
    )
    kinds = [i.paragraph.kind for i in selectors.version_items(version)]
    assert (
        kinds.count("op") == ops and kinds.count("pp") == pps and kinds.count("heading") == headings
    )
    # Every negotiation bracket of the README's count is in a paragraph or one of its footnotes.
    from accord.core.draft_import import parse_paragraph

    total = 0
    for item in selectors.version_items(version):
        labels = [f["label"] for f in item.footnotes]
        total += count_brackets(parse_paragraph(item.text, labels)).opened
    footnotes = {f["label"]: f["text"] for i in version.items.all() for f in i.footnotes}
    total += sum(count_brackets(t).opened for t in footnotes.values())
    assert total == opened
    top_level = Bracket.objects.filter(version=version).count()
    assert (top_level > 0) == (opened > 0)
