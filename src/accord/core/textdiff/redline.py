"""Redline between two versions: aligned paragraphs, each pair diffed word by word."""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from accord.core.textdiff.align import Alignment, MatchKind, Para, align_paragraphs
from accord.core.textdiff.tokens import count_words
from accord.core.textdiff.words import DiffOp, diff_words, make_op

BlockKind: TypeAlias = Literal["equal", "changed", "inserted", "deleted"]

PARA_JOIN = "\n\n"
"""Separator used to join the paragraphs of a split or merge before diffing them."""


@dataclass(frozen=True, slots=True)
class RedlineBlock:
    """One unit of the redline, in reading order of the new version.

    ``old``/``new`` are paragraph indices (several for a split or merge, joined with
    :data:`PARA_JOIN`); ``ops`` is the minimal word diff of their texts; ``match`` says
    how they were aligned and ``moved`` whether the paragraph changed place.
    """

    kind: BlockKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    ops: tuple[DiffOp, ...]
    match: MatchKind | None = None
    moved: bool = False

    @property
    def words_inserted(self) -> int:
        """Words (:func:`count_words`) in this block's inserted runs."""
        return sum(count_words(op.text) for op in self.ops if op.tag == "insert")

    @property
    def words_deleted(self) -> int:
        """Words (:func:`count_words`) in this block's deleted runs."""
        return sum(count_words(op.text) for op in self.ops if op.tag == "delete")


@dataclass(frozen=True, slots=True)
class RedlineCounts:
    """What changed, in paragraphs and in words.

    Paragraphs are counted by block, so a split or a merge counts once. ``changed``: aligned
    paragraphs whose text differs (moved or not); ``moved``: aligned paragraphs that changed
    place (their text may differ too, then they are also ``changed``); ``inserted`` and
    ``deleted``: paragraphs in only one version; ``unchanged``: the same text in the same
    place. ``words_inserted`` and ``words_deleted`` count the words of every inserted and
    deleted run, whole inserted and deleted paragraphs included.
    """

    changed: int
    inserted: int
    deleted: int
    moved: int
    unchanged: int
    words_inserted: int
    words_deleted: int


@dataclass(frozen=True, slots=True)
class Redline:
    """The redline: its blocks and the alignment it was built on."""

    blocks: tuple[RedlineBlock, ...]
    alignment: Alignment

    @property
    def inserted_chars(self) -> int:
        """Characters inserted, over all blocks."""
        return sum(len(op.text) for b in self.blocks for op in b.ops if op.tag == "insert")

    @property
    def deleted_chars(self) -> int:
        """Characters deleted, over all blocks."""
        return sum(len(op.text) for b in self.blocks for op in b.ops if op.tag == "delete")

    @property
    def unchanged(self) -> bool:
        """True when every block is equal and nothing moved."""
        return all(b.kind == "equal" and not b.moved for b in self.blocks)

    def counts(self) -> RedlineCounts:
        """Paragraphs changed, inserted, deleted, moved and unchanged, and words inserted
        and deleted (see :class:`RedlineCounts`). O(changed text)."""
        kinds = [b.kind for b in self.blocks]
        return RedlineCounts(
            changed=kinds.count("changed"),
            inserted=kinds.count("inserted"),
            deleted=kinds.count("deleted"),
            moved=sum(1 for b in self.blocks if b.moved),
            unchanged=sum(1 for b in self.blocks if b.kind == "equal" and not b.moved),
            words_inserted=sum(b.words_inserted for b in self.blocks if b.kind != "equal"),
            words_deleted=sum(b.words_deleted for b in self.blocks if b.kind != "equal"),
        )


# Set the slots directly: the same frozen object, several times faster to build.
_new = object.__new__
_B_KIND, _B_OLD, _B_NEW, _B_OPS, _B_MATCH, _B_MOVED = (
    RedlineBlock.__dict__[f].__set__ for f in ("kind", "old", "new", "ops", "match", "moved")
)


