"""Text out of DOCX files with python-docx, after the container has been checked."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn

from accord.core.documents.container import DAMAGED, check_docx
from accord.core.documents.model import DocumentError, ExtractedDocument
from accord.core.documents.ziplimits import DOCX_LIMITS, ZipLimits

__all__ = ["DAMAGED", "extract_docx", "is_docx_zip"]

_MAIN_PART = "word/document.xml"

_W_P = qn("w:p")
_W_T = qn("w:t")
_TEXT_MARKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Not visible text: deleted or moved-away revisions, field codes, and the duplicate
# (legacy VML) copy of a text box that Word keeps in mc:Fallback.
_SKIPPED = frozenset(
    {_W_P, qn("w:delText"), qn("w:instrText"), qn("w:moveFrom"), qn("w:del"), _MC_FALLBACK}
)


def is_docx_zip(names: set[str]) -> bool:
    """Whether a zip's entry names are those of a Word document."""
    return _MAIN_PART in names


def _paragraph_text(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue  # comments and processing instructions have non-string tags
        if tag == _W_T:
            out.append(child.text or "")
        elif tag in _TEXT_MARKS:
            out.append(_TEXT_MARKS[tag])
        else:
            _paragraph_text(child, out)


def _paragraphs(body: Any) -> Iterator[str]:
    """Body paragraphs in reading order, table cells and text boxes included."""
    for paragraph in body.iter(_W_P):
        if any(True for _ in paragraph.iterancestors(_MC_FALLBACK)):
            continue
        parts: list[str] = []
        _paragraph_text(paragraph, parts)
        text = "".join(parts).strip()
        if text:
            yield text


def extract_docx(data: bytes, *, limits: ZipLimits = DOCX_LIMITS) -> ExtractedDocument:
    """Check the container (:func:`check_docx`), then extract the body's paragraphs (tracked
    changes accepted).

    Headers, footers, footnotes and comments are not included.
    """
    check_docx(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = tuple(_paragraphs(document.element.body))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors, ...
        raise DocumentError(DAMAGED) from error
    return ExtractedDocument(
        kind="docx", text="\n\n".join(paragraphs), paragraphs=paragraphs, page_count=None
    )
