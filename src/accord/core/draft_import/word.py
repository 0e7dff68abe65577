"""Reading the chair's Word file (DOCX) into blocks, after the container is checked.

- paragraphs styled ``Heading N`` or ``Title`` are headings;
- a paragraph with Word numbering (``w:numPr`` on the paragraph or its style) at level 0,
  or typed "1." / "48 bis." / "OP7bis.", starts a numbered paragraph; deeper levels and
  typed "(a)" continue the numbered paragraph above (sub-paragraphs stay with their
  paragraph); typed numbers are read as in Markdown (``classify.typed_number``);
- footnote references become ``[^n]`` markers in the text and the footnote texts are read
  from ``word/footnotes.xml``; tracked deletions and field codes are skipped;
- whether the first run is italic feeds the preambular heuristic (see ``classify``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from accord.core.documents import DOCX_LIMITS, DocumentError, ZipLimits, check_docx
from accord.core.draft_import.classify import classify, typed_number
from accord.core.draft_import.markdown import canonical_label
from accord.core.draft_import.model import Block, DraftImportError, ImportedParagraph
from accord.core.messages import gettext_noop

#: A draft's container limits: those of any DOCX, with fewer paragraph elements (a draft is
#: imported paragraph by paragraph; the drafts app takes at most 5,000 of them).
DRAFT_DOCX_LIMITS = replace(DOCX_LIMITS, max_paragraphs=20_000)
_DAMAGED = gettext_noop("This DOCX file is damaged or is not a Word document.")

_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_R, _RPR, _I = qn("w:r"), qn("w:rPr"), qn("w:i")
_PPR, _PSTYLE, _NUMPR, _NUMID, _ILVL, _VAL = (
    qn("w:pPr"),
    qn("w:pStyle"),
    qn("w:numPr"),
    qn("w:numId"),
    qn("w:ilvl"),
    qn("w:val"),
)
_FOOTREF = qn("w:footnoteReference")
_SKIP = frozenset({qn("w:delText"), qn("w:instrText"), qn("w:del"), qn("w:moveFrom"), qn("w:rPr")})
_TYPED_LABEL = re.compile(r"^((?:PP|OP)\s?\d{1,4}(?:[a-z]{2,9})?(?:alt\d*)?)\s?[.:)]\s+", re.I)
_SUB_ITEM = re.compile(r"^\((?:[a-z]{1,4}|[ivxl]{1,6})\)\s+")


_TEXT_TAGS = (_T, _TAB, _BR, _CR, _FOOTREF)
_HIDING = (qn("w:del"), qn("w:moveFrom"))


def _text(element: Any, out: list[str]) -> None:
    """The visible text of ``element``: tracked deletions, moved-away text, field codes and
    run properties left out."""
    if next(element.iter(*_HIDING), None) is not None:
        _walk(element, out)
        return
    # Nothing hidden: lxml finds the few text elements without a Python call per element.
    for child in element.iter(*_TEXT_TAGS):
        _mark(child, out)


def _mark(child: Any, out: list[str]) -> None:
    tag = child.tag
    if tag == _T:
        out.append(child.text or "")
    elif tag == _TAB:
        out.append("\t")
    elif tag in (_BR, _CR):
        out.append("\n")
    else:
        out.append(f"[^{child.get(qn('w:id'))}]")


def _walk(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT_TAGS:
            _mark(child, out)
        else:
            _walk(child, out)


def _italic_start(p: Any) -> bool:
    """Whether the first run with text (other than a bracket) is italic (direct formatting)."""
    for run in p.iterchildren(_R):
        text = "".join(t.text or "" for t in run.iterchildren(_T)).strip()
        if text and text not in "[":
            rpr = run.find(_RPR)
            italic = rpr.find(_I) if rpr is not None else None
            if italic is None:
                return False
            return str(italic.get(_VAL, "true")).casefold() not in ("0", "false", "off")
    return False


def _numbering_level(owners: tuple[Any, ...]) -> int | None:
    """Word list level (0 = top) from the paragraph's or its style's ``w:numPr``."""
    for owner in owners:
        if owner is None:
            continue
        ppr = owner.find(_PPR)
        num = ppr.find(_NUMPR) if ppr is not None else None
        if num is not None:
            num_id = num.find(_NUMID)
            if num_id is not None and num_id.get(_VAL) == "0":
                return None  # numbering switched off
            ilvl = num.find(_ILVL)
            return int(ilvl.get(_VAL, "0")) if ilvl is not None else 0
    return None


@dataclass(frozen=True, slots=True)
class _Styles:
    """Paragraph styles by id, read once: python-docx's ``paragraph.style`` looks the default
    style up among all styles on every call (milliseconds per paragraph)."""

    names: dict[str, str]
    elements: dict[str, Any]
    default_name: str
    default_element: Any

    @classmethod
    def read(cls, document: Any) -> _Styles:
        names: dict[str, str] = {}
        elements: dict[str, Any] = {}
        for style in document.styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id is not None:
                names[style.style_id] = style.name or ""
                elements[style.style_id] = style.element
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        return cls(
            names=names,
            elements=elements,
            default_name=(default.name or "") if default is not None else "",
            default_element=default.element if default is not None else None,
        )

    def of(self, p: Any) -> tuple[str, Any]:
        """The name and element of paragraph element ``p``'s style."""
        ppr = p.find(_PPR)
        ref = ppr.find(_PSTYLE) if ppr is not None else None
        style_id = ref.get(_VAL) if ref is not None else None
        if style_id in self.names:
            return self.names[style_id], self.elements[style_id]
        return self.default_name, self.default_element


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


