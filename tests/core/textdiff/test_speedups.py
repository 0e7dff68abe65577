"""The C speed-ups give exactly what the Python code they replace gives, and refuse bad
arguments with a clear error instead of reading out of bounds."""

from __future__ import annotations

import os
from itertools import accumulate

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.textdiff import align, lcs, speedups, tokens, words
from accord.core.textdiff.align import _split_piece, _word_ids_py, split_paragraphs
from accord.core.textdiff.redline import redline
from tests.shared_data import shared_data

pytestmark = pytest.mark.skipif(
    not speedups.AVAILABLE, reason="the C speed-ups are not built here (no C compiler)"
)


def test_ci_builds_the_speed_ups() -> None:
    # .ci/run sets this: a CI machine has a compiler, so a failed build is a failure.
    if os.environ.get("ACCORD_REQUIRE_SPEEDUPS") == "1":
        assert speedups.AVAILABLE


def _canonical(ids: np.ndarray) -> list[int]:
    """Ids renumbered by first appearance: equal iff the same words repeat alike."""
    seen: dict[int, int] = {}
    return [seen.setdefault(int(x), len(seen)) for x in ids]


TEXT_CHARS = st.sampled_from(
    [
        *"aZ_9 ,.-'\n\t\x00ßﬁΣé’“\u00a0\u2009\u212a\u0345İ气\ud800",
        "\U0001d400",
        "x\u0301",
        "Parties",
    ]
)
texts = st.lists(TEXT_CHARS, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6))
def test_word_ids_same_words_as_python(sample: list[str]) -> None:
    assert speedups.word_ids is not None
    ids_c, lengths_c = speedups.word_ids(sample, _split_piece)
    ids_py, lengths_py = _word_ids_py(sample)
    c = np.frombuffer(ids_c, dtype=np.int64)
    assert np.frombuffer(lengths_c, dtype=np.int64).tolist() == lengths_py.tolist()
    assert _canonical(c) == _canonical(ids_py)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 30), max_size=40), min_size=2, max_size=30),
    st.data(),
)
def test_overlap_counts_same_as_python(paragraphs: list[list[int]], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(paragraphs)))
    ids = np.array([w for p in paragraphs for w in p], dtype=np.int64)
    lengths = np.array([len(p) for p in paragraphs], dtype=np.int64)
    got = align._overlap_counts_c(ids, lengths, k)
    want = align._overlap_counts_py(ids, lengths, k)
    for g, w in zip(got, want, strict=True):
        assert g.shape == w.shape
        assert (g == w).all()


symbols = st.lists(st.integers(0, 5), max_size=200)


@settings(max_examples=400, deadline=None)
@given(symbols, symbols, st.integers(0, 3), st.integers(0, 3))
def test_lcs_direct_same_runs_as_python(a: list[int], b: list[int], ao: int, bo: int) -> None:
    # Long enough for rows of several 64-bit words, with carries between them.
    assert speedups.lcs_direct is not None
    want: list[tuple[int, int, int]] = []
    lcs._direct_py(a, b, ao, bo, want)
    assert speedups.lcs_direct(a, b, ao, bo) == want
    as_text = "".join(map(str, a)), "".join(map(str, b))
    assert speedups.lcs_direct(*as_text) == speedups.lcs_direct(a, b)


def test_lcs_direct_long_rows() -> None:
    rng = np.random.default_rng(5)
    for size in (63, 64, 65, 127, 128, 129, 1000):
        a = rng.integers(0, 8, size).tolist()
        b = rng.integers(0, 8, size + 17).tolist()
        want: list[tuple[int, int, int]] = []
        lcs._direct_py(a, b, 0, 0, want)
        assert speedups.lcs_direct is not None
        assert speedups.lcs_direct(a, b) == want


WORDS = st.sampled_from(
    ["the", "The", " ", "  ", "\n\n", ",", ".", "Party", "Parties’", "e.g.", "non-Party",
     "’", "-", "'", "é", "\u00a0", "shall", "should", "x_1", "3.5", "\t"]
)  # fmt: skip
prose = st.lists(WORDS, max_size=60).map("".join)


