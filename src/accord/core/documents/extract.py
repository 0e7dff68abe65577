"""``extract_text``: sniff an upload's type from its bytes and route it to a reader."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from accord.core.documents.model import (
    DEFAULT_MAX_BYTES,
    MEGABYTE,
    DocumentError,
    ExtractedDocument,
)
from accord.core.documents.pdf import PDF_LIMITS, UNREADABLE, PdfLimits, extract_pdf
from accord.core.documents.plaintext import blocks, decode_text, looks_like_srt, more_blocks_than
from accord.core.documents.word import DAMAGED, extract_docx, is_docx_zip
from accord.core.documents.ziplimits import DOCX_LIMITS, ZipLimits
from accord.core.messages import gettext_noop

_TEXT_EXTENSIONS = frozenset({"", ".txt", ".text", ".md", ".srt", ".vtt"})
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and password-protected .docx
_UNSUPPORTED = gettext_noop(
    "Unsupported file type (%(type)s): upload a Word document (.docx), a PDF or a plain-text "
    "file (.txt, .srt)."
)
_TOO_MANY_BLOCKS = gettext_noop(
    "This text file has more than %(limit)s paragraphs (blocks separated by blank lines)."
)
#: A text file's paragraphs are bounded before they are built (six million took 7 s); a
#: 300-page report has a few thousand, a day of SRT cues under ten thousand.
DEFAULT_MAX_TEXT_PARAGRAPHS = 100_000
_OLD_OFFICE = gettext_noop(
    "This is an old-style Office file (.doc) or a password-protected document; save it as "
    ".docx or PDF without a password and upload it again."
)


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:g} MB"


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except Exception:  # a damaged zip is reported by the caller, with the file's own name
        return None


def extract_text(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int | None = None,
    pdf_limits: PdfLimits = PDF_LIMITS,
    docx_limits: ZipLimits = DOCX_LIMITS,
    max_text_paragraphs: int = DEFAULT_MAX_TEXT_PARAGRAPHS,
) -> ExtractedDocument:
    """Extract text and paragraphs from an uploaded file.

    ``data`` is the whole file; ``filename`` is the name the user gave it (only its extension
    is used, and only when the content's magic bytes do not decide: ``%PDF-`` means PDF and a
    zip with ``word/document.xml`` means DOCX whatever the name). ``max_bytes`` bounds the
    upload (default 20 MB). PDFs are read within ``pdf_limits`` (pages, content, time;
    ``max_pages``, when given, overrides its page limit) and DOCX containers are checked
    within ``docx_limits`` (zip bombs, unsafe names, declarations, paragraphs) before anything
    is parsed. A text file has at most ``max_text_paragraphs`` blank-line separated blocks.

    Raises ``DocumentError`` (a ``ValueError`` whose message can be shown to the uploader) for
    oversized, empty, damaged, binary or unsupported files. Deterministic.
    """
    if len(data) > max_bytes:
        raise DocumentError(
            gettext_noop("The file is larger than %(size)s."), size=_megabytes(max_bytes)
        )
    if not data:
        raise DocumentError(gettext_noop("The file is empty."))
    extension = PurePath(filename or "").suffix.casefold()
    if b"%PDF-" in data[:1024]:  # the PDF header may follow a little junk, as readers allow
        return extract_pdf(data, max_pages=max_pages, limits=pdf_limits)
    if data.startswith(_ZIP_MAGIC):
        names = _zip_names(data)
        if names is not None and is_docx_zip(names):
            return extract_docx(data, limits=docx_limits)
        if extension == ".docx" or names is None:
            raise DocumentError(DAMAGED)
        raise DocumentError(_UNSUPPORTED, type=extension or "zip archive")
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(_OLD_OFFICE)
    if extension == ".docx":
        raise DocumentError(DAMAGED)
    if extension == ".pdf":
        raise DocumentError(UNREADABLE)
    if extension not in _TEXT_EXTENSIONS:
        raise DocumentError(_UNSUPPORTED, type=extension)
    text = decode_text(data)
    if more_blocks_than(text, max_text_paragraphs):
        raise DocumentError(_TOO_MANY_BLOCKS, limit=f"{max_text_paragraphs:,}")
    kind = "srt" if extension in {".srt", ".vtt"} or looks_like_srt(text) else "txt"
    return ExtractedDocument(kind=kind, text=text, paragraphs=blocks(text), page_count=None)
