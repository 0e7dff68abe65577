"""Build real test files in memory: minimal PDFs by hand, DOCX files with python-docx, zips."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx


def _escape_pdf(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one Helvetica text line per entry, one page per inner list."""
    page_count = len(pages)
    # Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # filled below once the page object numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for index, lines in enumerate(pages):
        page_number = 4 + 2 * index
        kids.append(f"{page_number} 0 R")
        commands = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            commands.append(f"({_escape_pdf(line)}) Tj T*")
        commands.append("ET")
        stream = "\n".join(commands).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_number + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {page_count} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def make_docx(tmp_path: Path, name: str = "doc.docx") -> bytes:
    """A Word document with headings, an empty paragraph, a line break, a tab and a table."""
    document = docx.Document()
    document.add_heading("Draft outcome document", level=1)
    document.add_paragraph("1. The Working Group welcomes the contributions received.")
    document.add_paragraph("")
    document.add_paragraph("   ")
    paragraph = document.add_paragraph("2. Decides to continue")
    run = paragraph.add_run()
    run.add_break()
    run.add_text("its work in 2026.")
    document.add_paragraph("Item\tStatus")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Paragraph"
    table.cell(0, 1).text = "Proposal"
    table.cell(1, 0).text = "3"
    table.cell(1, 1).text = "Delete [the brackets]"
    document.add_paragraph("3. Requests the secretariat to report back.")
    path = tmp_path / name
    document.save(str(path))
    return path.read_bytes()


def replace_entry(docx_bytes: bytes, name: str, content: bytes) -> bytes:
    """Copy a zip, replacing (or adding) one entry."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def add_entries(docx_bytes: bytes, entries: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for name, content in entries.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb_docx(docx_bytes: bytes, megabytes: int = 150) -> bytes:
    """The document with word/document.xml replaced by ``megabytes`` MB of zeros (~150 KB)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        chunk = b"0" * (1024 * 1024)
        with target.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return out.getvalue()
