"""Word-level redlines and paragraph alignment across versions of a draft.

- :func:`diff_words` — minimal word-level diff of two strings (no time-out, ever);
- :func:`align_paragraphs` — match paragraphs by id, identical text, similarity, and
  detect moves, splits and merges;
- :func:`redline` — both together, in reading order; :func:`render_html` shows it.

Example::

    >>> ops = diff_words("the Commission should act", "the Commission shall act")
    >>> [(op.tag, op.text) for op in ops]
    [('equal', 'the Commission'), ('delete', ' should'), ('insert', ' shall'), ('equal', ' act')]
"""

from accord.core.textdiff.align import (
    Alignment,
    Match,
    MatchKind,
    Para,
    align_paragraphs,
    paragraph_id,
    split_paragraphs,
)
from accord.core.textdiff.lcs import lcs_pairs
from accord.core.textdiff.redline import (
    PARA_JOIN,
    Redline,
    RedlineBlock,
    RedlineCounts,
    redline,
    render_html,
)
from accord.core.textdiff.tokens import Token, count_words, tokenise, units
from accord.core.textdiff.words import DiffOp, diff_opcodes, diff_words, edit_count

__all__ = [
    "PARA_JOIN",
    "Alignment",
    "DiffOp",
    "Match",
    "MatchKind",
    "Para",
    "Redline",
    "RedlineBlock",
    "RedlineCounts",
    "Token",
    "align_paragraphs",
    "count_words",
    "diff_opcodes",
    "diff_words",
    "edit_count",
    "lcs_pairs",
    "paragraph_id",
    "redline",
    "render_html",
    "split_paragraphs",
    "tokenise",
    "units",
]
