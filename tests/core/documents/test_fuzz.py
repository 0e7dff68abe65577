"""Arbitrary and damaged bytes give an ExtractedDocument or a DocumentError, nothing else."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.documents import KINDS, DocumentError, extract_text
from tests.core.documents.builders import make_docx, make_pdf


def _check(data: bytes, name: str) -> None:
    try:
        result = extract_text(data, name)
    except DocumentError as error:
        assert str(error)
        return
    assert result.kind in KINDS
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in result.paragraphs)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=2048) | st.text(max_size=500).map(str.encode),
    st.sampled_from(["a.txt", "a.srt", "a.docx", "a.pdf", "a", "a.bin"]),
    st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", codecs.BOM_UTF16_LE]),
)
def test_any_bytes_extract_or_raise_document_error(data: bytes, name: str, prefix: bytes) -> None:
    _check(prefix + data, name)


@pytest.fixture(scope="module")
def real_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder: Path = tmp_path_factory.mktemp("docx")
    return {"x.docx": make_docx(folder), "x.pdf": make_pdf([["Hello (world)", "two"], ["p2"]])}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["x.docx", "x.pdf"]),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.integers(0, 60),
)
def test_damaged_real_files(
    real_files: dict[str, bytes], name: str, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(real_files[name])
    for position, value in flips:
        data[position % len(data)] = value
    _check(bytes(data[: len(data) - cut]), name)
