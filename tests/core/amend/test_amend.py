"""Edits, rebasing and bracket overlays: exact examples and properties (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.amend import (
    Edit,
    EditConflict,
    EditRangeError,
    OverlayError,
    RebaseConflict,
    apply_edits,
    bracket,
    crossing,
    lift,
    map_span,
    rebase_edit,
    render_brackets,
)
from accord.core.brackets import count_brackets

TEXT = "Decides that the Commission should review the implementation every five years"


def test_insert_delete_replace_at_once() -> None:
    edits = [Edit(0, 0, "Also "), Edit(28, 34, "shall"), Edit(61, 77, "")]
    assert apply_edits(TEXT, edits) == (
        "Also Decides that the Commission shall review the implementation "
    )


def test_overlapping_and_out_of_range_edits_are_refused() -> None:
    with pytest.raises(EditConflict) as info:
        apply_edits(TEXT, [Edit(28, 34, "shall"), Edit(30, 40, "x")])
    assert (info.value.first, info.value.second) == (0, 1)
    with pytest.raises(EditConflict):  # two insertions at one point: order nobody chose
        apply_edits(TEXT, [Edit(5, 5, "a"), Edit(5, 5, "b")])
    with pytest.raises(EditRangeError, match="outside the text"):
        apply_edits(TEXT, [Edit(70, 90, "")])
    with pytest.raises(EditRangeError):
        apply_edits(TEXT, [Edit(5, 4, "")])
    # Touching is not overlapping.
    assert apply_edits("abcdef", [Edit(0, 3, "X"), Edit(3, 6, "Y")]) == "XY"


def test_rebase_moves_an_edit_when_only_other_words_changed() -> None:
    newer = "Recalling its mandate, decides that the Commission should review the implementation"
    edit = Edit(28, 34, "shall")  # "should"
    moved = rebase_edit(TEXT, newer, edit)
    assert newer[moved.start : moved.end] == "should"
    assert apply_edits(newer, [moved]).startswith("Recalling its mandate, decides that the Comm")
    insertion = rebase_edit(TEXT, newer, Edit(17, 17, "new "))
    assert apply_edits(newer, [insertion]).endswith(
        "that the new Commission should review the implementation"
    )
    assert rebase_edit(TEXT, TEXT, edit) == edit


def test_rebase_refuses_when_the_span_itself_changed() -> None:
    newer = TEXT.replace("should review", "must review")
    with pytest.raises(RebaseConflict):
        rebase_edit(TEXT, newer, Edit(28, 34, "shall"))
    with pytest.raises(RebaseConflict):  # insertion point next to changed words
        rebase_edit(TEXT, TEXT.replace("Commission", "Council"), Edit(27, 27, " really"))


def test_bracket_overlay_nests_and_lifts() -> None:
    text = "the Commission shall act"
    assert bracket(text, [(15, 20), (4, 20), (4, 14)]) == "the [[Commission] [shall]] act"
    assert lift("the [[Commission] [shall]] act", [(4, 26), (18, 25)]) == (
        "the [Commission] shall act"
    )
    rendered = render_brackets("a [b] c [d] e", [(0, 13)], lift=[(2, 5)], keep=[(8, 11)])
    assert rendered.text == "[a b c [d] e]"
    assert rendered.kept == ((7, 10),) and rendered.added == ((0, 13),)
    with pytest.raises(OverlayError, match="cross"):
        bracket(text, [(0, 10), (5, 15)])
    with pytest.raises(OverlayError, match="not a bracket"):
        lift(text, [(0, 3)])
    with pytest.raises(OverlayError, match="empty"):
        bracket(text, [(3, 3)])


def test_map_span_follows_edits() -> None:
    assert map_span([Edit(0, 0, "XX")], 3, 6) == (5, 8)  # before: shifted
    assert map_span([Edit(10, 12, "")], 3, 6) == (3, 6)  # after: unchanged
    assert map_span([Edit(4, 5, "abc")], 3, 6) == (3, 8)  # inside: grows
    assert map_span([Edit(1, 4, "")], 3, 6) == (1, 3)  # crossing the start
    assert map_span([Edit(3, 6, "")], 3, 6) is None  # deleted
    assert map_span([Edit(3, 3, "x"), Edit(6, 6, "y")], 3, 6) == (4, 7)  # edges stay out


# --- properties -------------------------------------------------------------------------

words = st.lists(
    st.sampled_from(["the", "Commission", "shall", "act", ",", "now", "and"]),
    min_size=1,
    max_size=14,
).map(" ".join)


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(words)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    edits: list[Edit] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if draw(st.booleans()):
            edits.append(Edit(a, b, draw(st.text("xyz ", max_size=4))))
    return text, edits


@settings(max_examples=200)
@given(text_and_edits())
def test_non_overlapping_edits_apply_in_any_order(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    try:
        forward = apply_edits(text, edits)
    except EditConflict:
        return
    assert apply_edits(text, list(reversed(edits))) == forward
    expected = len(text) + sum(e.delta for e in edits)
    assert len(forward) == expected


@settings(max_examples=200)
@given(text_and_edits(), st.integers(0, 30), st.integers(1, 10))
def test_mapped_span_keeps_untouched_text(
    case: tuple[str, list[Edit]], start: int, width: int
) -> None:
    text, edits = case
    end = min(len(text), start + width)
    if start >= end:
        return
    try:
        new = apply_edits(text, edits)
    except EditConflict:
        return
    span = map_span(edits, start, end)
    if not any((e.start < end and start < e.end) or e.start in (start, end) for e in edits):
        assert span is not None and new[span[0] : span[1]] == text[start:end]


@settings(max_examples=200)
@given(words, words, st.integers(0, 60), st.integers(0, 8), st.text("xyz", max_size=3))
def test_rebase_is_either_safe_or_refused(
    old: str, prefix: str, start: int, width: int, new: str
) -> None:
    newer = prefix + " " + old  # a change before every word of the old text
    start = min(start, len(old))
    end = min(len(old), start + width)
    edit = Edit(start, end, new)
    try:
        moved = rebase_edit(old, newer, edit)
    except RebaseConflict:
        return
    assert newer[moved.start : moved.end] == old[start:end]
    assert moved.new == new


@settings(max_examples=200)
@given(words, st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15)), max_size=6))
def test_render_then_lift_gives_the_text_back(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(s, min(len(text), s + w)) for s, w in raw if s < len(text)]
    spans = [s for s in spans if s[0] < s[1]]
    if crossing(spans) is not None:
        with pytest.raises(OverlayError):
            bracket(text, spans)
        return
    rendered = render_brackets(text, spans)
    stats = count_brackets(rendered.text, markdown=False)
    assert stats.opened == stats.closed == len(set(spans))
    assert lift(rendered.text, list(dict.fromkeys(rendered.added))) == text
