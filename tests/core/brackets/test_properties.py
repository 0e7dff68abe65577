"""Property tests: the parse tree always renders back to the exact text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.brackets import (
    Bracket,
    StrayClose,
    count_brackets,
    iter_nodes,
    parse,
    render,
    strip_brackets,
)

# Text biased towards the characters that matter to the parser.
pieces = st.sampled_from(
    [
        "[",
        "]",
        "[^1]",
        "[x]",
        "(http://a.b)",
        "(a)",
        "\n",
        "\n\n",
        " ",
        "word",
        "Option 1:",
        "**Option 2:** ",
        "[label]: http://u\n",
        "[^1]: note\n",
        "\\[",
        "---\n",
        "## H\n",
        ":",
    ]
)
texts = st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_render_parse_roundtrip(text: str) -> None:
    tree = parse(text)
    assert render(tree) == text
    assert render(parse(text, markdown=False)) == text


@settings(max_examples=200, deadline=None)
@given(texts)
def test_counts_are_consistent(text: str) -> None:
    tree = parse(text)
    stats = count_brackets(tree)
    assert stats.opened - stats.unclosed == stats.closed - stats.stray_close
    assert len(tree.problems) == stats.stray_close + stats.unclosed
    assert [p.offset for p in tree.problems] == sorted(p.offset for p in tree.problems)
    for node in iter_nodes(tree):
        if isinstance(node, Bracket):
            assert text[node.start] == "["
            assert (text[node.end - 1] == "]") == node.closed or node.end == len(text)
        elif isinstance(node, StrayClose):
            assert text[node.start] == "]"
    assert len(strip_brackets(tree)) == len(text) - stats.opened - stats.closed


def test_deep_nesting_does_not_recurse() -> None:
    text = "[" * 5000 + "y" + "]" * 5000
    tree = parse(text)
    assert render(tree) == text
    assert count_brackets(tree).max_depth == 5000
