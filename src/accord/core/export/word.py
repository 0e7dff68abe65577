"""A Word file of a version, in the UN style delegations work with.

- Operative paragraphs use real Word numbering (a ``w:abstractNum`` in numbering.xml and
  ``w:numPr`` on each paragraph), so a paragraph inserted in Word renumbers the rest;
  sub-levels are ``(a)`` and ``(i)``.
- Preambular paragraphs have no number and their first word in italics.
- Negotiation brackets stay typed ``[ ]``; who holds a bracket, and why, is a real Word
  footnote (python-docx has no footnote API: the footnotes part is written as OOXML here).
- The header block gives the symbol, date and original language; the footer the content
  hash and any notice such as "Demonstration data".
"""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from accord.core.export.model import ExportDocument, ExportParagraph, is_rtl, language_name
from accord.core.export.tokens import CloseTok, Laid, Note, NoteTok, OpenTok, TextTok, layout

# Twentieths of a point: 567 ≈ 1 cm.
_INDENT = 567

_ABSTRACT_NUM = """<w:abstractNum {ns} w:abstractNumId="{aid}">
  <w:multiLevelType w:val="multilevel"/>
  <w:name w:val="UN operative paragraphs"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="{i}"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{i2}" w:hanging="{i}"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{i3}" w:hanging="{i}"/></w:pPr></w:lvl>
</w:abstractNum>"""