def parse_docx(
    data: bytes, *, limits: ZipLimits = DRAFT_DOCX_LIMITS
) -> tuple[ImportedParagraph, ...]:
    """Paragraphs of a DOCX draft (see the module docstring).

    The container is checked first (``check_docx``: zip bombs, declarations, at most
    ``limits.max_paragraphs`` paragraph elements), then parsed once; the time is linear in
    the number of paragraphs.
    """
    try:
        check_docx(data, limits)
    except DocumentError as error:
        raise DraftImportError(error.template, **error.params) from error
    try:
        document = docx.Document(io.BytesIO(data))
        footnotes = _footnotes(document)
        blocks = _blocks(document)
    except DraftImportError:
        raise
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors …
        raise DraftImportError(_DAMAGED) from error
    return classify(blocks, footnotes)


def _continue(previous: Block, lines: list[str]) -> Block:
    return Block(
        text="\n".join(lines),
        numbered=previous.numbered,
        number=previous.number,
        label=previous.label,
        italic_start=previous.italic_start,
    )


def _blocks(document: Any) -> list[Block]:
    styles = _Styles.read(document)
    blocks: list[Block] = []
    # Sub-paragraphs joined to the block above, kept as lines until the block is done, so
    # that a paragraph with thousands of sub-items is not copied once per item.
    lines: list[str] = []

    def close() -> None:
        if len(lines) > 1:
            blocks[-1] = _continue(blocks[-1], lines)
        lines.clear()

    for p in document.element.body.iterchildren(qn("w:p")):
        parts: list[str] = []
        _text(p, parts)
        text = "".join(parts).strip()
        if not text:
            continue
        style, style_element = styles.of(p)
        if style.startswith("Heading") or style == "Title":
            close()
            blocks.append(Block(text=text, heading=True))
            continue
        level = _numbering_level((p, style_element))
        typed = typed_number(text)
        labelled = _TYPED_LABEL.match(text)
        key = canonical_label(labelled.group(1)) if labelled else None
        previous = blocks[-1] if blocks else None
        continues = previous is not None and (previous.numbered or previous.label is not None)
        if continues and ((level is not None and level > 0) or _SUB_ITEM.match(text)):
            assert previous is not None
            if not lines:
                lines.append(previous.text)
            lines.append(text)
            continue
        close()
        italic = _italic_start(p)
        if labelled and key:
            blocks.append(Block(text=text[labelled.end() :], numbered=True, label=key))
        elif typed:
            blocks.append(Block(text=text[typed[1] :], numbered=True, number=typed[0]))
        elif level is not None:
            blocks.append(Block(text=text, numbered=True, italic_start=italic))
        else:
            blocks.append(Block(text=text, italic_start=italic))
    close()
    return blocks
