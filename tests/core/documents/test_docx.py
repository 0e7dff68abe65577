"""DOCX extraction, and the container checks made before anything is decompressed."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from docx.oxml.parser import parse_xml
from lxml import etree

from accord.core.documents import DocumentError, ZipLimits, check_zip, extract_text
from tests.core.documents.builders import add_entries, make_docx, replace_entry, zip_bomb_docx

DAMAGED = "This DOCX file is damaged or is not a Word document."
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture
def docx_bytes(tmp_path: Path) -> bytes:
    return make_docx(tmp_path)


def _document_xml(body: str) -> bytes:
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    return f"{declaration}<w:document {W}><w:body>{body}</w:body></w:document>".encode()


def test_paragraphs_in_order_with_table_cells(docx_bytes: bytes) -> None:
    result = extract_text(docx_bytes, "draft.docx")
    assert result.kind == "docx"
    assert result.page_count is None
    assert result.paragraphs == (
        "Draft outcome document",
        "1. The Working Group welcomes the contributions received.",
        "2. Decides to continue\nits work in 2026.",  # a line break inside one paragraph
        "Item\tStatus",
        "Paragraph",
        "Proposal",
        "3",
        "Delete [the brackets]",
        "3. Requests the secretariat to report back.",
    )  # the empty and blank paragraphs are left out
    assert result.text == "\n\n".join(result.paragraphs)


def test_magic_bytes_beat_the_name(docx_bytes: bytes) -> None:
    assert extract_text(docx_bytes, "upload.bin").kind == "docx"
    assert extract_text(docx_bytes, "").kind == "docx"


def test_tracked_changes_are_accepted_and_field_codes_dropped(docx_bytes: bytes) -> None:
    body = (
        "<w:p><w:r><w:t xml:space='preserve'>Parties </w:t></w:r>"
        "<w:del w:id='1' w:author='A'><w:r><w:delText>shall</w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='A'><w:r><w:t>should</w:t></w:r></w:ins>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:t xml:space='preserve'> act.</w:t></w:r></w:p>"
    )
    data = replace_entry(docx_bytes, "word/document.xml", _document_xml(body))
    assert extract_text(data, "a.docx").paragraphs == ("Parties should act.",)


def test_corrupt_files() -> None:
    with pytest.raises(DocumentError, match=DAMAGED):
        extract_text(b"\x13\x37 random bytes, not a zip" * 10, "report.docx")
    with pytest.raises(DocumentError, match=DAMAGED):
        extract_text(b"PK\x03\x04" + b"\x00" * 200, "report.docx")


def test_truncated_zip(docx_bytes: bytes) -> None:
    with pytest.raises(DocumentError, match=DAMAGED):
        extract_text(docx_bytes[: len(docx_bytes) // 2], "report.docx")


def test_corrupt_document_xml(docx_bytes: bytes) -> None:
    data = replace_entry(docx_bytes, "word/document.xml", b"<w:document><unclosed>")
    with pytest.raises(DocumentError, match=DAMAGED):
        extract_text(data, "report.docx")


def test_zip_that_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError, match=r"Unsupported file type \(\.xlsx\)"):
        extract_text(out.getvalue(), "sheet.xlsx")
    with pytest.raises(DocumentError, match=DAMAGED):
        extract_text(out.getvalue(), "renamed.docx")


def test_zip_bomb_rejected_before_decompressing(docx_bytes: bytes) -> None:
    bomb = zip_bomb_docx(docx_bytes, megabytes=150)  # 150 MB of "0" compresses to ~150 KB
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="compressed suspiciously"):
        extract_text(bomb, "bomb.docx")
    assert time.perf_counter() - started < 2.0  # nothing was inflated (takes milliseconds)


def test_too_many_entries(docx_bytes: bytes) -> None:
    data = add_entries(docx_bytes, {f"word/media/x{i}.bin": b"x" for i in range(2_001)})
    with pytest.raises(DocumentError, match="more than 2,000 parts"):
        extract_text(data, "many.docx")


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/evil", "C:/evil"])
def test_unsafe_entry_names(docx_bytes: bytes, name: str) -> None:
    data = add_entries(docx_bytes, {name: b"<x/>"})
    with pytest.raises(DocumentError, match="unsafe file name"):
        extract_text(data, "evil.docx")


def _info(name: str, size: int, compressed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size, info.compress_size = size, compressed
    return info


def test_check_zip_rules() -> None:
    mb = 1024 * 1024
    check_zip([_info("a.xml", 32 * mb, mb), _info("b.xml", 32 * mb, mb)])  # 64 MB, ratio 32
    check_zip([_info("small.xml", mb, 1)])  # huge ratio, but only 1 MB: allowed
    with pytest.raises(DocumentError, match="more than 64 MB"):
        check_zip([_info("a.xml", 32 * mb, mb), _info("b.xml", 32 * mb + 1, mb)])
    with pytest.raises(DocumentError, match="compressed suspiciously"):
        check_zip([_info("a.xml", 2 * mb, 2 * mb // 101)])
    with pytest.raises(DocumentError, match="compressed suspiciously"):
        check_zip([_info("a.xml", 2 * mb, 0)])
    with pytest.raises(DocumentError, match="more than 3 parts"):
        check_zip([_info(f"{i}.xml", 1, 1) for i in range(4)], ZipLimits(max_entries=3))
    encrypted = _info("a.xml", 1, 1)
    encrypted.flag_bits |= 0x1
    with pytest.raises(DocumentError, match="encrypted"):
        check_zip([encrypted])


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><w:document {W}><w:body>'
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def test_billion_laughs_rejected_quickly(docx_bytes: bytes) -> None:
    data = replace_entry(docx_bytes, "word/document.xml", _billion_laughs())
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="XML declarations"):
        extract_text(data, "laughs.docx")
    assert time.perf_counter() - started < 2.0


def test_dtd_in_utf16_part_rejected(docx_bytes: bytes) -> None:
    xml = _billion_laughs().decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    data = replace_entry(docx_bytes, "word/document.xml", xml.encode("utf-16-le"))
    with pytest.raises(DocumentError, match="XML declarations"):
        extract_text(data, "laughs.docx")


def test_python_docx_parser_does_not_resolve_entities(tmp_path: Path) -> None:
    # Second line of defence, should a DTD ever get past the check above: python-docx parses
    # with lxml and resolve_entities=False, so external entities are never fetched (XXE)...
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = f'<!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]><d>&xxe;</d>'
    assert b"TOP SECRET" not in _serialise(parse_xml(xxe.encode()))
    # ...and internal entities stay unexpanded references.
    small = '<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><d>&b;</d>'
    assert _serialise(parse_xml(small.encode())) == b"<d>&b;</d>"
    # A full billion-laughs document is refused by libxml2's amplification guard.
    started = time.perf_counter()
    with pytest.raises(etree.XMLSyntaxError, match="amplification"):
        parse_xml(_billion_laughs())
    assert time.perf_counter() - started < 2.0


def _serialise(element: etree._Element) -> bytes:
    return bytes(etree.tostring(element))
