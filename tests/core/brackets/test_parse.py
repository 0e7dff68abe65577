"""Bracket parsing on small invented negotiation texts, with exact expectations."""

from __future__ import annotations

from accord.core.brackets import (
    AlternativeGroup,
    Bracket,
    BracketProblem,
    BracketStats,
    Markup,
    OptionGroup,
    Placeholder,
    StrayClose,
    Text,
    bracket_spans,
    count_brackets,
    is_clean,
    iter_nodes,
    parse,
    render,
    strip_brackets,
)

OP7 = "OP7. [Decides][Recommends] that [the Commission [should][shall]] act"


def test_nested_brackets_and_adjacent_alternatives() -> None:
    tree = parse(OP7)
    assert render(tree) == OP7
    assert tree.problems == ()
    first, group, text, outer, tail = tree.children
    assert first == Text(0, 5, "OP7. ")
    assert isinstance(group, AlternativeGroup)
    assert (group.start, group.end) == (5, 26)
    assert [render(b) for b in group.alternatives] == ["[Decides]", "[Recommends]"]
    assert text == Text(26, 32, " that ")
    assert isinstance(outer, Bracket) and (outer.start, outer.end, outer.depth) == (32, 64, 1)
    inner = outer.children[1]
    assert isinstance(inner, AlternativeGroup)
    assert [(b.start, b.end, b.depth) for b in inner.alternatives] == [(48, 56, 2), (56, 63, 2)]
    assert tail == Text(64, 68, " act")
    assert count_brackets(OP7) == BracketStats(5, 5, 2, 0, 0)
    assert bracket_spans(OP7) == (
        (5, 14, 1),
        (14, 26, 1),
        (32, 64, 1),
        (48, 56, 2),
        (56, 63, 2),
    )
    assert strip_brackets(OP7) == "OP7. DecidesRecommends that the Commission shouldshall act"


def test_separated_brackets_are_not_alternatives() -> None:
    tree = parse("[shall] [should]")
    assert [type(n) for n in tree.children] == [Bracket, Text, Bracket]


def test_stray_and_unclosed_are_reported_not_raised() -> None:
    text = "a] b [c [d]\ne"
    tree = parse(text)
    assert render(tree) == text
    assert tree.problems == (
        BracketProblem("stray_close", 1, 1, 2),
        BracketProblem("unclosed", 5, 1, 6),
    )
    assert isinstance(tree.children[1], StrayClose)
    unclosed = tree.children[-1]
    assert isinstance(unclosed, Bracket) and not unclosed.closed
    assert (unclosed.start, unclosed.end) == (5, len(text))
    assert count_brackets(tree) == BracketStats(2, 2, 2, 1, 1)


def test_markdown_links_and_footnotes_are_not_brackets() -> None:
    text = (
        "---\ntitle: [not counted]\n---\n"
        "See the [draft][src] and [site](https://example.org) and [src].[^1]\n"
        "Parties [[^1]] agree [to act][soon].\n\n"
        "[src]: http://unfccc.int/x.pdf\n"
        "[^1]: A note [with a bracket].\n"
    )
    tree = parse(text)
    assert render(tree) == text
    kinds = [n.kind for n in iter_nodes(tree) if isinstance(n, Markup)]
    assert kinds == [
        "front_matter",
        "reference_link",
        "inline_link",
        "reference_link",
        "footnote_marker",
        "footnote_marker",
        "reference_definition",
        "footnote_label",
    ]
    # [[^1]] is a bracket holding a footnote marker; [to act][soon] are alternatives
    # because "soon" is not a defined label; the footnote text's bracket counts.
    assert count_brackets(tree) == BracketStats(4, 4, 1, 0, 0)
    holder = next(n for n in iter_nodes(tree) if isinstance(n, Bracket))
    assert isinstance(holder.children[0], Markup)
    assert holder.children[0].kind == "footnote_marker"
    assert any(isinstance(n, AlternativeGroup) for n in iter_nodes(tree))


def test_undefined_footnote_and_non_url_parenthesis_stay_brackets() -> None:
    text = "[NDMCs[^1]][INDC] under paragraph [3](a)"
    assert count_brackets(text) == BracketStats(4, 4, 2, 0, 0)
    assert count_brackets(text, markdown=False) == BracketStats(4, 4, 2, 0, 0)


def test_placeholder_is_not_a_bracket() -> None:
    tree = parse("listed in Annex [x] to the Agreement, every [X] years")
    assert [type(n) for n in tree.children] == [Text, Placeholder, Text, Bracket, Text]
    assert count_brackets(tree).opened == 1
    assert count_brackets("Annex [x]", placeholders=()).opened == 1


def test_escaped_bracket_is_text() -> None:
    assert count_brackets(r"a \[b\] c") == BracketStats(0, 0, 0, 0, 0)
    assert is_clean(r"a \[b\] c")
    assert not is_clean("a [b] c")


def test_option_blocks() -> None:
    text = (
        "## Article 2\n\n"
        "**Option 1:**\n\n1. The purpose [is][shall be] clear.\n\n2. More.\n\n"
        "**Option 2:**\n\nNo text\n\n"
        "Trailing paragraph.\n\n"
        "3. Option I: first [x]. Option II is inline, not a marker.\n"
        "   Option II: second\n"
    )
    tree = parse(text)
    assert render(tree) == text
    groups = [n for n in iter_nodes(tree) if isinstance(n, OptionGroup)]
    assert len(groups) == 2
    first, second = groups
    assert [o.label for o in first.options] == ["1", "2"]
    assert [render(o) for o in first.options] == [
        "**Option 1:**\n\n1. The purpose [is][shall be] clear.\n\n2. More.\n\n",
        "**Option 2:**\n\nNo text",
    ]
    assert text[first.options[0].start : first.options[0].marker_end] == "**Option 1:**"
    assert [o.label for o in second.options] == ["I", "II"]
    assert render(second.options[1]) == "   Option II: second\n"
    assert is_clean("No brackets here.\n")
    assert not is_clean("Option 1: a\nOption 2: b\n")


def test_heading_ends_an_option_group() -> None:
    text = "Option 1: a\n## Next\nOption 2: b\n"
    groups = [n for n in iter_nodes(parse(text)) if isinstance(n, OptionGroup)]
    assert [[o.label for o in g.options] for g in groups] == [["1"], ["2"]]


def test_options_inside_a_bracket() -> None:
    text = "[**Option I:** loss and damage\n\n**Option II:** No reference.]"
    tree = parse(text)
    (bracket,) = tree.children
    assert isinstance(bracket, Bracket)
    assert isinstance(bracket.children[0], OptionGroup)
    assert render(tree) == text
