"""Segmentation of contributions into proposals with spans (runs with ``-p no:django``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.core.synthesis import segment_batch, segment_text

RECOMMENDATIONS = """We recommend the following:
1. Open all meetings to observers.
2. Publish the drafts:
   (a) within two days; and
   (b) in all official languages.
3. Review the process
   every two years.

A closing paragraph. It says thanks."""


def test_numbered_recommendations_nested_items_and_paragraphs() -> None:
    segs = segment_text(RECOMMENDATIONS, "c1")
    assert [(s.kind, s.label, s.start, s.end, s.text) for s in segs] == [
        ("paragraph", "", 0, 27, "We recommend the following:"),
        ("item", "1.", 31, 62, "Open all meetings to observers."),
        ("item", "2.", 66, 85, "Publish the drafts:"),
        ("item", "2.(a)", 93, 113, "within two days; and"),
        ("item", "2.(b)", 121, 147, "in all official languages."),
        ("item", "3.", 151, 189, "Review the process\n   every two years."),
        ("paragraph", "", 191, 227, "A closing paragraph. It says thanks."),
    ]
    assert all(s.source_id == "c1" for s in segs)
    assert [s.index for s in segs] == list(range(7))
    assert all(RECOMMENDATIONS[s.start : s.end] == s.text for s in segs)


def test_roman_letters_bullets_and_new_lists() -> None:
    text = "(i) first\n(ii) second\n(iii) third\n\n- bullet a\n- bullet b\n\nh) eight\ni) nine"
    segs = segment_text(text, 7)
    assert [(s.label, s.text) for s in segs] == [
        ("(i)", "first"),
        ("(ii)", "second"),
        ("(iii)", "third"),
        ("-", "bullet a"),
        ("-", "bullet b"),
        ("h)", "eight"),
        ("i)", "nine"),  # a letter after "h)", not the numeral one
    ]


def test_items_separated_by_blank_lines_stay_one_list() -> None:
    text = "1. Alpha\n\n   a) sub one\n\n   b) sub two\n\n2. Beta"
    assert [(s.label, s.text) for s in segment_text(text)] == [
        ("1.", "Alpha"),
        ("1.a)", "sub one"),
        ("1.b)", "sub two"),
        ("2.", "Beta"),
    ]


def test_long_paragraph_split_into_sentences_abbreviations_kept() -> None:
    text = (
        "First sentence is here. Second one, e.g. with an abbreviation, follows. "
        "Art. 5 applies! Is it? Yes."
    )
    segs = segment_text(text, "s", max_chars=30)
    assert [(s.kind, s.start, s.end, s.text) for s in segs] == [
        ("sentence", 0, 23, "First sentence is here."),
        ("sentence", 24, 71, "Second one, e.g. with an abbreviation, follows."),
        ("sentence", 72, 87, "Art. 5 applies!"),
        ("sentence", 88, 94, "Is it?"),
        ("sentence", 95, 99, "Yes."),
    ]
    # Under the limit the paragraph stays whole.
    assert [s.kind for s in segment_text(text, "s")] == ["paragraph"]


def test_empty_and_blank_texts_have_no_segments() -> None:
    assert segment_text("") == []
    assert segment_text(" \n\n \t\n") == []


def test_batch_keeps_source_ids() -> None:
    segs = segment_batch(["One.\n\nTwo.", "1. Three"], ids=["a", "b"])
    assert [(s.source_id, s.index, s.text, s.label) for s in segs] == [
        ("a", 0, "One.", ""),
        ("a", 1, "Two.", ""),
        ("b", 0, "Three", "1."),
    ]


_line = st.one_of(
    st.text(alphabet="abc .,()-\t1", max_size=30),
    st.sampled_from(["1. x", "(a) y", "ii) z", "- w", "", "  "]),
)


@given(st.lists(_line, max_size=12), st.integers(min_value=5, max_value=80))
def test_spans_point_at_the_text_and_do_not_overlap(lines: list[str], max_chars: int) -> None:
    text = "\n".join(lines)
    segs = segment_text(text, max_chars=max_chars)
    last = 0
    for s in segs:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last
        last = s.end
