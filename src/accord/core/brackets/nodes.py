"""The parse tree of negotiation text: immutable spans with character offsets.

Every node knows its ``start``/``end`` offsets in the original string (half-open, in
Python ``str`` indices, i.e. code points) so a UI can highlight it, and every node can
be rendered back to its exact source text: concatenating the rendering of the children
of a :class:`BracketTree` gives the original string byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

MarkupKind: TypeAlias = Literal[
    "front_matter",
    "reference_definition",
    "reference_link",
    "inline_link",
    "footnote_marker",
    "footnote_label",
    "escape",
]
ProblemKind: TypeAlias = Literal["stray_close", "unclosed"]


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text between brackets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Markup:
    """Markdown syntax that uses square brackets but is not a negotiation bracket.

    ``kind`` tells which: front matter, a reference definition ``[label]: url``, a link
    ``[text][label]`` / ``[label]`` (label defined) or ``[text](url)``, a footnote
    marker ``[^n]`` (footnote defined), the ``[^n]:`` label of a footnote definition, or
    an escaped ``\\[``.
    """

    start: int
    end: int
    text: str
    kind: MarkupKind


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A placeholder such as ``[x]`` ("Annex [x]"): a blank to fill, not a dispute."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StrayClose:
    """A ``]`` with no open bracket; also reported as a :class:`BracketProblem`."""

    start: int
    end: int
    depth: int = 0

    @property
    def text(self) -> str:
        return "]"


@dataclass(frozen=True, slots=True)
class Bracket:
    """A negotiation bracket ``[ ... ]``.

    ``depth`` is 1 for an outermost bracket. ``start`` is the offset of ``[`` and, when
    ``closed``, ``end - 1`` is the offset of its ``]``. A bracket never closed runs to the
    end of the text (``closed`` is False); that is how a reader sees it too.
    """

    start: int
    end: int
    depth: int
    children: tuple[Node, ...]
    closed: bool = True


@dataclass(frozen=True, slots=True)
class AlternativeGroup:
    """Two or more adjacent brackets ``[X][Y]``: competing wordings for one slot."""

    start: int
    end: int
    alternatives: tuple[Bracket, ...]


@dataclass(frozen=True, slots=True)
class Option:
    """One option of an option block; ``children`` start with the marker text.

    ``label`` is the option's number as written ("1", "II", "b"); ``marker_end`` is the
    offset just after "Option 1:" (and its emphasis), where the option's text begins.
    """

    start: int
    end: int
    label: str
    marker_end: int
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class OptionGroup:
    """Consecutive options "Option 1: ... Option 2: ..." that compete with each other."""

    start: int
    end: int
    options: tuple[Option, ...]


Node: TypeAlias = (
    Text | Markup | Placeholder | StrayClose | Bracket | AlternativeGroup | Option | OptionGroup
)


@dataclass(frozen=True, slots=True)
class BracketProblem:
    """A stray ``]`` or a ``[`` never closed, with its offset and 1-based line/column."""

    kind: ProblemKind
    offset: int
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class BracketTree:
    """The result of :func:`accord.core.brackets.parse`: the source, its nodes, problems."""

    text: str
    children: tuple[Node, ...]
    problems: tuple[BracketProblem, ...]


@dataclass(frozen=True, slots=True)
class BracketStats:
    """Counts of negotiation brackets (Markdown links, footnotes, placeholders excluded).

    ``opened`` counts ``[``, ``closed`` counts ``]`` (stray ones included), ``max_depth``
    is the deepest nesting, ``stray_close`` the ``]`` without a partner and ``unclosed``
    the ``[`` never closed.
    """

    opened: int
    closed: int
    max_depth: int
    stray_close: int
    unclosed: int


def children_of(node: Node) -> tuple[Node, ...]:
    """The direct children of ``node`` (empty for leaves)."""
    if isinstance(node, Bracket | Option):
        return node.children
    if isinstance(node, AlternativeGroup):
        return node.alternatives
    if isinstance(node, OptionGroup):
        return node.options
    return ()


def iter_nodes(nodes: tuple[Node, ...] | BracketTree) -> Iterator[Node]:
    """Yield every node depth-first, in document order (parents before children)."""
    stack = list(reversed(nodes.children if isinstance(nodes, BracketTree) else nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children_of(node)))


def render(tree: BracketTree | Node | tuple[Node, ...]) -> str:
    """Render nodes back to source text; ``render(parse(text)) == text`` always holds."""
    parts: list[str] = []
    _render_into(tree.children if isinstance(tree, BracketTree) else tree, parts)
    return "".join(parts)


def _render_into(nodes: Node | tuple[Node, ...], parts: list[str]) -> None:
    # An explicit stack rather than recursion: nesting depth is data-controlled.
    stack: list[Node | str] = list(reversed(nodes)) if isinstance(nodes, tuple) else [nodes]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, Text | Markup | Placeholder | StrayClose):
            parts.append(item.text)
        elif isinstance(item, Bracket):
            parts.append("[")
            if item.closed:
                stack.append("]")
            stack.extend(reversed(item.children))
        else:
            stack.extend(reversed(children_of(item)))
