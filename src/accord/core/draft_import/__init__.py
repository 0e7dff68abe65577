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
from accord.core.draft_import.word import parse_docx

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def parse_draft(data: bytes, filename: str) -> tuple[ImportedParagraph, ...]:
    """Read an uploaded draft; DOCX by content (zip) or name, else Markdown/plain text."""
    if not data or not data.strip():
        raise DraftImportError("The file is empty.")
    suffix = PurePath(filename or "").suffix.casefold()
    if data.startswith(_ZIP) or suffix == ".docx":
        paragraphs = parse_docx(data)
    elif data.startswith(b"%PDF-"):
        raise DraftImportError("PDF drafts cannot be imported: upload the Word (.docx) file.")
    elif suffix not in ("", ".md", ".markdown", ".txt", ".text"):
        raise DraftImportError(
            f"Unsupported file type ({suffix}): upload a Word (.docx), Markdown or text file."
        )
    else:
        paragraphs = parse_text_draft(data)
    if not any(p.kind != "heading" for p in paragraphs):
        raise DraftImportError("No paragraphs were found in this file: nothing to import.")
    return paragraphs


__all__ = [
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
