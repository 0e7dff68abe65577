"""Text out of DOCX files with python-docx, after the container has been checked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn

from accord.core.documents.model import DocumentError, ExtractedDocument
from accord.core.documents.ziplimits import DOCX_LIMITS, ZipLimits, check_zip

DAMAGED = "This DOCX file is damaged or is not a Word document."
_MAIN_PART = "word/document.xml"
# Markup declarations are never present in files Word writes; refusing them removes entity
# expansion (billion laughs) and external entities (XXE) whatever the XML parser does.
# python-docx's own parser is also built with resolve_entities=False (tested).
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)

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


def _open_checked(data: bytes, limits: ZipLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip(infos, limits)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    part = archive.read(info)
                    if any(marker in part for marker in _DTD_MARKERS):
                        raise DocumentError(
                            "This DOCX file was rejected: it contains XML declarations "
                            "that Word never writes."
                        )
    except DocumentError:
        raise
    except Exception as error:  # BadZipFile, CRC errors, unsupported compression, ...
        raise DocumentError(DAMAGED) from error


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
    """Check the container, then extract the body's paragraphs (tracked changes accepted).

    Headers, footers, footnotes and comments are not included.
    """
    _open_checked(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = tuple(_paragraphs(document.element.body))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors, ...
        raise DocumentError(DAMAGED) from error
    return ExtractedDocument(
        kind="docx", text="\n\n".join(paragraphs), paragraphs=paragraphs, page_count=None
    )
