"""PDF extraction: hand-written minimal PDFs, damaged and locked files, real UNFCCC PDFs."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from accord.core.documents import DocumentError, extract_text
from tests.core.documents.builders import make_pdf
from tests.shared_data import shared_data

UNREADABLE = "This PDF could not be read."


def test_text_per_page() -> None:
    data = make_pdf([["Draft decision -/CP.30", "The Conference of the Parties,"], ["Annex (a)"]])
    result = extract_text(data, "decision.pdf")
    assert result.kind == "pdf"
    assert result.page_count == 2
    assert result.paragraphs == (
        "Draft decision -/CP.30\nThe Conference of the Parties,",
        "Annex (a)",
    )
    assert result.text == "Draft decision -/CP.30\nThe Conference of the Parties,\n\nAnnex (a)"


def test_magic_bytes_beat_the_name() -> None:
    assert extract_text(make_pdf([["Hello"]]), "notes.txt").kind == "pdf"
    # A few bytes before the header are tolerated, as PDF readers do.
    assert extract_text(b"\r\n" + make_pdf([["Hello"]]), "x").paragraphs == ("Hello",)


def test_page_limit() -> None:
    data = make_pdf([["one"], ["two"], ["three"]])
    with pytest.raises(DocumentError, match=r"^This PDF has 3 pages; the limit is 2\.$"):
        extract_text(data, "long.pdf", max_pages=2)


def test_page_without_text_is_not_an_error() -> None:
    result = extract_text(make_pdf([[]]), "scan.pdf")
    assert (result.page_count, result.paragraphs, result.text) == (1, (), "")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not really a PDF at all",
        b"%PDF-",
        make_pdf([["Hello"]])[:150],  # truncated: no cross-reference table, no objects
    ],
)
def test_damaged_pdf(data: bytes) -> None:
    with pytest.raises(DocumentError, match=UNREADABLE):
        extract_text(data, "broken.pdf")


def test_pdf_name_without_pdf_content() -> None:
    with pytest.raises(DocumentError, match=UNREADABLE):
        extract_text(b"just some text", "report.pdf")


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Confidential draft"]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf() -> None:
    with pytest.raises(DocumentError, match="password-protected"):
        extract_text(_encrypted("secret"), "locked.pdf")


def test_empty_user_password_is_opened() -> None:
    assert extract_text(_encrypted(""), "restricted.pdf").paragraphs == ("Confidential draft",)


@pytest.mark.shared_data
def test_real_unfccc_co_chairs_non_paper() -> None:
    path = shared_data("cop21-paris-agreement-drafts", "pdf", "8infnot.pdf")
    result = extract_text(path.read_bytes(), path.name)
    assert result.kind == "pdf"
    assert result.page_count == 20  # README: "Co-Chairs' non-paper, 5 Oct 2015 (20 pages)"
    assert "Note by the Co-Chairs" in result.text
    assert "Have agreed as follows:" in result.text
    assert "A [process][mechanism] is hereby established to facilitate implementation" in (
        result.text
    )
    assert result.paragraphs[0].startswith("AD HOC WORKING GROUP ON THE\nDURBAN PLATFORM")
