"""Markdown draft import: the kramdown list breaker ``<!-- -->`` and other HTML comments are
never paragraphs, and sub-items after a breaker stay in their numbered paragraph (issue 9)."""

from __future__ import annotations

from accord.core.draft_import import ImportedParagraph, parse_markdown


def _strip_breakers(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip() != "<!-- -->")


# A chair's draft as kramdown writes it: `<!-- -->` ends the numbered list so that the
# lettered sub-items are not renumbered by the list, and again before the list resumes.
LOOSE = """# Draft resolution submitted by the Chair

## Preambular part

*Recalling* its resolution 70/125 of 16 December 2015 on the overall review of the \
implementation of the outcomes of the World Summit on the Information Society,

*Noting* the report of the Secretary-General on progress made in the implementation of \
the outcomes of the World Summit,

## Operative part

1. *Decides* to extend the mandate of the Internet Governance Forum;

2. *Requests* the Secretary-General:

<!-- -->

(a) To submit to the Commission at its twenty-ninth session a report on the \
implementation of the present resolution;

(b) To consult Member States and all relevant stakeholders on:

(i) The modalities of the review;

(ii) The format of its outcome;

<!-- -->

3. *Invites* Member States to contribute to the trust fund of the Forum;
"""

REQUESTS = (
    "*Requests* the Secretary-General:\n\n"
    "(a) To submit to the Commission at its twenty-ninth session a report on the "
    "implementation of the present resolution;\n\n"
    "(b) To consult Member States and all relevant stakeholders on:\n\n"
    "(i) The modalities of the review;\n\n"
    "(ii) The format of its outcome;"
)

LOOSE_PARAGRAPHS = (
    ImportedParagraph(kind="heading", text="Draft resolution submitted by the Chair"),
    ImportedParagraph(kind="heading", text="Preambular part"),
    ImportedParagraph(
        kind="pp",
        text="*Recalling* its resolution 70/125 of 16 December 2015 on the overall review of "
        "the implementation of the outcomes of the World Summit on the Information Society,",
    ),
    ImportedParagraph(
        kind="pp",
        text="*Noting* the report of the Secretary-General on progress made in the "
        "implementation of the outcomes of the World Summit,",
    ),
    ImportedParagraph(kind="heading", text="Operative part"),
    ImportedParagraph(
        kind="op",
        text="*Decides* to extend the mandate of the Internet Governance Forum;",
        number="1.",
    ),
    ImportedParagraph(kind="op", text=REQUESTS, number="2."),
    ImportedParagraph(
        kind="op",
        text="*Invites* Member States to contribute to the trust fund of the Forum;",
        number="3.",
    ),
)


def test_list_breaker_keeps_sub_items_in_their_operative_paragraph() -> None:
    assert parse_markdown(LOOSE) == LOOSE_PARAGRAPHS


def test_list_breaker_reads_as_if_it_were_not_there() -> None:
    assert parse_markdown(_strip_breakers(LOOSE)) == LOOSE_PARAGRAPHS


TIGHT = """## Operative part

5. *Requests* the secretariat to prepare, for the next session:
<!-- -->
(a) A compilation of the proposals received;
(b) A summary of the views expressed;
<!-- -->
6. *Decides* to remain seized of the matter.
"""


def test_list_breaker_without_blank_lines() -> None:
    expected = (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op",
            text="*Requests* the secretariat to prepare, for the next session:\n"
            "(a) A compilation of the proposals received;\n"
            "(b) A summary of the views expressed;",
            number="5.",
        ),
        ImportedParagraph(kind="op", text="*Decides* to remain seized of the matter.", number="6."),
    )
    assert parse_markdown(TIGHT) == expected
    assert parse_markdown(_strip_breakers(TIGHT)) == expected


def test_list_breaker_before_indented_sub_items() -> None:
    text = (
        "## Operative part\n\n"
        "OP4bis. *Calls upon* all stakeholders:\n\n"
        "<!-- -->\n\n"
        "    (a) To share good practices;\n"
        "    (b) To report on progress;\n"
    )
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op",
            text="*Calls upon* all stakeholders:\n\n"
            "(a) To share good practices;\n(b) To report on progress;",
            label="OP4bis",
        ),
    )


def test_text_after_a_comment_starts_a_new_paragraph() -> None:
    """An HTML comment ends a paragraph (CommonMark): the next line is no lazy continuation."""
    text = (
        "## Operative part\n\n"
        "7. *Decides* to remain actively seized of the matter.\n"
        "<!-- -->\n"
        "This text is without prejudice to the position of any delegation.\n"
    )
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op", text="*Decides* to remain actively seized of the matter.", number="7."
        ),
        ImportedParagraph(
            kind="text", text="This text is without prejudice to the position of any delegation."
        ),
    )


def test_comments_are_never_paragraphs() -> None:
    text = (
        "<!-- Rev.1, as of 14 March, 18:00 -->\n\n"
        "## Operative part\n\n"
        "1. *Welcomes* the report of the Working Group;\n\n"
        "<!--\n"
        "Secretariat: paragraph 2 to be revisited after the informal consultations\n"
        "of 12 March.\n"
        "-->\n\n"
        "2. *Decides* to convene a high-level meeting;\n\n"
        "   <!---->   \n\n"
        "<!-- a --> <!-- b -->\n"
    )
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(
            kind="op", text="*Welcomes* the report of the Working Group;", number="1."
        ),
        ImportedParagraph(
            kind="op", text="*Decides* to convene a high-level meeting;", number="2."
        ),
    )


def test_a_commented_out_paragraph_is_left_out() -> None:
    text = (
        "## Operative part\n\n"
        "1. *Decides* to act;\n\n"
        "<!--\n"
        "2. *Requests* the report requested in resolution 70/125;\n"
        "    (a) On progress;\n"
        "-->\n\n"
        "2. *Requests* a new report;\n"
    )
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(kind="op", text="*Decides* to act;", number="1."),
        ImportedParagraph(kind="op", text="*Requests* a new report;", number="2."),
    )


def test_an_unclosed_comment_loses_no_text() -> None:
    """``<!--`` without ``-->`` would hide the rest of the draft in HTML; here it is kept."""
    text = "## Operative part\n\n1. *Decides* to act;\n\n<!-- to be continued\n"
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(kind="op", text="*Decides* to act;", number="1."),
        ImportedParagraph(kind="text", text="<!-- to be continued"),
    )


def test_kramdown_end_of_block_marker_is_a_breaker_too() -> None:
    text = "## Operative part\n\n2. *Requests* the Chair:\n\n^\n\n(a) To report;\n"
    assert parse_markdown(text) == (
        ImportedParagraph(kind="heading", text="Operative part"),
        ImportedParagraph(kind="op", text="*Requests* the Chair:\n\n(a) To report;", number="2."),
    )
