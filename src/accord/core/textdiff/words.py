"""Word-level diff of two strings: the minimal sequence of equal/insert/delete runs."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal, TypeAlias

from accord.core.textdiff import lcs
from accord.core.textdiff.lcs import common_prefix, common_suffix, lcs_blocks, lcs_blocks_of_lists
from accord.core.textdiff.speedups import unit_blocks
from accord.core.textdiff.tokens import has_cjk, units

_BOUNDARY = re.compile(r"\S\s")
# Equal ends of two paragraphs are trimmed character-wise; start galloping at 16 characters.
CHAR_STEP = 16

Tag: TypeAlias = Literal["equal", "insert", "delete"]
Opcode: TypeAlias = tuple[Tag, int, int, int, int]


@dataclass(frozen=True, slots=True)
class DiffOp:
    """A run of equal, inserted or deleted text.

    ``text`` is the run's text (from the old string for deletions, from the new one
    otherwise); ``old_start:old_end`` and ``new_start:new_end`` are its character
    offsets in the old and new strings (an empty range on the side it is absent from).
    """

    tag: Tag
    text: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


# Setting the slots directly makes the same frozen object about three times faster than
# the dataclass ``__init__`` (which goes through ``object.__setattr__`` for every field);
# a redline creates thousands of ops.
_new = object.__new__
_SET_TAG, _SET_TEXT, _SET_OLD_START, _SET_OLD_END, _SET_NEW_START, _SET_NEW_END = (
    DiffOp.__dict__[name].__set__
    for name in ("tag", "text", "old_start", "old_end", "new_start", "new_end")
)


def make_op(
    tag: Tag, text: str, old_start: int, old_end: int, new_start: int, new_end: int
) -> DiffOp:
    """``DiffOp(tag, text, old_start, old_end, new_start, new_end)``, built faster."""
    op = _new(DiffOp)
    _SET_TAG(op, tag)
    _SET_TEXT(op, text)
    _SET_OLD_START(op, old_start)
    _SET_OLD_END(op, old_end)
    _SET_NEW_START(op, new_start)
    _SET_NEW_END(op, new_end)
    return op


def diff_opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Minimal diff of two sequences as ``(tag, i1, i2, j1, j2)`` runs (like difflib).

    Minimal: the number of inserted plus deleted items is the smallest possible
    (``len(a) + len(b) - 2 * LCS``). Within a changed region deletions come first.
    """
    ops: list[Opcode] = []
    i = j = 0  # next unconsumed positions
    for bi, bj, n in lcs_blocks(a, b):
        if bi == i and bj == j and ops and ops[-1][0] == "equal":
            ops[-1] = ("equal", ops[-1][1], i + n, ops[-1][3], j + n)  # runs touch
        else:
            if bi > i:
                ops.append(("delete", i, bi, j, j))
            if bj > j:
                ops.append(("insert", bi, bi, j, bj))
            ops.append(("equal", bi, bi + n, bj, bj + n))
        i, j = bi + n, bj + n
    la, lb = len(a), len(b)
    if la > i:
        ops.append(("delete", i, la, j, j))
    if lb > j:
        ops.append(("insert", la, la, j, lb))
    return ops


