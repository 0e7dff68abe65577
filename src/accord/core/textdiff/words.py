"""Word-level diff of two strings: the minimal sequence of equal/insert/delete runs."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal, TypeAlias

from accord.core.textdiff.lcs import lcs_blocks
from accord.core.textdiff.tokens import units

_BOUNDARY = re.compile(r"\S\s")

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
        return (DiffOp("equal", new, 0, len(old), 0, len(new)),) if new else ()
    # Equal text at both ends is cut off at unit boundaries before tokenising: those
    # units are equal in both, and a common prefix or suffix of the unit sequences
    # belongs to some longest common subsequence, so the diff stays minimal (and is
    # the one the full sequences would give: the LCS trims equal ends the same way).
    # The suffix may not reach into the common prefix: the unit-level LCS trims the
    # prefix first, and the diff must come out the same.
    la, lb = len(old), len(new)
    p = _common_prefix(old, new)
    k = _prefix_cut(old, p)
    q = _suffix_cut(old, la - _common_suffix(old, new, min(la, lb) - p), k)
    qb = q - la + lb
    mid_a, mid_b = old[k:q], new[k:qb]
    ua, ub = units(mid_a), units(mid_b)
    offsets_a = _offsets(ua, k)
    offsets_b = _offsets(ub, k)
    ops: list[DiffOp] = []
    if k:
        ops.append(DiffOp("equal", new[:k], 0, k, 0, k))
    for tag, i1, i2, j1, j2 in diff_opcodes(ua, ub):
        a1, a2, b1, b2 = offsets_a[i1], offsets_a[i2], offsets_b[j1], offsets_b[j2]
        if tag == "equal" and ops and ops[-1].tag == "equal":
            a1, b1 = ops[-1].old_start, ops.pop().new_start
        text = old[a1:a2] if tag == "delete" else new[b1:b2]
        ops.append(DiffOp(tag, text, a1, a2, b1, b2))
    if q < la or qb < lb:
        a1, b1 = q, qb
        if ops and ops[-1].tag == "equal":
            a1, b1 = ops[-1].old_start, ops.pop().new_start
        ops.append(DiffOp("equal", new[b1:], a1, la, b1, lb))
    return tuple(ops)


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (binary search on slice equality, in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most ``limit``."""
    la, lb = len(a), len(b)
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


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