def _block(
    kind: BlockKind,
    old: tuple[int, ...],
    new: tuple[int, ...],
    ops: tuple[DiffOp, ...],
    match: MatchKind | None = None,
    moved: bool = False,
) -> RedlineBlock:
    block = _new(RedlineBlock)
    _B_KIND(block, kind)
    _B_OLD(block, old)
    _B_NEW(block, new)
    _B_OPS(block, ops)
    _B_MATCH(block, match)
    _B_MOVED(block, moved)
    return block


def _diff(old: str, new: str) -> tuple[DiffOp, ...]:
    if old == new:  # most paragraphs of a revision: skip tokenising them
        return (make_op("equal", new, 0, len(old), 0, len(new)),) if new else ()
    return diff_words(old, new)


def redline(
    old: Sequence[Para], new: Sequence[Para], *, alignment: Alignment | None = None
) -> Redline:
    """Align ``old`` and ``new`` (unless ``alignment`` is given) and diff every pair.

    Deleted paragraphs are placed after the new position of the old paragraph before
    them, so the redline reads in the order of the new version. Deterministic.
    """
    if alignment is None:
        alignment = align_paragraphs(old, new)
    keyed: list[tuple[tuple[int, int, int], RedlineBlock]] = []
    for m in alignment.matches:
        mo, mn = m.old, m.new
        a = old[mo[0]].text if len(mo) == 1 else PARA_JOIN.join(old[o].text for o in mo)
        b = new[mn[0]].text if len(mn) == 1 else PARA_JOIN.join(new[n].text for n in mn)
        ops = _diff(a, b)
        kind: BlockKind = "equal" if a == b else "changed"
        keyed.append(((m.new[0], 0, 0), _block(kind, m.old, m.new, ops, m.kind, m.moved)))
    for n in alignment.inserted:
        text = new[n].text
        op = make_op("insert", text, 0, 0, 0, len(text))
        keyed.append(((n, 0, 0), _block("inserted", (), (n,), (op,))))
    # Anchor each deleted paragraph after the in-order match that precedes it in old.
    anchors = sorted((m.old[-1], m.new[-1]) for m in alignment.matches if not m.moved)
    anchor_old = [a for a, _ in anchors]
    for o in alignment.deleted:
        k = bisect_left(anchor_old, o)
        after = anchors[k - 1][1] if k else -1
        text = old[o].text
        op = make_op("delete", text, 0, len(text), 0, 0)
        keyed.append(((after, 1, o), _block("deleted", (o,), (), (op,))))
    keyed.sort(key=lambda kb: kb[0])
    return Redline(tuple(b for _, b in keyed), alignment)


def render_html(result: Redline) -> str:
    """Render a redline as simple HTML: one ``<div>`` per block, ``<ins>``/``<del>`` runs.

    All text is HTML-escaped. Blocks carry ``class="redline-<kind>"`` (plus
    ``redline-moved``) and ``data-old``/``data-new`` paragraph indices for styling and
    linking; newlines are kept for ``white-space: pre-wrap``.
    """
    out = ['<div class="redline">']
    for block in result.blocks:
        classes = f"redline-block redline-{block.kind}" + (" redline-moved" if block.moved else "")
        attrs = f' data-old="{_ids(block.old)}" data-new="{_ids(block.new)}"'
        if block.match:
            attrs += f' data-match="{block.match}"'
        parts = [f'<div class="{classes}"{attrs}>']
        for op in block.ops:
            text = html.escape(op.text)
            if op.tag == "insert":
                parts.append(f"<ins>{text}</ins>")
            elif op.tag == "delete":
                parts.append(f"<del>{text}</del>")
            else:
                parts.append(text)
        parts.append("</div>")
        out.append("".join(parts))
    out.append("</div>")
    return "\n".join(out)


def _ids(indices: tuple[int, ...]) -> str:
    return " ".join(str(i) for i in indices)
