"""Negotiation brackets, alternatives and option blocks in draft text.

``parse(text)`` returns a :class:`BracketTree` of spans with offsets; ``render(tree)``
gives the original text back exactly. Malformed bracketing (stray ``]``, unclosed ``[``)
is reported in ``tree.problems`` and never raises. Markdown links, reference
definitions, footnote markers and front matter are kept apart from negotiation brackets.

Example::

    >>> tree = parse("OP7. [Decides][Recommends] that [the Commission [should][shall]] act")
    >>> count_brackets(tree)
    BracketStats(opened=5, closed=5, max_depth=2, stray_close=0, unclosed=0)
"""

from accord.core.brackets.markdown import DEFAULT_PLACEHOLDERS
from accord.core.brackets.nodes import (
    AlternativeGroup,
    Bracket,
    BracketProblem,
    BracketStats,
    BracketTree,
    Markup,
    Node,
    Option,
    OptionGroup,
    Placeholder,
    StrayClose,
    Text,
    children_of,
    iter_nodes,
    render,
)
from accord.core.brackets.parser import parse
from accord.core.brackets.queries import (
    body_start,
    bracket_spans,
    count_brackets,
    is_clean,
    markdown_leaves,
    strip_brackets,
)
from accord.core.brackets.structure import label_value

__all__ = [
    "DEFAULT_PLACEHOLDERS",
    "AlternativeGroup",
    "Bracket",
    "BracketProblem",
    "BracketStats",
    "BracketTree",
    "Markup",
    "Node",
    "Option",
    "OptionGroup",
    "Placeholder",
    "StrayClose",
    "Text",
    "body_start",
    "bracket_spans",
    "children_of",
    "count_brackets",
    "is_clean",
    "iter_nodes",
    "label_value",
    "markdown_leaves",
    "parse",
    "render",
    "strip_brackets",
]
