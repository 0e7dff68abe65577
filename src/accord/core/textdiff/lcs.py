"""Minimal diff of two sequences (of any hashable items) by bit-parallel LCS.

A longest common subsequence gives a diff with the fewest insertions plus deletions,
so the result is minimal by construction; nothing here has a time-out or a heuristic
that could degrade it (perf-anchors §6: diff-match-patch's 1 s time-out does).

Speed comes from the bit-parallel LCS recurrence (Allison & Dix 1986; Hyyrö 2004): one
row of the DP matrix is one Python integer, so each symbol of ``b`` costs a handful of
big-integer operations over ``len(a)`` bits, run in C. Small problems keep every row and
trace back directly; large ones are split Hirschberg-style (forward and backward row
scores, computed the same way) so memory stays linear.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from itertools import repeat

import numpy as np

from accord.core.textdiff.speedups import lcs_direct

Pair = tuple[int, int]
Block = tuple[int, int, int]

# Cells (len(a) * len(b)) up to which all rows are kept for the traceback: 4M bits of
# rows is about 0.5 MB, and past it Hirschberg's extra pass is cheaper than the memory.
DIRECT_LIMIT = 4_000_000


def _masks(a: Sequence[Hashable]) -> dict[Hashable, int]:
    """For each symbol, the bit mask of its positions in ``a``."""
    masks: dict[Hashable, int] = {}
    get = masks.get
    for i, sym in enumerate(a):
        masks[sym] = get(sym, 0) | (1 << i)
    return masks


def _last_row(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """The bit row after all of ``b``: zero bits mark where the LCS grows along ``a``."""
    masks = _masks(a)
    full = (1 << len(a)) - 1
    v = full
    get = masks.get
    for sym in b:
        u = v & get(sym, 0)
        if u:
            v = ((v + u) | (v - u)) & full
    return v


def _row_scores(row: int, m: int) -> np.ndarray:
    """LCS length against every prefix of ``a`` (length ``m + 1``) from a bit row."""
    nbytes = (m + 7) // 8
    bits = np.unpackbits(
        np.frombuffer(row.to_bytes(nbytes, "little"), dtype=np.uint8), bitorder="little"
    )[:m]
    scores = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(1 - bits.astype(np.int64), out=scores[1:])
    return scores


def _run_back(a: Sequence[Hashable], b: Sequence[Hashable], i: int, j: int) -> int:
    """Length of the common suffix of ``a[:i]`` and ``b[:j]`` (at least 1 is known).

    Item by item for short runs, then galloping on slice equality (in C).
    """
    limit = min(i, j)
    n = 1
    while n < limit and n < 8:
        if a[i - 1 - n] != b[j - 1 - n]:
            return n
        n += 1
    step = 8
    while n < limit:
        m = min(n + step, limit)
        if a[i - m : i - n] == b[j - m : j - n]:
            n = m
            step *= 2
            continue
        lo, hi = n, m - 1  # the run ends between n and m - 1: binary search
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if a[i - mid : i - n] == b[j - mid : j - n]:
                lo = mid
            else:
                hi = mid - 1
        return lo
    return n


def _direct_py(
    a: Sequence[Hashable], b: Sequence[Hashable], ao: int, bo: int, out: list[Block]
) -> None:
    """Keep every row and trace back from the end; appends matching blocks in order.

    The C twin (``_speedups.lcs_direct``) takes the same steps and gives the same runs."""
    masks: dict[Hashable, int] = {}
    get = masks.get
    bit = 1
    for sym in a:
        masks[sym] = get(sym, 0) | bit
        bit <<= 1
    full = bit - 1
    v = full
    rows = [v]
    append = rows.append
    # Symbols absent from ``a`` (mask 0) leave the row as it is.
    for m in map(get, b, repeat(0)):
        u = v & m
        if u:
            v = ((v + u) | (v - u)) & full
        append(v)
    i, j = len(a), len(b)
    found: list[Block] = []
    while i and j:
        sym = b[j - 1]
        if a[i - 1] == sym:
            # Matching equal symbols at the corner never shortens the LCS; a whole
            # run of them is taken at once (the same path, step by step).
            n = _run_back(a, b, i, j)
            i -= n
            j -= n
            found.append((ao + i, bo + j, n))
            continue
        row = rows[j]
        if (row >> (i - 1)) & 1:
            # LCS(a[:i-1], b[:j]) is as long: a[i-1] is deleted. So are the items
            # below it, step by step, until one equals b[j-1] (a bit of its mask) or
            # deleting it would shorten the LCS (a zero bit of the row): the highest
            # such bit under i - 1 is where the walk stops, found at once.
            i = ((get(sym, 0) | ~row) & ((1 << (i - 1)) - 1)).bit_length()
        else:
            j -= 1  # otherwise b[j-1] is inserted
    out.extend(reversed(found))


_direct: Callable[[Sequence[Hashable], Sequence[Hashable], int, int, list[Block]], None]
_direct = _direct_py
if lcs_direct is not None:
    _lcs_direct_c = lcs_direct

    def _direct_c(
        a: Sequence[Hashable], b: Sequence[Hashable], ao: int, bo: int, out: list[Block]
    ) -> None:
        out.extend(_lcs_direct_c(a, b, ao, bo))

    _direct = _direct_c


def common_prefix(a: Sequence[Hashable], b: Sequence[Hashable], first_step: int = 4) -> int:
    """Length of the common prefix of two sequences (or strings): galloping (first_step,
    twice that, ...), then binary search on slice equality.

    Slice comparisons run in C; galloping keeps the compared slices short when the prefix
    is short, as it mostly is between revised paragraphs.
    """
    limit = min(len(a), len(b))
    lo, step = 0, first_step
    while True:
        hi = min(lo + step, limit)
        if a[lo:hi] != b[lo:hi]:
            hi -= 1  # the mismatch is in [lo, hi): binary search
            break
        if hi == limit:
            return limit
        lo, step = hi, step * 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(
    a: Sequence[Hashable], b: Sequence[Hashable], limit: int, first_step: int = 4
) -> int:
    """Length of the common suffix, at most ``limit`` (galloping as above)."""
    la, lb = len(a), len(b)
    lo, step = 0, first_step
    while True:
        hi = min(lo + step, limit)
        if a[la - hi : la - lo] != b[lb - hi : lb - lo]:
            hi -= 1
            break
        if hi == limit:
            return limit
        lo, step = hi, step * 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _solve(
    a: Sequence[Hashable], b: Sequence[Hashable], ao: int, bo: int, out: list[Block]
) -> None:
    # Equal ends are always part of some LCS. Their length is found by binary search
    # on slice equality, which runs in C instead of a Python loop over every unit.
    lo = common_prefix(a, b)
    if lo:
        out.append((ao, bo, lo))
    hi_a, hi_b = len(a), len(b)
    k = common_suffix(a, b, min(hi_a, hi_b) - lo)
    hi_a, hi_b = hi_a - k, hi_b - k
    a, b = a[lo:hi_a], b[lo:hi_b]
    ao, bo = ao + lo, bo + lo
    if a and b:
        if len(a) * len(b) <= DIRECT_LIMIT or len(b) < 2:
            _direct(a, b, ao, bo, out)
        else:
            mid = len(b) // 2
            forward = _row_scores(_last_row(a, b[:mid]), len(a))
            backward = _row_scores(_last_row(a[::-1], b[: mid - 1 : -1]), len(a))
            split = int(np.argmax(forward + backward[::-1]))
            _solve(a[:split], b[:mid], ao, bo, out)
            _solve(a[split:], b[mid:], ao + split, bo + mid, out)
    if k:
        out.append((ao + len(a), bo + len(b), k))


def lcs_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """A longest common subsequence as runs ``(i, j, n)``: ``a[i:i+n] == b[j:j+n]``.

    Runs are increasing in both coordinates and non-empty; consecutive runs may touch
    (they are not merged). Same subsequence as :func:`lcs_pairs`.
    """
    out: list[Block] = []
    _solve(list(a), list(b), 0, 0, out)
    return out


def lcs_blocks_of_lists(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """:func:`lcs_blocks` without copying ``a`` and ``b`` first: for lists (or other
    sequences whose slices are cheap) that the caller does not change meanwhile."""
    out: list[Block] = []
    _solve(a, b, 0, 0, out)
    return out


def lcs_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Pair]:
    """Index pairs ``(i, j)`` with ``a[i] == b[j]`` forming a longest common subsequence.

    Increasing in both coordinates. Deterministic. Time O(len(a) * len(b) / 64) word
    operations in the worst case, O(n) for equal inputs; memory linear for large inputs.
    """
    return [(i + t, j + t) for i, j, n in lcs_blocks(a, b) for t in range(n)]
