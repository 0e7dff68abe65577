"""Safe text extraction from uploaded files (TXT, SRT, DOCX, PDF).

Pure Python (no Django). The entry point is :func:`extract_text`; every failure a user can
cause is a :class:`DocumentError` with a message fit to show them.
"""

from accord.core.documents.container import check_docx
from accord.core.documents.extract import extract_text
from accord.core.documents.model import KINDS, DocumentError, ExtractedDocument
from accord.core.documents.pdf import PDF_LIMITS, PdfLimits
from accord.core.documents.ziplimits import DOCX_LIMITS, ZipLimits, check_zip

__all__ = [
    "DOCX_LIMITS",
    "KINDS",
    "PDF_LIMITS",
    "DocumentError",
    "ExtractedDocument",
    "PdfLimits",
    "ZipLimits",
    "check_docx",
    "check_zip",
    "extract_text",
]
