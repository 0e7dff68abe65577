"""Questions asked of negotiation text: how many brackets, where, and the clean text."""

from __future__ import annotations

from collections.abc import Collection

from accord.core.brackets.markdown import DEFAULT_PLACEHOLDERS, front_matter_end
from accord.core.brackets.nodes import (
    AlternativeGroup,
    Bracket,
    BracketStats,
    BracketTree,
    Markup,
    OptionGroup,
    Placeholder,
    StrayClose,
    iter_nodes,
)
from accord.core.brackets.parser import parse


def _tree(text: str | BracketTree, markdown: bool, placeholders: Collection[str]) -> BracketTree:
    if isinstance(text, BracketTree):
        return text
    return parse(text, markdown=markdown, placeholders=placeholders)


def count_brackets(
    text: str | BracketTree,
    *,
    markdown: bool = True,
    placeholders: Collection[str] = DEFAULT_PLACEHOLDERS,
) -> BracketStats:
    """Count negotiation brackets in ``text`` (or in an already parsed tree).

    Front matter, Markdown links, reference definitions, defined footnote markers and
    placeholders are not counted. ``max_depth`` counts a never-closed ``[`` as open up
    to the end of the text, as a reader would.
    """
    tree = _tree(text, markdown, placeholders)
    opened = closed = max_depth = stray = unclosed = 0
    for node in iter_nodes(tree):
        if isinstance(node, Bracket):
            opened += 1
            max_depth = max(max_depth, node.depth)
            if node.closed:
                closed += 1
            else:
                unclosed += 1
        elif isinstance(node, StrayClose):
            closed += 1
            stray += 1
    return BracketStats(opened, closed, max_depth, stray, unclosed)


def bracket_spans(
    text: str | BracketTree,
    *,
    markdown: bool = True,
    placeholders: Collection[str] = DEFAULT_PLACEHOLDERS,
) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, depth)`` of every negotiation bracket, in document order.

    ``text[start:end]`` includes the brackets themselves; an unclosed one ends at the
    end of the text. Meant for highlighting.
    """
    tree = _tree(text, markdown, placeholders)
    return tuple((n.start, n.end, n.depth) for n in iter_nodes(tree) if isinstance(n, Bracket))


def strip_brackets(
    text: str | BracketTree,
    *,
    markdown: bool = True,
    placeholders: Collection[str] = DEFAULT_PLACEHOLDERS,
) -> str:
    """The text with negotiation bracket characters removed, everything else kept.

    Links, footnotes and placeholders keep their brackets; stray ``]`` are removed too.
    Useful to compare wording regardless of bracketing (the brackets are not resolved:
    both alternatives of ``[X][Y]`` remain).
    """
    tree = _tree(text, markdown, placeholders)
    drop: list[int] = []
    for node in iter_nodes(tree):
        if isinstance(node, Bracket):
            drop.append(node.start)
            if node.closed:
                drop.append(node.end - 1)
        elif isinstance(node, StrayClose):
            drop.append(node.start)
    drop.sort()
    source = tree.text
    parts: list[str] = []
    pos = 0
    for offset in drop:
        parts.append(source[pos:offset])
        pos = offset + 1
    parts.append(source[pos:])
    return "".join(parts)


def is_clean(
    text: str | BracketTree,
    *,
    markdown: bool = True,
    placeholders: Collection[str] = DEFAULT_PLACEHOLDERS,
) -> bool:
    """True when the text has no negotiation brackets and no option blocks ("clean text")."""
    tree = _tree(text, markdown, placeholders)
    return not any(
        isinstance(n, Bracket | StrayClose | OptionGroup | AlternativeGroup)
        for n in iter_nodes(tree)
    )


def markdown_leaves(tree: BracketTree) -> tuple[Markup | Placeholder, ...]:
    """The Markdown and placeholder leaves the parser set aside, in document order."""
    return tuple(n for n in iter_nodes(tree) if isinstance(n, Markup | Placeholder))


def body_start(text: str) -> int:
    """Offset where the body starts, after any Jekyll/YAML front matter."""
    return front_matter_end(text)
