"""Checks on a DOCX container before python-docx parses any of it (:func:`check_docx`).

In order, each refusing with a ``DocumentError`` before the next costs anything:

1. the zip's central directory (:func:`~accord.core.documents.ziplimits.check_zip`): parts,
   declared sizes, compression ratios, names, encryption;
2. which parts an XML parser will read: every ``.xml`` and ``.rels`` part, and every part
   whose content type (``[Content_Types].xml``: an ``Override`` for its name, else the
   ``Default`` for its extension) is XML — python-docx opens the part a relationship names,
   whatever its name (``word/real.bin``); their declared sizes together are bounded;
3. a streaming scan of each of those parts, a megabyte at a time, decoded as the parser will
   decode it: markup declarations (``<!DOCTYPE``, ``<!ENTITY``) and text encodings Word
   never writes are refused, and paragraph elements are counted and bounded.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from lxml import etree

from accord.core.documents.model import MEGABYTE, DocumentError
from accord.core.documents.ziplimits import DOCX_LIMITS, ZipLimits, check_zip
from accord.core.messages import gettext_noop

DAMAGED = gettext_noop("This DOCX file is damaged or is not a Word document.")
_DECLARATIONS = gettext_noop(
    "This DOCX file was rejected: it contains XML declarations that Word never writes."
)
_ENCODING = gettext_noop(
    "This DOCX file was rejected: a part of it uses a text encoding that Word never writes."
)
_XML_TOO_BIG = gettext_noop(
    "This DOCX file was rejected: its text is larger than %(limit)s MB uncompressed."
)
_TOO_MANY_PARAGRAPHS = gettext_noop(
    "This DOCX file was rejected: it has more than %(limit)s paragraphs."
)

_CONTENT_TYPES = "[Content_Types].xml"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Markup declarations are never present in files Word writes; refusing them removes entity
# expansion (billion laughs) and external entities (XXE) whatever the XML parser does.
# python-docx's own parser is also built with resolve_entities=False (tested).
_DECLARATION = re.compile("<!(?:DOCTYPE|ENTITY)")
# A paragraph element in any namespace prefix (w:p, a:p, p) but not w:pPr: counted, unparsed.
_PARAGRAPH = re.compile(r"<(?:[^\W\d][\w.\-]{0,40}:)?p[\s/>]")
_OVERLAP = 64  # longer than any match of the two patterns above
_CHUNK = MEGABYTE
_ENCODING_DECLARED = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._\-]{1,40})["']"""
)
# Encodings in which ASCII markup is spelled in ASCII bytes: read as latin-1, the scan sees
# exactly the markup the parser sees. Any other declared encoding is refused.
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252"}
)
# UCS-4 in either order (with or without a byte-order mark) and EBCDIC ("<?xm").
_REFUSED_STARTS = (b"\x00\x00\x00<", b"<\x00\x00\x00", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_EBCDIC = b"Lo\xa7\x94"


def _decoder(head: bytes) -> codecs.IncrementalDecoder:
    """The decoder that reads a part as libxml2 will, from its first bytes (XML 1.0 F.1)."""
    if head.startswith(_REFUSED_STARTS) or head.startswith(_EBCDIC):
        raise DocumentError(_ENCODING)
    if head.startswith(codecs.BOM_UTF8):
        return codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")(errors="replace")
    if head.startswith(b"<\x00"):
        return codecs.getincrementaldecoder("utf-16-le")(errors="replace")
    if head.startswith(b"\x00<"):
        return codecs.getincrementaldecoder("utf-16-be")(errors="replace")
    declared = _ENCODING_DECLARED.match(head)
    if declared is not None and declared[1].decode().casefold() not in _ASCII_COMPATIBLE:
        raise DocumentError(_ENCODING)
    return codecs.getincrementaldecoder("latin-1")()


def _scan(read: Callable[[int], bytes]) -> int:
    """Refuse declarations or odd encodings in one part; return its paragraph elements."""
    chunk = read(_CHUNK)
    decoder = _decoder(chunk[:256])
    tail = ""
    paragraphs = 0
    while True:
        final = not chunk
        window = tail + decoder.decode(chunk, final)
        if _DECLARATION.search(window):
            raise DocumentError(_DECLARATIONS)
        # A match ending inside the tail was counted with the previous window.
        paragraphs += sum(1 for m in _PARAGRAPH.finditer(window) if m.end() > len(tail))
        if final:
            return paragraphs
        tail = window[-_OVERLAP:]
        chunk = read(_CHUNK)


def _is_xml_type(content_type: str) -> bool:
    folded = content_type.strip().casefold()
    return folded.endswith("xml") and not folded.startswith("image/")


def _content_types(archive: zipfile.ZipFile, names: set[str]) -> tuple[dict[str, str], ...]:
    """(``Default`` by extension, ``Override`` by part name), both keys case-folded."""
    if _CONTENT_TYPES not in names:
        return {}, {}
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    root = etree.fromstring(archive.read(_CONTENT_TYPES), parser)
    defaults = {
        str(e.get("Extension", "")).casefold(): str(e.get("ContentType", ""))
        for e in root.iter(f"{_TYPES_NS}Default")
    }
    overrides = {
        str(e.get("PartName", "")).lstrip("/").casefold(): str(e.get("ContentType", ""))
        for e in root.iter(f"{_TYPES_NS}Override")
    }
    return defaults, overrides


def _read_as_xml(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> bool:
    folded = name.casefold()
    if folded.endswith((".xml", ".rels")):
        return True
    content_type = overrides.get(folded)
    if content_type is None:
        content_type = defaults.get(PurePosixPath(folded).suffix.lstrip("."), "")
    return _is_xml_type(content_type)


def check_docx(data: bytes, limits: ZipLimits = DOCX_LIMITS) -> None:
    """Check a DOCX container before it is parsed (see the module docstring).

    Raises ``DocumentError``: for an unsafe container (``check_zip``), XML parts larger
    together than ``limits.max_xml_bytes``, a markup declaration or an encoding Word never
    writes in any part an XML parser reads, more than ``limits.max_paragraphs`` paragraph
    elements in them, or a damaged zip. Memory stays within a megabyte per part read.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            check_zip(infos, limits)
            names = {info.filename for info in infos}
            if _CONTENT_TYPES in names:
                types_info = archive.getinfo(_CONTENT_TYPES)
                if types_info.file_size > limits.max_xml_bytes:
                    raise DocumentError(_XML_TOO_BIG, limit=f"{limits.max_xml_bytes // MEGABYTE}")
                with archive.open(types_info) as part:
                    _scan(part.read)
            defaults, overrides = _content_types(archive, names)
            xml_parts = [i for i in infos if _read_as_xml(i.filename, defaults, overrides)]
            if sum(info.file_size for info in xml_parts) > limits.max_xml_bytes:
                raise DocumentError(_XML_TOO_BIG, limit=f"{limits.max_xml_bytes // MEGABYTE}")
            paragraphs = 0
            for info in xml_parts:
                if info.filename == _CONTENT_TYPES:
                    continue  # scanned above
                with archive.open(info) as part:
                    paragraphs += _scan(part.read)
                if paragraphs > limits.max_paragraphs:
                    raise DocumentError(_TOO_MANY_PARAGRAPHS, limit=f"{limits.max_paragraphs:,}")
    except DocumentError:
        raise
    except Exception as error:  # BadZipFile, CRC errors, unsupported compression, bad XML
        raise DocumentError(DAMAGED) from error
