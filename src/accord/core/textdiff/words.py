"""Word-level diff of two strings: the minimal sequence of equal/insert/delete runs."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal, TypeAlias

from accord.core.textdiff.lcs import lcs_pairs
from accord.core.textdiff.tokens import units

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
    la, lb = len(a), len(b)
    i = j = 0  # next unconsumed positions
    run_i = run_j = -1  # start of the current equal run, -1 when none
    for pi, pj in [*lcs_pairs(a, b), (la, lb)]:
        if pi == i and pj == j and run_i >= 0 and pi < la:
            i, j = pi + 1, pj + 1  # the equal run goes on
            continue
        if run_i >= 0:
            ops.append(("equal", run_i, i, run_j, j))
        if pi > i:
            ops.append(("delete", i, pi, j, j))
        if pj > j:
            ops.append(("insert", pi, pi, j, pj))
        run_i, run_j = pi, pj
        i, j = pi + 1, pj + 1
    return ops


def diff_words(old: str, new: str) -> tuple[DiffOp, ...]:
    """Minimal word-level diff of ``old`` → ``new``.

    The unit compared is a word, CJK character or punctuation mark together with the
    whitespace before it; the diff inserts and deletes the fewest units possible. Joining
    the texts of the equal and delete ops gives ``old``; equal and insert give ``new``.
    Deterministic; no time-out.
    """
    ua, ub = units(old), units(new)
    offsets_a = _offsets(ua)
    offsets_b = _offsets(ub)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in diff_opcodes(ua, ub):
        a1, a2, b1, b2 = offsets_a[i1], offsets_a[i2], offsets_b[j1], offsets_b[j2]
        text = old[a1:a2] if tag == "delete" else new[b1:b2]
        ops.append(DiffOp(tag, text, a1, a2, b1, b2))
    return tuple(ops)


def edit_count(old: str, new: str) -> int:
    """Number of units inserted plus deleted by the minimal word-level diff."""
    ua, ub = units(old), units(new)
    return len(ua) + len(ub) - 2 * len(lcs_pairs(ua, ub))


def _offsets(parts: list[str]) -> list[int]:
    """Start offset of each part, plus the total length at the end."""
    return list(accumulate(map(len, parts), initial=0))
