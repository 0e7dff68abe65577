"""Plain-text and SRT uploads, size limits, type sniffing, and arbitrary bytes."""

from __future__ import annotations

import codecs

import pytest

from accord.core.documents import DocumentError, ExtractedDocument, extract_text
from accord.core.transcripts import parse_transcript
from tests.shared_data import shared_data

TEXT = "Chair: Opening.\r\n\r\nKenya: We propose délégués’ text.\r\nSecond line.\r\n"
EXPECTED = "Chair: Opening.\n\nKenya: We propose délégués’ text.\nSecond line.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with a BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_encodings(data: bytes) -> None:
    result = extract_text(data, "notes.txt")
    assert result == ExtractedDocument(
        kind="txt",
        text=EXPECTED,
        paragraphs=("Chair: Opening.", "Kenya: We propose délégués’ text.\nSecond line."),
        page_count=None,
    )


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03 binary", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(DocumentError, match="not readable text"):
        extract_text(data, "notes.txt")


def test_oversized() -> None:
    with pytest.raises(DocumentError, match=r"^The file is larger than 20 MB\.$"):
        extract_text(b"a" * (20 * 1024 * 1024 + 1), "big.txt")
    assert extract_text(b"a" * 1000, "ok.txt", max_bytes=1000).text == "a" * 1000
    with pytest.raises(DocumentError, match=r"larger than 0\.5 MB"):
        extract_text(b"a" * (512 * 1024 + 1), "big.txt", max_bytes=512 * 1024)


def test_empty() -> None:
    with pytest.raises(DocumentError, match=r"^The file is empty\.$"):
        extract_text(b"", "empty.txt")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png", r"Unsupported file type \(\.png\)"),
        (b"a,b\n1,2\n", "table.csv", r"Unsupported file type \(\.csv\)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "old-style Office"),
    ],
)
def test_unsupported_types(data: bytes, name: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        extract_text(data, name)


SRT = (
    "1\n0:00:00,000 -->  0:00:02,000\nCHAIR: Welcome.\n\n"
    "2\n0:00:02,000 -->  0:00:04,000\nKENYA: Thanks.\n"
)


def test_srt_by_extension_and_by_content() -> None:
    by_name = extract_text(SRT.encode(), "session.SRT")
    assert (by_name.kind, by_name.text) == ("srt", SRT)
    assert by_name.paragraphs == (
        "1\n0:00:00,000 -->  0:00:02,000\nCHAIR: Welcome.",
        "2\n0:00:02,000 -->  0:00:04,000\nKENYA: Thanks.",
    )
    assert extract_text(SRT.encode(), "session.txt").kind == "srt"
    assert extract_text(b"Plain notes", "README").kind == "txt"


@pytest.mark.shared_data
def test_real_srt_flows_into_the_transcript_parser() -> None:
    path = shared_data("vtaiwan-meeting-transcripts", "talk-2025-subtitles.srt")
    document = extract_text(path.read_bytes(), path.name)
    assert document.kind == "srt"
    assert len(document.paragraphs) == 346  # one block per cue
    assert parse_transcript(document.text).speakers == ("Speaker",)


@pytest.mark.shared_data
def test_real_contribution_text() -> None:
    path = shared_data("wgec-contributions", "2016-12-15_CIS_inputs-to-wgec.txt")
    document = extract_text(path.read_bytes(), path.name)
    assert document.kind == "txt"
    assert len(document.paragraphs) == 14  # 32 lines, paragraphs separated by blank lines
    assert document.paragraphs[2] == (
        "What are the high level characteristics of enhanced cooperation?"
    )
