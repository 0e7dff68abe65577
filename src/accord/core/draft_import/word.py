"""Reading the chair's Word file (DOCX) into blocks, after the container is checked.

- paragraphs styled ``Heading N`` or ``Title`` are headings;
- a paragraph with Word numbering (``w:numPr`` on the paragraph or its style) at level 0,
  or typed "1." / "OP7bis.", starts a numbered paragraph; deeper levels and typed "(a)"
  continue the numbered paragraph above (sub-paragraphs stay with their paragraph);
- footnote references become ``[^n]`` markers in the text and the footnote texts are read
  from ``word/footnotes.xml``; tracked deletions and field codes are skipped;
- whether the first run is italic feeds the preambular heuristic (see ``classify``).
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

from accord.core.documents import DocumentError, extract_text
from accord.core.draft_import.classify import classify
from accord.core.draft_import.markdown import canonical_label
from accord.core.draft_import.model import Block, DraftImportError, ImportedParagraph

_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_FOOTREF = qn("w:footnoteReference")
_SKIP = frozenset({qn("w:delText"), qn("w:instrText"), qn("w:del"), qn("w:moveFrom"), qn("w:rPr")})
_TYPED_NUMBER = re.compile(r"^(\d{1,3}[a-z]{0,9})\.\s+")
_TYPED_LABEL = re.compile(r"^((?:PP|OP)\s?\d{1,4}(?:[a-z]{2,9})?(?:alt\d*)?)\s?[.:)]\s+", re.I)
_SUB_ITEM = re.compile(r"^\((?:[a-z]{1,4}|[ivxl]{1,6})\)\s+")


def _text(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _FOOTREF:
            out.append(f"[^{child.get(qn('w:id'))}]")
        else:
            _text(child, out)


def _italic_start(paragraph: Any) -> bool:
    for run in paragraph.runs:
        if run.text.strip() and run.text.strip() not in "[":
            return bool(run.italic)
    return False


def _numbering_level(paragraph: Any) -> int | None:
    """Word list level (0 = top) from the paragraph's or its style's ``w:numPr``."""
    for owner in (paragraph._p, getattr(paragraph.style, "element", None)):
        if owner is None:
            continue
        ppr = owner.find(qn("w:pPr"))
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num is not None:
            num_id = num.find(qn("w:numId"))
            if num_id is not None and num_id.get(qn("w:val")) == "0":
                return None  # numbering switched off
            ilvl = num.find(qn("w:ilvl"))
            return int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
    return None


def _footnotes(document: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in document.part.package.parts:
        if str(part.partname) != "/word/footnotes.xml":
            continue
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        for note in root.iter(qn("w:footnote")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
                continue
            paras = []
            for p in note.iter(qn("w:p")):
                parts: list[str] = []
                _text(p, parts)
                paras.append("".join(parts).strip())
            out[str(note.get(qn("w:id")))] = "\n\n".join(p for p in paras if p)
    return out


def parse_docx(data: bytes) -> tuple[ImportedParagraph, ...]:
    """Paragraphs of a DOCX draft (see the module docstring)."""
    try:
        extract_text(data, "draft.docx")  # size, zip-bomb, DTD and damage checks
    except DocumentError as error:
        raise DraftImportError(str(error)) from error
    try:
        document = docx.Document(io.BytesIO(data))
        footnotes = _footnotes(document)
        blocks = _blocks(document)
    except DraftImportError:
        raise
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors …
        raise DraftImportError("This DOCX file is damaged or is not a Word document.") from error
    return classify(blocks, footnotes)


def _blocks(document: Any) -> list[Block]:
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        parts: list[str] = []
        _text(paragraph._p, parts)
        text = "".join(parts).strip()
        if not text:
            continue
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        if style.startswith("Heading") or style == "Title":
            blocks.append(Block(text=text, heading=True))
            continue
        level = _numbering_level(paragraph)
        typed = _TYPED_NUMBER.match(text)
        labelled = _TYPED_LABEL.match(text)
        key = canonical_label(labelled.group(1)) if labelled else None
        previous = blocks[-1] if blocks else None
        continues = previous is not None and (previous.numbered or previous.label is not None)
        if continues and ((level is not None and level > 0) or _SUB_ITEM.match(text)):
            assert previous is not None
            blocks[-1] = Block(
                text=f"{previous.text}\n{text}",
                numbered=previous.numbered,
                number=previous.number,
                label=previous.label,
                italic_start=previous.italic_start,
            )
            continue
        italic = _italic_start(paragraph)
        if labelled and key:
            blocks.append(Block(text=text[labelled.end() :], numbered=True, label=key))
        elif typed:
            blocks.append(
                Block(text=text[typed.end() :], numbered=True, number=typed.group(1) + ".")
            )
        elif level is not None:
            blocks.append(Block(text=text, numbered=True, italic_start=italic))
        else:
            blocks.append(Block(text=text, italic_start=italic))
    return blocks
