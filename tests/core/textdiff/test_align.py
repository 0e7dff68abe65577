"""Paragraph alignment and redlines on small invented drafts, with exact results."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.textdiff import (
    Match,
    Para,
    align_paragraphs,
    paragraph_id,
    redline,
    render_html,
    split_paragraphs,
)
from accord.core.textdiff.align import _WORDS, _casefolded_words

LONG = [
    "Parties shall regularly prepare and communicate nationally determined contributions",
    "The Commission should review the implementation every five years at its session",
    "Developed country Parties shall provide financial resources to assist developing ones",
    "Each Party shall account for its emissions and removals in accordance with guidance",
    "Adaptation action should follow a country driven gender responsive approach always",
]


def _paras(*texts: str) -> list[Para]:
    return [Para(None, t) for t in texts]


def test_paragraph_ids() -> None:
    assert paragraph_id("OP7. Decides that") == "OP7"
    assert paragraph_id("PP2 bis. Recalling") == "PP2bis"
    assert paragraph_id("*OP12ter* Requests") == "OP12ter"
    assert paragraph_id("Option 1: text") is None
    assert split_paragraphs("PP1. One\n\n\nOP1. Two\n  \nthree") == (
        Para("PP1", "PP1. One"),
        Para("OP1", "OP1. Two"),
        Para(None, "three"),
    )


def test_match_by_id_even_when_rewritten() -> None:
    old = [Para("OP1", "Decides to act"), Para("OP2", "Requests a report")]
    new = [Para("OP2", "Invites a full report"), Para("OP1", "Completely different words")]
    alignment = align_paragraphs(old, new)
    assert [(m.old, m.new, m.kind) for m in alignment.matches] == [
        ((1,), (0,), "id"),
        ((0,), (1,), "id"),
    ]
    assert [m.moved for m in alignment.matches] == [False, True]


def test_identical_similar_moved_inserted_deleted() -> None:
    old = _paras(LONG[0], LONG[1], LONG[2], LONG[3])
    new = _paras(
        LONG[2],
        LONG[0],
        LONG[1].replace("should", "shall"),
        "A brand new paragraph about something else entirely",
    )
    alignment = align_paragraphs(old, new)
    assert [(m.old, m.new, m.kind, m.moved) for m in alignment.matches] == [
        ((2,), (0,), "identical", True),
        ((0,), (1,), "identical", False),
        ((1,), (2,), "similar", False),
    ]
    assert alignment.deleted == (3,)
    assert alignment.inserted == (3,)
    result = redline(old, new)
    assert [(b.kind, b.old, b.new) for b in result.blocks] == [
        ("equal", (2,), (0,)),
        ("equal", (0,), (1,)),
        ("changed", (1,), (2,)),
        ("deleted", (3,), ()),
        ("inserted", (), (3,)),
    ]
    changed = result.blocks[2]
    assert [(op.tag, op.text) for op in changed.ops if op.tag != "equal"] == [
        ("delete", " should"),
        ("insert", " shall"),
    ]


def test_split_and_merge() -> None:
    whole = LONG[0] + ". " + LONG[1] + "."
    old = _paras(LONG[3], whole, LONG[4])
    new = _paras(LONG[3], LONG[0] + ".", LONG[1] + ".", LONG[4])
    alignment = align_paragraphs(old, new)
    split = [m for m in alignment.matches if m.kind == "split"]
    assert [(m.old, m.new) for m in split] == [((1,), (1, 2))]
    assert alignment.deleted == () and alignment.inserted == ()
    result = redline(old, new)
    block = next(b for b in result.blocks if b.match == "split")
    assert [(op.tag, op.text) for op in block.ops if op.tag != "equal"] == [
        ("delete", " " + LONG[1].split()[0]),
        ("insert", "\n\n" + LONG[1].split()[0]),
    ]
    merged = align_paragraphs(new, old)
    assert [(m.old, m.new, m.kind) for m in merged.matches if m.kind == "merge"] == [
        ((1, 2), (1,), "merge")
    ]


def test_unrelated_paragraphs_stay_unmatched() -> None:
    alignment = align_paragraphs(_paras(LONG[0]), _paras("Something else"))
    assert alignment.matches == ()
    assert (alignment.deleted, alignment.inserted) == ((0,), (0,))
    assert align_paragraphs([], _paras("x")).inserted == (0,)
    assert align_paragraphs(_paras("x"), []).deleted == (0,)


def test_html_is_escaped() -> None:
    old = _paras("Parties <b>shall</b> act & report")
    new = _paras("Parties <b>should</b> act & report")
    html = render_html(redline(old, new))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html and "&amp; report" in html
    assert "<del>shall</del><ins>should</ins>" in html
    assert html.startswith('<div class="redline">')
    assert 'class="redline-block redline-changed" data-old="0" data-new="0"' in html


def test_match_is_frozen_value() -> None:
    m = Match((0,), (1,), "similar", 0.5)
    assert m.moved is False


def test_casefolded_words_match_the_regex() -> None:
    chars = st.sampled_from([*"aZ_9 ,.-\n\t\x00ßﬁΣé’“\u00a0\u212a气İ", "\U0001d400"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.lists(chars, max_size=12).map("".join), min_size=1, max_size=4))
    def check(texts: list[str]) -> None:
        expected = [w.encode() for t in texts for w in (*_WORDS.findall(t.casefold()), "\x00")]
        assert _casefolded_words(texts) == expected

    check()
