"""Parse negotiation text into a tree of brackets, alternatives and options.

The scan is a single left-to-right pass with an explicit stack (no recursion, so any
nesting depth is safe). A ``]`` always closes the innermost open ``[``; what is left on
the stack at the end was never closed. Malformed text never raises: stray ``]`` and
unclosed ``[`` become nodes plus :class:`BracketProblem` entries with their positions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field

from accord.core.brackets.markdown import DEFAULT_PLACEHOLDERS, find_markup
from accord.core.brackets.nodes import (
    Bracket,
    BracketProblem,
    BracketTree,
    Node,
    ProblemKind,
    StrayClose,
    Text,
)
from accord.core.brackets.structure import group_children

_BRACKET = re.compile(r"[\[\]]")


@dataclass
class _Frame:
    start: int
    depth: int
    children: list[Node] = field(default_factory=list)


def parse(
    text: str, *, markdown: bool = True, placeholders: Collection[str] = DEFAULT_PLACEHOLDERS
) -> BracketTree:
    """Parse ``text`` into a :class:`BracketTree`.

    ``markdown`` turns on Markdown awareness (front matter, links, footnotes are kept as
    :class:`Markup` nodes, not brackets). ``placeholders`` are the bracket contents that
    mean "blank to fill" (default ``{"x"}``). Deterministic, O(len(text)).
    """
    leaves = find_markup(text, markdown=markdown, placeholders=placeholders)
    root = _Frame(0, 0)
    stack = [root]
    problems: list[tuple[ProblemKind, int]] = []
    pos = 0
    leaf_index = 0

    def add_text(upto: int) -> None:
        if upto > pos:
            stack[-1].children.append(Text(pos, upto, text[pos:upto]))

    for m in _BRACKET.finditer(text):
        at = m.start()
        if at < pos:
            continue  # inside a Markup/Placeholder leaf already emitted
        # Emit the leaves that come before this bracket character.
        while leaf_index < len(leaves) and leaves[leaf_index].start <= at:
            leaf = leaves[leaf_index]
            leaf_index += 1
            add_text(leaf.start)
            stack[-1].children.append(leaf)
            pos = leaf.end
        if at < pos:
            continue
        add_text(at)
        pos = at + 1
        if m.group() == "[":
            stack.append(_Frame(at, len(stack)))
        elif len(stack) > 1:
            frame = stack.pop()
            children = group_children(frame.children, text)
            stack[-1].children.append(Bracket(frame.start, at + 1, frame.depth, children))
        else:
            root.children.append(StrayClose(at, at + 1))
            problems.append(("stray_close", at))
    for leaf in leaves[leaf_index:]:
        add_text(leaf.start)
        stack[-1].children.append(leaf)
        pos = leaf.end
    add_text(len(text))
    # Unclosed brackets run to the end of the text, innermost first.
    while len(stack) > 1:
        frame = stack.pop()
        children = group_children(frame.children, text)
        stack[-1].children.append(Bracket(frame.start, len(text), frame.depth, children, False))
        problems.append(("unclosed", frame.start))
    problems.sort(key=lambda p: p[1])
    return BracketTree(text, group_children(root.children, text), tuple(_locate(text, problems)))


def _locate(text: str, problems: list[tuple[ProblemKind, int]]) -> list[BracketProblem]:
    """Attach 1-based line and column numbers to problem offsets."""
    if not problems:
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    located = []
    for kind, offset in problems:
        line = bisect_right(line_starts, offset)
        located.append(BracketProblem(kind, offset, line, offset - line_starts[line - 1] + 1))
    return located
