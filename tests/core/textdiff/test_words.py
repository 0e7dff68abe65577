"""Word-level diff: exact results and minimality against a dynamic-programming LCS."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.textdiff import (
    DiffOp,
    diff_opcodes,
    diff_words,
    edit_count,
    lcs_pairs,
    tokenise,
    units,
)
from accord.core.textdiff import lcs as lcs_module


def _dp_lcs(a: list[int], b: list[int]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _tags(old: str, new: str) -> list[tuple[str, str]]:
    return [(op.tag, op.text) for op in diff_words(old, new)]


def test_negotiation_sentence() -> None:
    old = "OP7. [Decides] that the Commission should act."
    new = "OP7. [Recommends] that the Commission shall act, promptly."
    assert _tags(old, new) == [
        ("equal", "OP7. ["),
        ("delete", "Decides"),
        ("insert", "Recommends"),
        ("equal", "] that the Commission"),
        ("delete", " should"),
        ("insert", " shall"),
        ("equal", " act"),
        ("insert", ", promptly"),
        ("equal", "."),
    ]
    ops = diff_words(old, new)
    assert ops[1] == DiffOp("delete", "Decides", 6, 13, 6, 6)
    assert ops[2] == DiffOp("insert", "Recommends", 13, 13, 6, 16)


def test_cjk_is_compared_by_character() -> None:
    assert _tags("气候变化是全球问题", "气候变化是人类共同问题") == [
        ("equal", "气候变化是"),
        ("delete", "全球"),
        ("insert", "人类共同"),
        ("equal", "问题"),
    ]
    assert [t.kind for t in tokenise("Paris 协定.")] == ["word", "space", "cjk", "cjk", "punct"]


def test_empty_and_identical() -> None:
    assert diff_words("", "") == ()
    assert _tags("", "new text") == [("insert", "new text")]
    assert _tags("old", "") == [("delete", "old")]
    assert _tags("same words", "same words") == [("equal", "same words")]


def test_units_and_tokens_keep_offsets() -> None:
    text = "  The Party's 1.5 °C goal,\n\nagreed."
    assert "".join(units(text)) == text
    assert units(text) == ["  The", " Party's", " 1.5", " °", "C", " goal", ",", "\n\nagreed", "."]
    tokens = tokenise(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)


texts = st.lists(st.sampled_from(["a", "b", "c", " ", ",", "\n", "气"]), max_size=30).map("".join)


@settings(max_examples=250, deadline=None)
@given(texts, texts)
def test_diff_reconstructs_both_sides_and_is_minimal(old: str, new: str) -> None:
    ops = diff_words(old, new)
    assert "".join(op.text for op in ops if op.tag != "insert") == old
    assert "".join(op.text for op in ops if op.tag != "delete") == new
    for op in ops:
        assert old[op.old_start : op.old_end] == (op.text if op.tag != "insert" else "")
        assert new[op.new_start : op.new_end] == (op.text if op.tag != "delete" else "")
    ua, ub = units(old), units(new)
    ids: dict[str, int] = {}
    ia = [ids.setdefault(u, len(ids)) for u in ua]
    ib = [ids.setdefault(u, len(ids)) for u in ub]
    assert edit_count(old, new) == len(ua) + len(ub) - 2 * _dp_lcs(ia, ib)


seqs = st.lists(st.integers(0, 3), max_size=40)


@pytest.mark.parametrize("direct_limit", [4_000_000, 4])
def test_lcs_is_maximal_direct_and_hirschberg(direct_limit: int) -> None:
    # 4 forces the Hirschberg split path on every sub-problem.
    @settings(max_examples=300, deadline=None)
    @given(seqs, seqs)
    def check(a: list[int], b: list[int]) -> None:
        pairs = lcs_pairs(a, b)
        assert len(pairs) == _dp_lcs(a, b)
        assert all(a[i] == b[j] for i, j in pairs)
        assert all(p < q for p, q in pairwise(pairs))
        assert all(p[1] < q[1] for p, q in pairwise(pairs))
        ops = diff_opcodes(a, b)
        removed = sum(i2 - i1 for t, i1, i2, _, _ in ops if t == "delete")
        added = sum(j2 - j1 for t, _, _, j1, j2 in ops if t == "insert")
        assert removed + added == len(a) + len(b) - 2 * len(pairs)

    saved = lcs_module.DIRECT_LIMIT
    lcs_module.DIRECT_LIMIT = direct_limit
    try:
        check()
    finally:
        lcs_module.DIRECT_LIMIT = saved


def test_large_inputs_stay_minimal_without_time_out() -> None:
    # A 12k-unit pair takes the Hirschberg path; the result must still be minimal.
    import random

    rng = random.Random(3)
    words = [f" w{rng.randrange(3000)}" for _ in range(12_000)]
    edited = list(words)
    for _ in range(120):
        edited[rng.randrange(len(edited))] = f" z{rng.randrange(50)}"
    old, new = "".join(words), "".join(edited)
    ops = diff_words(old, new)
    assert "".join(op.text for op in ops if op.tag != "delete") == new
    assert edit_count(old, new) <= 240


def _reference_ops(old: str, new: str) -> list[tuple[str, str, int, int, int, int]]:
    """diff_words without any character-level trimming: opcodes over all units."""
    ua, ub = units(old), units(new)
    oa = [sum(len(u) for u in ua[:i]) for i in range(len(ua) + 1)]
    ob = [sum(len(u) for u in ub[:j]) for j in range(len(ub) + 1)]
    out = []
    for tag, i1, i2, j1, j2 in diff_opcodes(ua, ub):
        text = old[oa[i1] : oa[i2]] if tag == "delete" else new[ob[j1] : ob[j2]]
        out.append((tag, text, oa[i1], oa[i2], ob[j1], ob[j2]))
    return out


spaced = st.lists(
    st.sampled_from(["a", "b", "ab", " ", "  ", "\n", "\t", "\u00a0", ",", "'", "-", "气", "é"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(spaced, spaced, spaced, spaced)
def test_trimming_equal_ends_gives_the_same_diff(head: str, old: str, new: str, tail: str) -> None:
    # diff_words cuts equal text at both ends before tokenising; the result must be
    # exactly the diff of the full unit sequences (hence minimal too).
    a, b = head + old + tail, head + new + tail
    got = [
        (op.tag, op.text, op.old_start, op.old_end, op.new_start, op.new_end)
        for op in diff_words(a, b)
    ]
    assert got == _reference_ops(a, b)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2), max_size=12),
    st.integers(0, 70),
    st.lists(st.integers(0, 2), max_size=12),
)
def test_lcs_with_long_equal_runs(prefix: list[int], run: int, suffix: list[int]) -> None:
    # Long equal runs inside the problem take the galloping path of the traceback.
    a = prefix + list(range(10, 10 + run)) + suffix
    b = suffix + list(range(10, 10 + run)) + prefix[::-1]
    pairs = lcs_pairs(a, b)
    assert len(pairs) == _dp_lcs(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(p[0] < q[0] and p[1] < q[1] for p, q in pairwise(pairs))
