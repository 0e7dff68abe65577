"""Edits computed from an edited paragraph, their redline, and quoted words (no Django)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.amend import (
    Edit,
    apply_edits,
    covering_edit,
    edits_between,
    find_quote,
    redline_segments,
    refine,
)
from accord.core.textdiff import diff_words, edit_count, tokenise

OP1 = "Decides that the Commission should review the implementation every five years;"


def test_one_word_replaced_is_one_whole_word_edit() -> None:
    new = OP1.replace("should", "shall")
    assert edits_between(OP1, new) == (Edit(28, 34, "shall"),)


def test_several_changes_are_several_parts_in_text_order() -> None:
    new = "Decides that the Commission shall review the implementation regularly every four years;"
    edits = edits_between(OP1, new)
    assert [(OP1[e.start : e.end], e.new) for e in edits] == [
        ("should", "shall"),
        ("", " regularly"),
        ("five", "four"),
    ]
    assert apply_edits(OP1, edits) == new
    cover = covering_edit(OP1, edits)
    assert OP1[cover.start : cover.end] == "should review the implementation every five"
    assert cover.new == "shall review the implementation regularly every four"


def test_deleting_a_word_takes_the_space_before_it() -> None:
    assert edits_between("Invites all Member States", "Invites Member States") == (Edit(7, 11, ""),)
    assert edits_between("Invites Member States", "Invites all Member States") == (
        Edit(7, 7, " all"),
    )


def test_punctuation_and_whitespace() -> None:
    assert edits_between("five years;", "five years.") == (Edit(10, 11, "."),)
    assert edits_between("five years;", "five years, and") == (Edit(10, 11, ", and"),)
    # A doubled space made single: one space deleted, the words left alone.
    assert edits_between("Member  States", "Member States") == (Edit(7, 8, ""),)
    assert edits_between("Member States", "Member\nStates") == (Edit(6, 7, "\n"),)
    assert edits_between("at its next session", "at its next session.") == (Edit(19, 19, "."),)
    assert edits_between("a text", "a text") == ()


def test_a_word_changed_inside_is_replaced_whole() -> None:
    # Never "Comm[ission→ittee]": the unit of a part is the word.
    assert edits_between("the Commission acts", "the Committee acts") == (Edit(4, 14, "Committee"),)


def test_refine_splits_an_offset_edit_into_its_word_parts() -> None:
    start = OP1.index("should review")
    edit = Edit(start, start + len("should review"), "shall review")
    assert refine(OP1, edit) == (Edit(start, start + 6, "shall"),)
    assert refine(OP1, Edit(5, 5, "x")) == (Edit(5, 5, "x"),)
    assert refine(OP1, Edit(3, 9, OP1[3:9])) == ()


def test_covering_edit_needs_edits() -> None:
    with pytest.raises(ValueError):
        covering_edit(OP1, [])


def test_redline_segments_whole_and_compact() -> None:
    edits = edits_between(OP1, OP1.replace("should", "shall").replace("five", "four"))
    whole = redline_segments(OP1, edits)
    assert "".join(s.text for s in whole if s.tag in ("equal", "delete")) == OP1
    compact = redline_segments(OP1, edits, context=1)
    assert [(s.tag, s.text) for s in compact] == [
        ("gap", "…"),
        ("equal", "Commission "),
        ("delete", "should"),
        ("insert", "shall"),
        ("equal", " review"),
        ("gap", "…"),
        ("equal", "every "),
        ("delete", "five"),
        ("insert", "four"),
        ("equal", " years;"),  # the semicolon stays with its word, no gap for it
    ]
    # Four words between the changes are not more than twice two: kept whole.
    middle = redline_segments(OP1, edits, context=2)[4]
    assert (middle.tag, middle.text) == ("equal", " review the implementation every ")
    with pytest.raises(ValueError):
        redline_segments(OP1, edits, context=0)


def test_find_quote_unique_repeated_and_missing() -> None:
    text = "Invites [all] Member States and all observers to share their experience;"
    assert [(o.start, o.end) for o in find_quote(text, "Member States")] == [(14, 27)]
    both = find_quote(text, "all", context=2)
    assert [(o.start, o.end) for o in both] == [(9, 12), (32, 35)]
    assert (both[1].before, both[1].match, both[1].after) == ("States and ", "all", " observers to")
    assert find_quote(text, "act") == ()  # not inside "experience" nor a word
    assert find_quote(text, "   ") == ()
    assert find_quote(text, "xyz") == ()


def test_find_quote_forgives_what_a_keyboard_cannot_type() -> None:
    text = "the Parties’ views on\nfinance"
    assert [(o.start, o.end) for o in find_quote(text, "Parties' views  on finance")] == [(4, 29)]
    assert find_quote("“loss and damage”", '"loss and damage"')[0].end == 17
    # Overlapping occurrences are all offered.
    assert [o.start for o in find_quote("very very very", "very very")] == [0, 5]
    # Chinese has no spaces between words: a character matches inside a sentence.
    assert [o.start for o in find_quote("各国应当合作", "应当")] == [2]


# --- properties -------------------------------------------------------------------------

WORDS = ["the", "Commission", "shall", "should", "act", "now", "and", "States", "all"]
PUNCT = [",", ";", ".", "(a)", "“", "”"]
SPACE = [" ", " ", " ", "  ", "\n", "\u00a0"]


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(st.sampled_from(WORDS + PUNCT), min_size=0, max_size=16))
    out = []
    for token in tokens:
        out.append(token)
        out.append(draw(st.sampled_from(SPACE)) if token not in PUNCT else "")
    return "".join(out).strip() if draw(st.booleans()) else "".join(out)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A paragraph and an edited copy: mostly small changes, sometimes a rewrite."""
    old = draw(paragraph())
    if draw(st.integers(0, 4)) == 0:
        return old, draw(paragraph())
    tokens = [t.text for t in tokenise(old)]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(tokens)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        word = draw(st.sampled_from([*WORDS, *PUNCT, " ", "x"]))
        if action == "insert" or i == len(tokens):
            tokens.insert(i, word if i == 0 else " " + word)
        elif action == "delete":
            del tokens[i]
        else:
            tokens[i] = word
    return old, "".join(tokens)


