"""Importing a draft (DOCX, Markdown, plain text) into paragraphs, and reading its brackets.

- :func:`parse_draft` — bytes and a file name to :class:`ImportedParagraph` tuples, raising
  :class:`DraftImportError` with a message for the uploader;
- :func:`parse_markdown` / :func:`parse_docx` — the two readers;
- :func:`bracket_html` / :func:`paragraph_bracket_spans` — a stored paragraph's brackets.

How a paragraph's kind (heading, PP, OP, text) is decided is in ``classify``'s docstring.
"""

from __future__ import annotations

from pathlib import PurePath

from accord.core.draft_import.highlight import (
    bracket_html,
    paragraph_bracket_spans,
    parse_paragraph,
)
from accord.core.draft_import.markdown import parse_markdown, parse_text_draft
from accord.core.draft_import.model import (
    Block,
    DraftImportError,
    Footnote,
    ImportedParagraph,
    Kind,
)
from accord.core.draft_import.word import DRAFT_DOCX_LIMITS, parse_docx
from accord.core.messages import gettext_noop

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
#: A text draft is refused beyond these before it is read (a 300-page draft has ~1 MB in
#: ~10,000 lines); a DOCX draft is bounded by ``DRAFT_DOCX_LIMITS``.
MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_TEXT_LINES = 40_000


def parse_draft(data: bytes, filename: str) -> tuple[ImportedParagraph, ...]:
    """Read an uploaded draft; DOCX by content (zip) or name, else Markdown/plain text.

    Raises ``DraftImportError`` for empty, unsupported, damaged or oversized files (see
    ``DRAFT_DOCX_LIMITS``, ``MAX_TEXT_BYTES``, ``MAX_TEXT_LINES``), checked before the file
    is parsed; parsing is linear in the number of paragraphs.
    """
    if not data or not data.strip():
        raise DraftImportError(gettext_noop("The file is empty."))
    suffix = PurePath(filename or "").suffix.casefold()
    if data.startswith(_ZIP) or suffix == ".docx":
        paragraphs = parse_docx(data)
    elif data.startswith(b"%PDF-"):
        raise DraftImportError(
            gettext_noop("PDF drafts cannot be imported: upload the Word (.docx) file.")
        )
    elif suffix not in ("", ".md", ".markdown", ".txt", ".text"):
        raise DraftImportError(
            gettext_noop(
                "Unsupported file type (%(type)s): upload a Word (.docx), Markdown or text file."
            ),
            type=suffix,
        )
    else:
        _check_text_size(data)
        paragraphs = parse_text_draft(data)
    if not any(p.kind != "heading" for p in paragraphs):
        raise DraftImportError(
            gettext_noop("No paragraphs were found in this file: nothing to import.")
        )
    return paragraphs


def _check_text_size(data: bytes) -> None:
    if len(data) > MAX_TEXT_BYTES:
        raise DraftImportError(
            gettext_noop("This draft is larger than %(limit)s MB of text."),
            limit=MAX_TEXT_BYTES // (1024 * 1024),
        )
    if data.count(b"\n") >= MAX_TEXT_LINES:
        raise DraftImportError(
            gettext_noop("This draft has more than %(limit)s lines."), limit=f"{MAX_TEXT_LINES:,}"
        )


__all__ = [
    "DRAFT_DOCX_LIMITS",
    "MAX_TEXT_BYTES",
    "MAX_TEXT_LINES",
    "Block",
    "DraftImportError",
    "Footnote",
    "ImportedParagraph",
    "Kind",
    "bracket_html",
    "paragraph_bracket_spans",
    "parse_docx",
    "parse_draft",
    "parse_markdown",
    "parse_paragraph",
    "parse_text_draft",
]
