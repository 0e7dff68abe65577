"""Carry an edit proposed on one text of a paragraph over to a newer text of it.

An amendment names character offsets in the text it was proposed on. When a newer
version has changed the paragraph elsewhere, the same words can still be found: the
word-level diff of the two texts (:func:`accord.core.textdiff.diff_words`) maps the
offsets. When the words the edit touches (or, for an insertion, the words on either side
of the insertion point) were themselves changed, there is no safe answer and
:class:`RebaseConflict` is raised: the proposer must look again.
"""

from __future__ import annotations

from accord.core.textdiff import DiffOp, diff_words

from .edits import AmendError, Edit, check_range


class RebaseConflict(AmendError):
    """The text the edit changes was itself changed in the newer text."""


def _equal_op_at(ops: tuple[DiffOp, ...], offset: int, *, inside: bool) -> DiffOp | None:
    """The unchanged run holding old character ``offset`` (``inside``: strictly within)."""
    for op in ops:
        if op.tag != "equal":
            continue
        if inside and op.old_start < offset < op.old_end:
            return op
        if not inside and op.old_start <= offset < op.old_end:
            return op
    return None


def _changed_within(ops: tuple[DiffOp, ...], start: int, end: int) -> bool:
    """Whether any change touches old characters ``start:end`` (or sits strictly inside)."""
    for op in ops:
        if op.tag == "equal":
            continue
        if op.tag == "delete" and op.old_start < end and start < op.old_end:
            return True
        if op.tag == "insert" and start < op.old_start < end:
            return True
    return False


def rebase_edit(old_text: str, new_text: str, edit: Edit) -> Edit:
    """``edit`` (on ``old_text``) moved onto ``new_text``, or :class:`RebaseConflict`."""
    check_range(old_text, edit)
    if old_text == new_text:
        return edit
    ops = diff_words(old_text, new_text)
    if edit.is_insertion:
        point = edit.start
        # Safe only when the point lies inside an unchanged run, or at an end of the text
        # next to an unchanged run (then the neighbouring words are the same).
        op = _equal_op_at(ops, point, inside=True)
        if op is None and point == 0:
            first = ops[0] if ops else None
            op = first if first is not None and first.tag == "equal" else None
        if op is None and point == len(old_text) and ops and ops[-1].tag == "equal":
            tail = ops[-1]
            if tail.old_end == point:
                return Edit(tail.new_end, tail.new_end, edit.new)
        if op is None:
            raise RebaseConflict("the words around the insertion point were changed")
        moved = op.new_start + (point - op.old_start)
        return Edit(moved, moved, edit.new)
    if _changed_within(ops, edit.start, edit.end):
        raise RebaseConflict("the text this amendment changes was itself changed")
    first = _equal_op_at(ops, edit.start, inside=False)
    last = _equal_op_at(ops, edit.end - 1, inside=False)
    if first is None or last is None:  # pragma: no cover - excluded by _changed_within
        raise RebaseConflict("the text this amendment changes was itself changed")
    new_start = first.new_start + (edit.start - first.old_start)
    new_end = last.new_start + (edit.end - 1 - last.old_start) + 1
    if new_text[new_start:new_end] != old_text[edit.start : edit.end]:  # pragma: no cover
        raise RebaseConflict("the text this amendment changes was itself changed")
    return Edit(new_start, new_end, edit.new)