def _python_runs(a: str, b: str, lo: int, a_hi: int, b_hi: int) -> list[tuple[int, ...]]:
    ua, ub = tokens.units(a[lo:a_hi]), tokens.units(b[lo:b_hi])
    oa = list(accumulate(map(len, ua), initial=lo))
    ob = list(accumulate(map(len, ub), initial=lo))
    return [(oa[i], oa[i + n], ob[j], ob[j + n]) for i, j, n in lcs.lcs_blocks_of_lists(ua, ub)]


@settings(max_examples=500, deadline=None)
@given(prose, prose, st.data())
def test_unit_blocks_same_runs_as_python(a: str, b: str, data: st.DataObject) -> None:
    assert speedups.unit_blocks is not None
    lo = data.draw(st.integers(0, min(len(a), len(b))))
    a_hi = data.draw(st.integers(lo, len(a)))
    b_hi = data.draw(st.integers(lo, len(b)))
    got = speedups.unit_blocks(a, lo, a_hi, b, lo, b_hi, lcs.DIRECT_LIMIT)
    assert got == _python_runs(a, b, lo, a_hi, b_hi)


def test_unit_blocks_leave_hirschberg_to_python() -> None:
    assert speedups.unit_blocks is not None
    a, b = "a b c d e f", "f e d c b a"
    assert speedups.unit_blocks(a, 0, len(a), b, 0, len(b), 4) is None
    assert speedups.unit_blocks(a, 0, len(a), b, 0, len(b), 36) is not None


def test_bad_arguments_are_refused() -> None:
    assert speedups.unit_blocks is not None and speedups.overlap_counts is not None
    assert speedups.word_ids is not None
    with pytest.raises(ValueError, match="out of bounds"):
        speedups.unit_blocks("abc", 0, 4, "abc", 0, 3, 100)
    with pytest.raises(ValueError, match="out of bounds"):
        speedups.unit_blocks("abc", 2, 1, "abc", 0, 3, 100)
    ids = np.arange(5, dtype=np.int64)
    with pytest.raises(ValueError, match="lengths"):
        speedups.overlap_counts(ids, np.array([2, 4], dtype=np.int64), 1)
    with pytest.raises(ValueError, match="lengths"):
        speedups.overlap_counts(ids, np.array([-1, 6], dtype=np.int64), 1)
    with pytest.raises(ValueError, match="int64"):
        speedups.overlap_counts(ids, np.array([5], dtype=np.int64), 2)
    with pytest.raises(ValueError, match="int64"):
        speedups.overlap_counts(b"abc", np.array([0], dtype=np.int64), 0)
    with pytest.raises(TypeError, match="str"):
        speedups.word_ids(["a", 3], _split_piece)
    with pytest.raises(TypeError):
        speedups.lcs_direct([[1]], [[1]])  # unhashable items
    with pytest.raises(ZeroDivisionError):
        speedups.word_ids(["é"], lambda piece: 1 / 0)  # the callback's error comes through


@pytest.mark.shared_data
def test_cop21_redline_identical_with_and_without_c() -> None:
    folder = shared_data("cop21-paris-agreement-drafts")
    old, new = (
        split_paragraphs((folder / name).read_text(encoding="utf-8"))
        for name in ("agreement-23-oct-2015.md", "agreement-4-dec-2015.md")
    )
    with_c = redline(old, new)
    saved = align._word_ids, align._overlap_counts, lcs._direct, words.unit_blocks
    try:
        align._word_ids, align._overlap_counts = align._word_ids_py, align._overlap_counts_py
        lcs._direct, words.unit_blocks = lcs._direct_py, None
        without = redline(old, new)
    finally:
        align._word_ids, align._overlap_counts, lcs._direct, words.unit_blocks = saved
    assert with_c == without
    assert len(with_c.blocks) == len(without.blocks) > 300
