"""Result type and the one error of document extraction."""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.messages import UserInputError

#: Kinds of file :func:`accord.core.documents.extract_text` reads.
KINDS: tuple[str, ...] = ("txt", "srt", "docx", "pdf")

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MEGABYTE
DEFAULT_MAX_PAGES = 2_000


class DocumentError(UserInputError):
    """An uploaded file cannot be read safely.

    The message is written for the person who uploaded the file and can be shown as is
    (``template`` and ``params`` translate it: see :mod:`accord.core.messages`).
    """


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Text taken out of an uploaded file.

    ``kind`` is one of :data:`KINDS`. ``paragraphs`` are the non-empty paragraphs in reading
    order: Word paragraphs and table-cell paragraphs for DOCX; blank-line separated blocks for
    text, SRT and PDF (a PDF has no paragraph structure, so a block is often a whole page).
    ``text`` is the decoded file for ``txt``/``srt`` (line endings normalised to ``\\n``, BOM
    removed) and the paragraphs joined by blank lines for ``docx``/``pdf``. ``page_count`` is
    set for PDF only.
    """

    kind: str
    text: str
    paragraphs: tuple[str, ...]
    page_count: int | None = None
