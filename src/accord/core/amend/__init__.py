"""Amending a paragraph's text: edits, rebasing onto a newer text, bracket overlays.

- :func:`apply_edits` — several non-overlapping insert/delete/replace edits at once;
  overlapping ones raise :class:`EditConflict`;
- :func:`map_span` — where a span (a bracket) lies after edits;
- :func:`rebase_edit` — move an edit proposed on an older text onto a newer one when the
  words it touches did not change, else :class:`RebaseConflict`;
- :func:`render_brackets`, :func:`bracket`, :func:`lift` — write bracket spans into a text,
  or take brackets out of it;
- :func:`edits_between` — the fewest word-level edits from a paragraph to the text a
  delegate wants instead (an amendment proposed by editing), :func:`covering_edit`,
  :func:`refine`;
- :func:`redline_segments` — a text with edits marked in place (whole, or a few words
  around each change);
- :func:`find_quote` — where quoted words occur in a paragraph (no offsets typed).

Example::

    >>> apply_edits("the Commission should act", [Edit(15, 21, "shall")])
    'the Commission shall act'
    >>> bracket("the Commission shall act", [(15, 20)])
    'the Commission [shall] act'
"""

from accord.core.amend.compute import covering_edit, edits_between, refine
from accord.core.amend.edits import (
    AmendError,
    Edit,
    EditConflict,
    EditRangeError,
    apply_edits,
    check_range,
    find_conflict,
    map_span,
    overlaps,
)
from accord.core.amend.overlay import (
    OverlayError,
    Rendered,
    Span,
    bracket,
    crossing,
    lift,
    render_brackets,
)
from accord.core.amend.quote import MAX_QUOTE, Occurrence, find_quote, quote_pattern
from accord.core.amend.rebase import RebaseConflict, rebase_edit
from accord.core.amend.segments import Segment, redline_segments

__all__ = [
    "MAX_QUOTE",
    "AmendError",
    "Edit",
    "EditConflict",
    "EditRangeError",
    "Occurrence",
    "OverlayError",
    "RebaseConflict",
    "Rendered",
    "Segment",
    "Span",
    "apply_edits",
    "bracket",
    "check_range",
    "covering_edit",
    "crossing",
    "edits_between",
    "find_conflict",
    "find_quote",
    "lift",
    "map_span",
    "overlaps",
    "quote_pattern",
    "rebase_edit",
    "redline_segments",
    "refine",
    "render_brackets",
]
