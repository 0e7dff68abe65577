"""Draft imports are bounded before parsing and parsed in linear time (issue 10: a dense 10 MB
DOCX took 110 s before it was refused for having over 5,000 paragraphs)."""

from __future__ import annotations

import pytest

from accord.core.draft_import import MAX_TEXT_BYTES, DraftImportError, parse_draft
from tests.hostile import documents as hostile
from tests.hostile.bounds import measure


def test_a_large_dense_draft_is_read_in_linear_time() -> None:
    # 2,000 paragraphs took 23 s (python-docx looked every paragraph's style up among all
    # styles); 10,000 take about half a second.
    data = hostile.dense_docx(10_000)
    measured = measure(lambda: parse_draft(data, "draft.docx"))
    paragraphs = measured.value
    assert len(paragraphs) == 10_000
    assert (paragraphs[0].kind, paragraphs[0].number) == ("op", "1.")
    assert paragraphs[998].number == "999."  # typed numbers have at most three digits
    assert paragraphs[-1].text.startswith("10000. word")
    measured.check()


def test_paragraph_elements_are_counted_before_parsing() -> None:
    data = hostile.dense_docx(25_000, words=3)
    measured = measure(lambda: parse_draft(data, "draft.docx"))
    error = measured.raised(DraftImportError)
    assert str(error) == "This DOCX file was rejected: it has more than 20,000 paragraphs."
    assert error.template == "This DOCX file was rejected: it has more than %(limit)s paragraphs."
    measured.check(seconds=0.5)


def test_the_dense_10_mb_draft_is_refused_by_its_size() -> None:
    data = hostile.big_part_docx(megabytes=12)
    measured = measure(lambda: parse_draft(data, "draft.docx"))
    assert str(measured.raised(DraftImportError)) == (
        "This DOCX file was rejected: its text is larger than 10 MB uncompressed."
    )
    measured.check()


def test_a_richly_formatted_draft_at_the_size_limit_is_read_within_bounds() -> None:
    data = hostile.rich_docx(megabytes=9.0)
    measured = measure(lambda: parse_draft(data, "draft.docx"))
    assert len(measured.value) > 6_000
    measured.check(seconds=5.0)  # accepted (about 1.5 s here): the bound that matters is memory


def test_declarations_in_a_part_named_bin_are_refused() -> None:
    with pytest.raises(DraftImportError, match="XML declarations that Word never writes"):
        parse_draft(hostile.entity_in_bin_main_part(), "draft.docx")


def test_thousands_of_sub_items_join_their_paragraph_in_linear_time() -> None:
    items = "".join(
        f"<w:p><w:r><w:t>({chr(97 + i % 26)}) item {i};</w:t></w:r></w:p>" for i in range(15_000)
    )
    body = "<w:p><w:r><w:t>1. Decides:</w:t></w:r></w:p>" + items
    data = hostile.rebuild_docx(replace={"word/document.xml": hostile.document_xml(body)})
    measured = measure(lambda: parse_draft(data, "draft.docx"))
    (paragraph,) = measured.value
    assert paragraph.text.startswith("Decides:\n(a) item 0;\n(b) item 1;")
    assert paragraph.text.count("\n") == 15_000
    measured.check()


def test_a_text_draft_with_too_many_lines_is_refused_before_parsing() -> None:
    data = "".join(f"{i}. Decides to act on item {i};\n" for i in range(1, 40_001)).encode()
    measured = measure(lambda: parse_draft(data, "draft.md"))
    assert str(measured.raised(DraftImportError)) == "This draft has more than 40,000 lines."
    measured.check(seconds=0.2)


def test_a_text_draft_over_the_size_limit_is_refused() -> None:
    data = b"1. " + b"x" * MAX_TEXT_BYTES
    with pytest.raises(DraftImportError, match=r"^This draft is larger than 4 MB of text\.$"):
        parse_draft(data, "draft.md")
