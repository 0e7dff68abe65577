"""Counts of a redline: paragraphs changed, inserted, deleted, moved, unchanged, and words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.textdiff import Para, RedlineCounts, count_words, redline


def _paras(*texts: str) -> list[Para]:
    return [Para(f"p{i}", t) for i, t in enumerate(texts)]


def test_a_paragraph_whose_words_changed_is_changed_with_its_word_counts() -> None:
    old = [Para("a", "Recalling its work,"), Para("b", "Requests the secretariat to report.")]
    new = [
        Para("a", "Recalling its work,"),
        Para("b", "Requests the Commission to report annually."),
    ]
    result = redline(old, new)
    assert result.counts() == RedlineCounts(
        changed=1, inserted=0, deleted=0, moved=0, unchanged=1, words_inserted=2, words_deleted=1
    )
    changed = result.blocks[1]
    assert (changed.words_inserted, changed.words_deleted) == (2, 1)


def test_inserted_and_deleted_paragraphs_count_their_words() -> None:
    old = [Para("a", "One two."), Para("b", "Three four five.")]
    new = [Para("a", "One two."), Para("c", "Six, seven-eight nine.")]
    counts = redline(old, new).counts()
    # "seven-eight" is one word; punctuation is not a word.
    assert counts == RedlineCounts(
        changed=0, inserted=1, deleted=1, moved=0, unchanged=1, words_inserted=3, words_deleted=3
    )


def test_a_moved_paragraph_is_moved_not_deleted_and_inserted() -> None:
    texts = [
        "Parties shall regularly prepare nationally determined contributions",
        "The Commission should review the implementation every five years",
        "Developed country Parties shall provide financial resources",
    ]
    old = [Para(None, t) for t in texts]
    new = [Para(None, texts[1]), Para(None, texts[2]), Para(None, texts[0])]
    result = redline(old, new)
    assert result.counts() == RedlineCounts(
        changed=0, inserted=0, deleted=0, moved=1, unchanged=2, words_inserted=0, words_deleted=0
    )
    (moved,) = [b for b in result.blocks if b.moved]
    assert (moved.kind, moved.old, moved.new) == ("equal", (0,), (2,))


def test_moved_and_edited_counts_as_both() -> None:
    old = [Para("a", "Alpha beta gamma."), Para("b", "Delta."), Para("c", "Epsilon.")]
    new = [Para("b", "Delta."), Para("c", "Epsilon."), Para("a", "Alpha beta gamma eta.")]
    result = redline(old, new)
    assert result.counts() == RedlineCounts(
        changed=1, inserted=0, deleted=0, moved=1, unchanged=2, words_inserted=1, words_deleted=0
    )
    assert [(b.kind, b.moved) for b in result.blocks] == [
        ("equal", False),
        ("equal", False),
        ("changed", True),
    ]


words = st.lists(
    st.sampled_from(["the", "Commission", "shall", "act", "now", ",", "."]), max_size=8
)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=0, max_size=5), st.lists(words, min_size=0, max_size=5))
def test_counts_add_up(old_words: list[list[str]], new_words: list[list[str]]) -> None:
    old = _paras(*(" ".join(w) for w in old_words if w))
    new = _paras(*(" ".join(w) for w in new_words if w))
    result = redline(old, new)
    counts = result.counts()
    pure_moves = sum(1 for b in result.blocks if b.moved and b.kind == "equal")
    assert counts.changed + counts.inserted + counts.deleted + counts.unchanged + pure_moves == len(
        result.blocks
    )
    # Words inserted or deleted are those of the ops, and the text's words are kept:
    # old words - deleted = new words - inserted (the equal runs on both sides).
    old_total = sum(count_words(p.text) for p in old)
    new_total = sum(count_words(p.text) for p in new)
    assert old_total - counts.words_deleted == new_total - counts.words_inserted