def _add_numbering(document: docx.document.Document) -> int:
    """Add the operative-paragraph list definition; return its ``w:numId``."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    aid = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(
        _ABSTRACT_NUM.format(ns=nsdecls("w"), aid=aid, i=_INDENT, i2=2 * _INDENT, i3=3 * _INDENT)
    )
    # Schema order: every abstractNum comes before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/></w:num>'
    )
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        numbering.append(num)
    return num_id


def _set_numbering(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    # get_or_add_* keep the child order the OOXML schema (and Word) insist on.
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _rtl(paragraph: Paragraph) -> None:
    paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _run(paragraph: Paragraph, text: str, *, italic: bool = False, rtl: bool = False) -> None:
    run = paragraph.add_run(text)
    if italic:
        run.italic = True
    if rtl:
        run._r.get_or_add_rPr().get_or_add_rtl()


def _note_ref(paragraph: Paragraph, number: int) -> None:
    run = paragraph.add_run()
    run.font.superscript = True
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run._r.append(ref)


def _write_tokens(paragraph: Paragraph, laid: Laid, *, italic_first: bool, rtl: bool) -> None:
    pending = italic_first
    for token in laid.tokens:
        if isinstance(token, TextTok):
            text = token.text
            if pending and text.strip():
                stripped = text.lstrip()
                lead = text[: len(text) - len(stripped)]
                word, sep, rest = stripped.partition(" ")
                if lead:
                    _run(paragraph, lead, rtl=rtl)
                _run(paragraph, word, italic=True, rtl=rtl)
                if sep or rest:
                    _run(paragraph, sep + rest, rtl=rtl)
                pending = False
            else:
                _run(paragraph, text, rtl=rtl)
        elif isinstance(token, OpenTok | CloseTok):
            if token.mark:
                _run(paragraph, token.mark, rtl=rtl)
        elif isinstance(token, NoteTok):
            _note_ref(paragraph, token.number)


def _footnotes_xml(notes: list[Note], rtl: bool) -> bytes:
    """The footnotes part: the two separators Word requires, then one footnote per note."""
    w = nsdecls("w")
    bidi = "<w:pPr><w:bidi/></w:pPr>" if rtl else ""
    items = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>",
    ]
    for note in notes:
        text = note.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        items.append(
            f'<w:footnote w:id="{note.number}"><w:p>{bidi}'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f"{head}<w:footnotes {w}>{''.join(items)}</w:footnotes>".encode()


def _add_footnotes(document: docx.document.Document, notes: list[Note], rtl: bool) -> None:
    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        _footnotes_xml(notes, rtl),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _right(document: docx.document.Document, text: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold


def _write_compilation(
    out: docx.document.Document, item: ExportParagraph, rtl: bool, bullets: tuple[str, str]
) -> None:
    """A compilation text's remarks and proposals under their paragraph. ``bullets``: the style
    ids of a proposal and of an amendment to it, looked up once (python-docx looks a style up
    by scanning every style, each time a paragraph's style is set by name or object)."""
    for line in item.remarks:
        remark = out.add_paragraph()
        remark.paragraph_format.left_indent = Pt(_INDENT / 20)
        if rtl:
            _rtl(remark)
        run = remark.add_run(line)
        run.font.size = Pt(10)
        run.italic = True
    for proposal in item.proposals:
        paragraph = out.add_paragraph()
        paragraph._p.get_or_add_pPr().style = bullets[1] if proposal.depth else bullets[0]
        if rtl:
            _rtl(paragraph)
        head = " ".join(x for x in (proposal.ref, proposal.action) if x)
        paragraph.add_run(f"{head}: " if proposal.change else head).bold = True
        for tag, text in proposal.change:
            run = paragraph.add_run(text)
            if tag == "delete":
                run.font.strike = True
            elif tag == "insert":
                run.bold = True
                run.underline = True
        if proposal.status:
            paragraph.add_run(f" ({proposal.status})").italic = True
        for attribution in proposal.attributions:
            paragraph.add_run().add_break()
            paragraph.add_run(f"{attribution.label}: ").italic = True
            paragraph.add_run(", ".join(attribution.names))


def to_docx(document: ExportDocument) -> bytes:
    """The version as a .docx file (bytes)."""
    rtl = is_rtl(document.language)
    out = docx.Document()
    normal = out.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    props = out.core_properties
    props.title = document.title[:255]
    props.language = document.language
    props.subject = document.symbol
    props.comments = (
        f"Content hash (SHA-256): {document.content_hash}" if document.content_hash else ""
    )

    section = out.sections[0]
    header = section.header.paragraphs[0]
    header.text = " ".join(x for x in (document.symbol, document.version_label) if x)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    # The header block of page one, as in UN documents.
    if document.group_name:
        _right(out, document.group_name)
    if document.symbol:
        _right(out, document.symbol, bold=True)
    if document.date:
        _right(out, f"Date: {document.date.isoformat()}")
    _right(out, f"Original: {language_name(document.original_language)}")
    if document.version_label:
        label = document.version_label
        if document.status:
            label += f" ({document.status})"
        _right(out, label)
    title = out.add_paragraph()
    title_run = title.add_run(document.title)
    title_run.bold = True
    title_run.font.size = Pt(14)
    if document.subtitle:
        out.add_paragraph().add_run(document.subtitle).bold = True
    for line in document.preface:
        out.add_paragraph().add_run(line).italic = True

    num_id = _add_numbering(out)
    bullets = (out.styles["List Bullet"].style_id, out.styles["List Bullet 2"].style_id)
    notes: list[Note] = []
    for laid in layout(document):
        kind = laid.paragraph.kind
        if kind == "heading":
            paragraph = out.add_heading(level=2)
        else:
            paragraph = out.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if kind == "op":
                _set_numbering(paragraph, num_id)
            else:
                paragraph.paragraph_format.first_line_indent = Pt(_INDENT / 20)
        if rtl:
            _rtl(paragraph)
        _write_tokens(paragraph, laid, italic_first=kind == "pp", rtl=rtl)
        notes.extend(laid.notes)
        if laid.paragraph.remarks or laid.paragraph.proposals:
            _write_compilation(out, laid.paragraph, rtl, bullets)

    footer = section.footer.paragraphs[0]
    lines = list(document.notices)
    if document.content_hash:
        lines.append(f"Content hash (SHA-256): {document.content_hash}")
    for i, line in enumerate(lines):
        if i:
            footer.add_run().add_break()
        footer.add_run(line).font.size = Pt(8)

    if notes:
        _add_footnotes(out, notes, rtl)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
