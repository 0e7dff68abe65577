"""The speed-ups of the redline give exactly what the plain code they replace gives."""

from __future__ import annotations

import itertools
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.textdiff import DiffOp, Match, Para, lcs_pairs, redline
from accord.core.textdiff import align as align_module
from accord.core.textdiff import lcs as lcs_module
from accord.core.textdiff import words as words_module
from accord.core.textdiff.align import _ID, _WORDS, _match, _para, paragraph_id
from accord.core.textdiff.redline import RedlineBlock, _block


def test_fast_constructors_build_the_same_frozen_objects() -> None:
    op = words_module.make_op("insert", "x", 1, 1, 2, 3)
    assert op == DiffOp("insert", "x", 1, 1, 2, 3) and type(op) is DiffOp
    assert _para("OP1", "OP1. x") == Para("OP1", "OP1. x")
    assert _match((0,), (1, 2), "split", 0.5, True) == Match((0,), (1, 2), "split", 0.5, True)
    assert _block("changed", (0,), (1,), (op,), "similar", False) == RedlineBlock(
        "changed", (0,), (1,), (op,), "similar", False
    )
    assert repr(op) == repr(DiffOp("insert", "x", 1, 1, 2, 3))


def _reference_blocks(a: list[int], b: list[int]) -> list[tuple[int, int, int]]:
    """Equal ends, then the LCS traceback one cell at a time from the end (match, else
    delete when that keeps the LCS, else insert): the path lcs_blocks is meant to take."""
    lo = 0
    while lo < min(len(a), len(b)) and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < min(len(a), len(b)) - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    head = [(t, t, 1) for t in range(lo)]
    tail = [(len(a) - hi + t, len(b) - hi + t, 1) for t in range(hi)]
    mid = _reference_middle(a[lo : len(a) - hi], b[lo : len(b) - hi])
    return head + [(i + lo, j + lo, 1) for i, j, _ in mid] + tail


def _reference_middle(a: list[int], b: list[int]) -> list[tuple[int, int, int]]:
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            dp[i + 1][j + 1] = dp[i][j] + 1 if a[i] == b[j] else max(dp[i][j + 1], dp[i + 1][j])
    i, j, pairs = n, m, []
    while i and j:
        if a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
            pairs.append((i, j))
        elif dp[i - 1][j] == dp[i][j]:
            i -= 1
        else:
            j -= 1
    return [(p, q, 1) for p, q in reversed(pairs)]


seqs = st.lists(st.integers(0, 4), max_size=45)


@settings(max_examples=400, deadline=None)
@given(seqs, seqs)
def test_lcs_traceback_is_the_cell_by_cell_one(a: list[int], b: list[int]) -> None:
    # The traceback skips runs of deletions at once with bit tricks and takes runs of
    # matches at once; the path must be the one of the plain cell-by-cell walk.
    saved = lcs_module.DIRECT_LIMIT
    lcs_module.DIRECT_LIMIT = 10**9  # keep one direct problem (no Hirschberg split)
    try:
        got = lcs_pairs(a, b)
    finally:
        lcs_module.DIRECT_LIMIT = saved
    assert got == [(i, j) for i, j, _ in _reference_blocks(a, b)]


def _naive_prefix(a: str, b: str) -> int:
    return next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


text_pairs = st.tuples(
    st.text("ab", max_size=300), st.text("ab", max_size=40), st.text("ab", max_size=40)
)


@settings(max_examples=400, deadline=None)
@given(text_pairs)
def test_galloping_common_prefix_and_suffix(parts: tuple[str, str, str]) -> None:
    common, x, y = parts
    for a, b in ((common + x, common + y), (x + common, y + common)):
        p = _naive_prefix(a, b)
        s = _naive_prefix(a[::-1], b[::-1])
        assert lcs_module.common_prefix(a, b, words_module.CHAR_STEP) == p
        assert lcs_module.common_prefix(list(a), list(b)) == p
        for limit in {0, s // 2, s, min(len(a), len(b))}:
            assert lcs_module.common_suffix(a, b, limit, words_module.CHAR_STEP) == min(s, limit)
            assert lcs_module.common_suffix(list(a), list(b), limit) == min(s, limit)


def _reference_overlap(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shingle sets with Python sets: words and word pairs, frequent ones left out."""
    sets = []
    for t in texts:
        w = _WORDS.findall(t.casefold())
        sets.append({*w, *itertools.pairwise(w)})
    df: dict[object, int] = {}
    for s in sets:
        for x in s:
            df[x] = df.get(x, 0) + 1
    limit = max(10, len(texts) // 5)
    kept = [{x for x in s if df[x] <= limit} for s in sets]
    inter = np.array([[len(kept[o] & kept[n]) for n in range(k, len(texts))] for o in range(k)])
    sizes = np.array([len(s) for s in kept], dtype=np.float64)
    return inter.reshape(k, len(texts) - k), sizes[:k], sizes[k:]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "d", "The", "é", "ß"]), max_size=12).map(" ".join),
        min_size=2,
        max_size=40,
    ),
    st.data(),
)
def test_overlap_counts_match_python_sets(texts: list[str], data: st.DataObject) -> None:
    k = data.draw(st.integers(1, len(texts) - 1))
    vocab: dict[str, int] = {}
    ids = [
        np.array(
            [vocab.setdefault(w, 1 + 7 * len(vocab)) for w in _WORDS.findall(t.casefold())],
            dtype=np.int64,
        )
        for t in texts
    ]
    lengths = np.array([len(x) for x in ids], dtype=np.int64)
    inter, size_old, size_new = align_module._overlap_counts(np.concatenate(ids), lengths, k)
    ref_inter, ref_old, ref_new = _reference_overlap(texts, k)
    assert inter.shape == ref_inter.shape
    assert (inter == ref_inter).all()
    assert (size_old == ref_old).all() and (size_new == ref_new).all()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"PpOo1234 .-*([", "bis", "ter", "\u00a0", "ſ", "\u212a"]), max_size=10
    ).map("".join)
)
def test_paragraph_id_quick_reject_matches_the_regex(text: str) -> None:
    m = _ID.match(text)
    if m is None:
        assert paragraph_id(text) is None
    else:
        compact = re.sub(r"\s", "", m.group(1))
        assert paragraph_id(text) == compact[:2].upper() + compact[2:].lower()


def test_redline_of_single_and_joined_paragraphs() -> None:
    old = [Para(None, "Parties shall act now. Parties shall report yearly.")]
    new = [Para(None, "Parties shall act now."), Para(None, "Parties shall report yearly.")]
    result = redline(old, new)
    texts = [(op.tag, op.text) for b in result.blocks for op in b.ops if op.tag != "equal"]
    assert texts == [("delete", " Parties"), ("insert", "\n\nParties")]
