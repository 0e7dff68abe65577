"""Character-level edits of a paragraph: insert, delete, replace; several at once.

An :class:`Edit` replaces ``text[start:end]`` with ``new``: an insertion has
``start == end``, a deletion has ``new == ""``. Edits proposed together must not overlap
(two proposals on the same words are a negotiation conflict, never merged silently).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class AmendError(ValueError):
    """An edit that cannot be applied; the message says why."""


class EditRangeError(AmendError):
    """The span lies outside the text (or ends before it starts)."""


class EditConflict(AmendError):
    """Two edits touch the same text; ``first`` and ``second`` are their indices."""

    def __init__(self, message: str, first: int, second: int) -> None:
        super().__init__(message)
        self.first = first
        self.second = second


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    new: str = ""

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end

    @property
    def delta(self) -> int:
        return len(self.new) - (self.end - self.start)


def check_range(text: str, edit: Edit) -> None:
    if edit.start < 0 or edit.end < edit.start or edit.end > len(text):
        raise EditRangeError(
            f"span {edit.start}–{edit.end} is outside the text (0–{len(text)} characters)"
        )


def overlaps(a: Edit, b: Edit) -> bool:
    """Whether two edits conflict: shared characters, or the same insertion point.

    Two edits starting at the same offset conflict even if one is an insertion, since
    the order of the resulting words would be a choice nobody made.
    """
    if a.start == b.start:
        return True
    return a.start < b.end and b.start < a.end


def find_conflict(edits: Sequence[Edit]) -> tuple[int, int] | None:
    """Indices of the first two overlapping edits, or ``None``."""
    order = sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end))
    for left, right in itertools.pairwise(order):
        if overlaps(edits[left], edits[right]):
            return (min(left, right), max(left, right))
    return None


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied; raises on a span out of range or on overlap."""
    items = list(edits)
    for edit in items:
        check_range(text, edit)
    conflict = find_conflict(items)
    if conflict is not None:
        first, second = conflict
        raise EditConflict(f"edits {first} and {second} change the same text", first, second)
    parts: list[str] = []
    cursor = 0
    for edit in sorted(items, key=lambda e: e.start):
        parts.append(text[cursor : edit.start])
        parts.append(edit.new)
        cursor = edit.end
    parts.append(text[cursor:])
    return "".join(parts)


def map_span(edits: Iterable[Edit], start: int, end: int) -> tuple[int, int] | None:
    """Where the span ``start:end`` of the old text lies once ``edits`` are applied.

    Edits inside the span, or crossing its edges, make it grow or shrink to cover their
    replacement text; insertions exactly at an edge stay outside. ``None`` when the
    whole span was deleted. The edits must not overlap each other.
    """
    shift = 0
    new_start: int | None = None
    new_end: int | None = None
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if new_start is None:
            if edit.end <= start:
                shift += edit.delta
                continue
            new_start = min(edit.start, start) + shift
        if edit.start >= end:
            break
        if edit.end <= end:
            shift += edit.delta
            continue
        new_end = edit.start + shift + len(edit.new)
        break
    if new_start is None:
        new_start = start + shift
    if new_end is None:
        new_end = end + shift
    if new_end <= new_start:
        return None
    return new_start, new_end