def _nonspace(text: str) -> int:
    return sum(1 for t in tokenise(text) if t.kind != "space")


@settings(max_examples=400)
@given(edited())
def test_edits_apply_exactly_and_are_minimal(case: tuple[str, str]) -> None:
    old, new = case
    edits = edits_between(old, new)
    assert apply_edits(old, edits) == new
    assert (edits == ()) == (old == new)
    # Sorted, disjoint, never touching (one part per changed region).
    for left, right in itertools.pairwise(edits):
        assert left.end < right.start
    changed = [op for op in diff_words(old, new) if op.tag != "equal"]
    deleted = [(op.old_start, op.old_end) for op in changed]
    for edit in edits:
        assert old[edit.start : edit.end] != edit.new  # each part changes something
        # Inside a region the minimal diff changes: no kept word is ever in a part.
        assert any(s <= edit.start and edit.end <= e for s, e in deleted)
        a, b = tokenise(old[edit.start : edit.end]), tokenise(edit.new)
        if a and b:  # tight: the two sides never start or end with the same token
            assert a[0].text != b[0].text and a[-1].text != b[-1].text
    touched = sum(_nonspace(old[e.start : e.end]) + _nonspace(e.new) for e in edits)
    assert touched <= edit_count(old, new)
    if edits:
        assert apply_edits(old, [covering_edit(old, edits)]) == new
    assert refine(old, Edit(0, len(old), new)) == edits


@settings(max_examples=300)
@given(edited(), st.sampled_from([None, 1, 3]))
def test_redline_segments_give_both_texts_back(case: tuple[str, str], context: int | None) -> None:
    old, new = case
    segments = redline_segments(old, edits_between(old, new), context=context)
    shown_old = "".join(s.text for s in segments if s.tag in ("equal", "delete"))
    shown_new = "".join(s.text for s in segments if s.tag in ("equal", "insert"))
    if context is None:
        assert (shown_old, shown_new) == (old, new)
        assert all(s.tag != "gap" for s in segments)
    else:
        assert len(shown_old) <= len(old) and len(shown_new) <= len(new)


@settings(max_examples=300)
@given(paragraph(), st.integers(0, 15), st.integers(1, 4))
def test_quoted_words_are_found_where_they_are(text: str, first: int, count: int) -> None:
    words = [t for t in tokenise(text) if t.kind == "word"]
    if first >= len(words):
        return
    start = words[first].start
    end = words[min(len(words) - 1, first + count - 1)].end
    found = find_quote(text, text[start:end])
    assert (start, end) in [(o.start, o.end) for o in found]
    for occurrence in found:
        assert text[occurrence.start : occurrence.end] == occurrence.match