def diff_words(old: str, new: str) -> tuple[DiffOp, ...]:
    """Minimal word-level diff of ``old`` → ``new``.

    The unit compared is a word, CJK character or punctuation mark together with the
    whitespace before it; the diff inserts and deletes the fewest units possible. Joining
    the texts of the equal and delete ops gives ``old``; equal and insert give ``new``.
    Deterministic; no time-out.
    """
    if old == new:
        return (make_op("equal", new, 0, len(old), 0, len(new)),) if new else ()
    # Equal text at both ends is cut off at unit boundaries before tokenising: those
    # units are equal in both, and a common prefix or suffix of the unit sequences
    # belongs to some longest common subsequence, so the diff stays minimal (and is
    # the one the full sequences would give: the LCS trims equal ends the same way).
    # The suffix may not reach into the common prefix: the unit-level LCS trims the
    # prefix first, and the diff must come out the same.
    la, lb = len(old), len(new)
    p = common_prefix(old, new, CHAR_STEP)
    k = _prefix_cut(old, p)
    q = _suffix_cut(old, la - common_suffix(old, new, min(la, lb) - p, CHAR_STEP), k)
    qb = q - la + lb
    # The runs of diff_opcodes, built straight from the matching runs: runs that touch
    # (and the cut prefix and suffix) are merged into one equal op.
    ops: list[DiffOp] = []
    add = ops.append
    eq_a = eq_b = 0 if k else -1  # start of the equal run still open, -1 when none is
    a_end = b_end = k  # end of the text consumed so far
    for a1, a2, b1, b2 in _matching_runs(old, new, k, q, qb):
        if a1 > a_end or b1 > b_end:
            if eq_a >= 0:
                add(make_op("equal", new[eq_b:b_end], eq_a, a_end, eq_b, b_end))
            if a1 > a_end:
                add(make_op("delete", old[a_end:a1], a_end, a1, b_end, b_end))
            if b1 > b_end:
                add(make_op("insert", new[b_end:b1], a1, a1, b_end, b1))
            eq_a, eq_b = a1, b1
        elif eq_a < 0:
            eq_a, eq_b = a1, b1
        a_end, b_end = a2, b2
    if q > a_end or qb > b_end:
        if eq_a >= 0:
            add(make_op("equal", new[eq_b:b_end], eq_a, a_end, eq_b, b_end))
        if q > a_end:
            add(make_op("delete", old[a_end:q], a_end, q, b_end, b_end))
        if qb > b_end:
            add(make_op("insert", new[b_end:qb], q, q, b_end, qb))
        eq_a = eq_b = -1
        if q < la or qb < lb:
            eq_a, eq_b = q, qb
    elif eq_a < 0 and (q < la or qb < lb):
        eq_a, eq_b = q, qb
    if eq_a >= 0:
        add(make_op("equal", new[eq_b:], eq_a, la, eq_b, lb))
    return tuple(ops)


def _matching_runs(
    old: str, new: str, lo: int, a_hi: int, b_hi: int
) -> list[tuple[int, int, int, int]]:
    """Runs ``(a1, a2, b1, b2)`` with ``old[a1:a2] == new[b1:b2]``: a longest common
    subsequence of the units of ``old[lo:a_hi]`` and ``new[lo:b_hi]``, as character ranges.

    In C when the extension is built and neither text has CJK characters (same runs).
    """
    if unit_blocks is not None and not has_cjk(old) and not has_cjk(new):
        runs = unit_blocks(old, lo, a_hi, new, lo, b_hi, lcs.DIRECT_LIMIT)
        if runs is not None:
            return runs
    ua, ub = units(old[lo:a_hi]), units(new[lo:b_hi])
    oa, ob = _offsets(ua, lo), _offsets(ub, lo)
    return [(oa[i], oa[i + n], ob[j], ob[j + n]) for i, j, n in lcs_blocks_of_lists(ua, ub)]


def _prefix_cut(text: str, p: int) -> int:
    """The last unit boundary k with ``text[:k + 1]`` inside the first ``p`` characters.

    A unit is optional whitespace and one token, and no token holds whitespace, so a
    whitespace character right after a non-whitespace one always starts a unit, however
    the text goes on; the units before it depend only on ``text[:k + 1]``. 0 (always a
    boundary) when there is no such place.
    """
    w = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p))
    while w > 0 and text[w - 1].isspace():
        w -= 1
    return max(w, 0)


def _suffix_cut(text: str, s: int, k: int) -> int:
    """The first unit boundary q > k with ``text[q - 1:]`` inside ``text[s:]``.

    Same rule as :func:`_prefix_cut`; ``len(text)`` when there is none.
    """
    m = _BOUNDARY.search(text, max(s, k + 1))
    return m.start() + 1 if m else len(text)


def edit_count(old: str, new: str) -> int:
    """Number of units inserted plus deleted by the minimal word-level diff."""
    ua, ub = units(old), units(new)
    return len(ua) + len(ub) - 2 * sum(n for _, _, n in lcs_blocks(ua, ub))


def _offsets(parts: list[str], start: int = 0) -> list[int]:
    """Start offset of each part (from ``start``), plus the end offset at the end."""
    return list(accumulate(map(len, parts), initial=start))
