"""Text out of PDF files with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from accord.core.documents.model import DEFAULT_MAX_PAGES, DocumentError, ExtractedDocument
from accord.core.documents.plaintext import blocks

UNREADABLE = "This PDF could not be read."
_LOCKED = "This PDF is password-protected; upload a copy without a password."


def extract_pdf(data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> ExtractedDocument:
    """Extract the text of every page, pages joined by a blank line.

    Raises ``DocumentError`` for damaged or password-protected files and for more than
    ``max_pages`` pages. pypdf's own decompression limits (75 MB per stream) bound memory.
    A PDF of scanned images yields empty text, not an error.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" only with an empty user password (print restrictions).
            try:
                unlocked = reader.decrypt("")
            except Exception as error:  # unsupported cipher, missing crypto library
                raise DocumentError(_LOCKED) from error
            if not unlocked:
                raise DocumentError(_LOCKED)
        page_count = len(reader.pages)
        if page_count > max_pages:
            raise DocumentError(f"This PDF has {page_count:,} pages; the limit is {max_pages:,}.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many types on damaged input, not only PdfReadError
        raise DocumentError(UNREADABLE) from error
    paragraphs = tuple(paragraph for page in pages for paragraph in blocks(page))
    return ExtractedDocument(
        kind="pdf", text="\n\n".join(paragraphs), paragraphs=paragraphs, page_count=page_count
    )
