"""``extract_text``: sniff an upload's type from its bytes and route it to a reader."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from accord.core.documents.model import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    MEGABYTE,
    DocumentError,
    ExtractedDocument,
)
from accord.core.documents.pdf import UNREADABLE, extract_pdf
from accord.core.documents.plaintext import blocks, decode_text, looks_like_srt
from accord.core.documents.word import DAMAGED, extract_docx, is_docx_zip

_TEXT_EXTENSIONS = frozenset({"", ".txt", ".text", ".md", ".srt", ".vtt"})
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and password-protected .docx
_SUPPORTED = "upload a Word document (.docx), a PDF or a plain-text file (.txt, .srt)"


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
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ExtractedDocument:
    """Extract text and paragraphs from an uploaded file.

    ``data`` is the whole file; ``filename`` is the name the user gave it (only its extension
    is used, and only when the content's magic bytes do not decide: ``%PDF-`` means PDF and a
    zip with ``word/document.xml`` means DOCX whatever the name). ``max_bytes`` bounds the
    upload (default 20 MB); ``max_pages`` bounds PDFs. DOCX containers are checked for zip
    bombs and unsafe names before anything is decompressed.

    Raises ``DocumentError`` (a ``ValueError`` whose message can be shown to the uploader) for
    oversized, empty, damaged, binary or unsupported files. Deterministic.
    """
    if len(data) > max_bytes:
        raise DocumentError(f"The file is larger than {_megabytes(max_bytes)}.")
    if not data:
        raise DocumentError("The file is empty.")
    extension = PurePath(filename or "").suffix.casefold()
    if b"%PDF-" in data[:1024]:  # the PDF header may follow a little junk, as readers allow
        return extract_pdf(data, max_pages=max_pages)
    if data.startswith(_ZIP_MAGIC):
        names = _zip_names(data)
        if names is not None and is_docx_zip(names):
            return extract_docx(data)
        if extension == ".docx" or names is None:
            raise DocumentError(DAMAGED)
        raise DocumentError(f"Unsupported file type ({extension or 'zip archive'}): {_SUPPORTED}.")
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(
            "This is an old-style Office file (.doc) or a password-protected document; "
            "save it as .docx or PDF without a password and upload it again."
        )
    if extension == ".docx":
        raise DocumentError(DAMAGED)
    if extension == ".pdf":
        raise DocumentError(UNREADABLE)
    if extension not in _TEXT_EXTENSIONS:
        raise DocumentError(f"Unsupported file type ({extension}): {_SUPPORTED}.")
    text = decode_text(data)
    kind = "srt" if extension in {".srt", ".vtt"} or looks_like_srt(text) else "txt"
    return ExtractedDocument(kind=kind, text=text, paragraphs=blocks(text), page_count=None)
