"""Paragraphs numbered with the UN insertion ordinals ("48 bis.", "48 ter.", "48 quater.")
are numbered paragraphs with the id of the insertion (OP48bis), in Markdown and DOCX (issue 9)."""

from __future__ import annotations

import io

import docx
import pytest

from accord.core.draft_import import ImportedParagraph, parse_docx, parse_markdown

# Paragraphs inserted between 48 and 49 during the negotiation, numbered the UN way.
INSERTIONS = """## Operative part

48. *Requests* the Secretary-General to submit a report on the implementation of the \
present resolution;

48 bis. *Encourages* donors to contribute to the trust fund:

(a) On a voluntary basis;

(b) Through multi-year commitments;

48 ter) *Urges* Member States to [consider][ensure] the participation of young people;

48 quater: *Calls upon* the regional commissions to support the review;

49. *Decides* to remain seized of the matter.
"""


def test_insertion_ordinals_are_operative_paragraphs_with_their_ids() -> None:
    assert parse_markdown(INSERTIONS) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op",
            text="*Requests* the Secretary-General to submit a report on the implementation "
            "of the present resolution;",
            number="48.",
        ),
        ImportedParagraph(
            kind="op",
            text="*Encourages* donors to contribute to the trust fund:\n\n"
            "(a) On a voluntary basis;\n\n(b) Through multi-year commitments;",
            label="OP48bis",
            number="48 bis.",
        ),
        ImportedParagraph(
            kind="op",
            text="*Urges* Member States to [consider][ensure] the participation of young people;",
            label="OP48ter",
            number="48 ter.",
        ),
        ImportedParagraph(
            kind="op",
            text="*Calls upon* the regional commissions to support the review;",
            label="OP48quater",
            number="48 quater.",
        ),
        ImportedParagraph(
            kind="op", text="*Decides* to remain seized of the matter.", number="49."
        ),
    )


@pytest.mark.parametrize(
    ("written", "number", "label"),
    [
        ("48 bis.", "48 bis.", "OP48bis"),
        ("48bis.", "48bis.", "OP48bis"),
        ("48 bis)", "48 bis.", "OP48bis"),
        ("48 bis:", "48 bis.", "OP48bis"),
        ("48\u00a0bis.", "48 bis.", "OP48bis"),  # a no-break space, as UN documents type it
        ("48 Bis.", "48 bis.", "OP48bis"),
        ("48 ter.", "48 ter.", "OP48ter"),
        ("48quinquies.", "48quinquies.", "OP48quinquies"),
        ("12 decies.", "12 decies.", "OP12decies"),
        ("3a.", "3a.", None),  # a letter that is no UN ordinal: numbered, no id
    ],
)
def test_insertion_numbering_spellings(written: str, number: str, label: str | None) -> None:
    text = f"## Operative part\n\n{written} *Encourages* donors to contribute;\n"
    assert parse_markdown(text)[1] == ImportedParagraph(
        kind="op", text="*Encourages* donors to contribute;", label=label, number=number
    )


def test_insertion_in_the_preamble_is_preambular() -> None:
    text = (
        "## Preamble\n\n"
        "3. *Recalling* its resolution 76/189,\n\n"
        "3 bis. *Recognizing* the role of the private sector,\n"
    )
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Preamble"),
        ImportedParagraph(kind="pp", text="*Recalling* its resolution 76/189,", number="3."),
        ImportedParagraph(
            kind="pp",
            text="*Recognizing* the role of the private sector,",
            label="PP3bis",
            number="3 bis.",
        ),
    )


# DOCX: the secretariat types the number (Word numbering cannot say "bis").


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        if style == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_typed_insertion_numbers_are_operative_paragraphs_with_their_ids() -> None:
    data = _docx(
        [
            ("Operative part", "heading"),
            ("48.\tRequests the Secretary-General to submit a report;", None),
            ("48 bis.\tEncourages donors to contribute to the trust fund:", None),
            ("(a)\tOn a voluntary basis;", None),
            ("(b)\tThrough multi-year commitments;", None),
            ("48\u00a0ter.\tUrges Member States to [consider][ensure] participation;", None),
            ("48quater) Calls upon the regional commissions to support the review;", None),
            ("Decides to remain seized of the matter.", "List Number"),
        ]
    )
    assert parse_docx(data) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op", text="Requests the Secretary-General to submit a report;", number="48."
        ),
        ImportedParagraph(
            kind="op",
            text="Encourages donors to contribute to the trust fund:\n"
            "(a)\tOn a voluntary basis;\n(b)\tThrough multi-year commitments;",
            label="OP48bis",
            number="48 bis.",
        ),
        ImportedParagraph(
            kind="op",
            text="Urges Member States to [consider][ensure] participation;",
            label="OP48ter",
            number="48 ter.",
        ),
        ImportedParagraph(
            kind="op",
            text="Calls upon the regional commissions to support the review;",
            label="OP48quater",
            number="48quater.",
        ),
        ImportedParagraph(kind="op", text="Decides to remain seized of the matter."),
    )


def test_typed_insertion_in_the_preamble_is_preambular() -> None:
    data = _docx(
        [
            ("Preamble", "heading"),
            ("3.\tRecalling its resolution 76/189,", None),
            ("3 bis.\tRecognizing the role of the private sector,", None),
        ]
    )
    assert parse_docx(data) == (
        ImportedParagraph(kind="heading", text="Preamble"),
        ImportedParagraph(kind="pp", text="Recalling its resolution 76/189,", number="3."),
        ImportedParagraph(
            kind="pp",
            text="Recognizing the role of the private sector,",
            label="PP3bis",
            number="3 bis.",
        ),
    )
