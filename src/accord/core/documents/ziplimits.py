"""Zip-bomb and path checks on a DOCX container, made before anything is decompressed.

OWASP ASVS 12.1.2: check the declared sizes in the zip central directory first. Python's
``zipfile`` stops reading an entry at its declared size (and checks the CRC), so a file that
lies about its sizes cannot expand past what is checked here.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from accord.core.documents.model import MEGABYTE, DocumentError
from accord.core.messages import gettext_noop


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Limits on a zip container (sizes in bytes, uncompressed as the zip declares them).

    ``max_xml_bytes`` bounds the parts an XML parser reads (together: a parsed Word part
    takes about twelve times its size in memory) and ``max_paragraphs`` the paragraph
    elements in them, counted by a streaming scan before any of them is parsed.
    """

    max_entries: int = 2_000
    max_total_uncompressed: int = 64 * MEGABYTE
    max_ratio: float = 100.0
    # Small parts compress very well legitimately (repetitive XML); only big ones can hurt.
    ratio_applies_above: int = 1 * MEGABYTE
    max_xml_bytes: int = 10 * MEGABYTE
    max_paragraphs: int = 50_000


DOCX_LIMITS = ZipLimits()

_TOO_MANY_PARTS = gettext_noop(
    "This DOCX file was rejected: it contains more than %(limit)s parts."
)
_UNSAFE_NAME = gettext_noop("This DOCX file was rejected: it contains an unsafe file name.")
_ENCRYPTED = gettext_noop("This DOCX file was rejected: it is encrypted.")
_BOMB = gettext_noop("This DOCX file was rejected: it is compressed suspiciously (a zip bomb?).")
_EXPANDS = gettext_noop("This DOCX file was rejected: it would expand to more than %(size)s MB.")


def _unsafe_name(name: str) -> bool:
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return True
    return ".." in normal.split("/")


def check_zip(infos: Sequence[zipfile.ZipInfo], limits: ZipLimits = DOCX_LIMITS) -> None:
    """Raise ``DocumentError`` when the central directory describes an unsafe archive.

    Rejects more than ``max_entries`` entries, a total declared uncompressed size above
    ``max_total_uncompressed``, any entry larger than ``ratio_applies_above`` whose
    uncompressed/compressed ratio exceeds ``max_ratio``, absolute or ``..`` entry names, and
    encrypted entries. Nested archives are not opened, so they need no check.
    """
    if len(infos) > limits.max_entries:
        raise DocumentError(_TOO_MANY_PARTS, limit=f"{limits.max_entries:,}")
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise DocumentError(_UNSAFE_NAME)
        if info.flag_bits & 0x1:
            raise DocumentError(_ENCRYPTED)
        total += info.file_size
        if info.file_size > limits.ratio_applies_above and (
            info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            raise DocumentError(_BOMB)
    if total > limits.max_total_uncompressed:
        raise DocumentError(_EXPANDS, size=f"{limits.max_total_uncompressed // MEGABYTE}")
