"""Amending a paragraph's text: edits, rebasing onto a newer text, bracket overlays.

- :func:`apply_edits` — several non-overlapping insert/delete/replace edits at once;
  overlapping ones raise :class:`EditConflict`;
- :func:`map_span` — where a span (a bracket) lies after edits;
- :func:`rebase_edit` — move an edit proposed on an older text onto a newer one when the
  words it touches did not change, else :class:`RebaseConflict`;
- :func:`render_brackets`, :func:`bracket`, :func:`lift` — write bracket spans into a text,
  or take brackets out of it.

Example::

    >>> apply_edits("the Commission should act", [Edit(15, 21, "shall")])
    'the Commission shall act'
    >>> bracket("the Commission shall act", [(15, 20)])
    'the Commission [shall] act'
"""

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
from accord.core.amend.rebase import RebaseConflict, rebase_edit

__all__ = [
    "AmendError",
    "Edit",
    "EditConflict",
    "EditRangeError",
    "OverlayError",
    "RebaseConflict",
    "Rendered",
    "Span",
    "apply_edits",
    "bracket",
    "check_range",
    "crossing",
    "find_conflict",
    "lift",
    "map_span",
    "overlaps",
    "rebase_edit",
    "render_brackets",
]
