"""The COP21 Paris Agreement drafts: the README's bracket counts, reproduced exactly."""

from __future__ import annotations

import pytest

from accord.core.brackets import (
    AlternativeGroup,
    Bracket,
    BracketStats,
    Markup,
    OptionGroup,
    count_brackets,
    iter_nodes,
    parse,
    render,
)
from tests.shared_data import shared_data

pytestmark = pytest.mark.shared_data

COUNTS = {
    "agreement-23-oct-2015.md": BracketStats(1021, 1022, 7, 2, 1),
    "agreement-4-dec-2015.md": BracketStats(1013, 1016, 10, 4, 1),
    "agreement-12-dec-2015.md": BracketStats(0, 0, 0, 0, 0),
    "agreement-final-29-jan-2016-corrected.md": BracketStats(0, 0, 0, 0, 0),
}


def _read(name: str) -> str:
    return shared_data("cop21-paris-agreement-drafts", name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_counts_match_the_readme(name: str) -> None:
    text = _read(name)
    tree = parse(text)
    assert render(tree) == text
    assert count_brackets(tree) == COUNTS[name]


def test_problems_are_located() -> None:
    tree = parse(_read("agreement-23-oct-2015.md"))
    assert [(p.kind, p.line) for p in tree.problems] == [
        ("stray_close", 24),
        ("stray_close", 30),
        ("unclosed", 869),
    ]
    tree = parse(_read("agreement-4-dec-2015.md"))
    assert [(p.kind, p.line) for p in tree.problems] == [
        ("stray_close", 25),
        ("stray_close", 39),
        ("stray_close", 45),
        ("stray_close", 661),
        ("unclosed", 741),
    ]
    for problem in tree.problems:
        assert tree.text[problem.offset] in "[]"


def test_traps_in_the_real_text() -> None:
    tree = parse(_read("agreement-23-oct-2015.md"))
    nodes = list(iter_nodes(tree))
    # Over a hundred [X][Y] pairs, and the one real reference link is not among them.
    assert sum(isinstance(n, AlternativeGroup) for n in nodes) > 100
    links = [n.text for n in nodes if isinstance(n, Markup) and n.kind == "reference_link"]
    assert links == ["[final draft negotiating text][source]"]
    # A footnote marker inside negotiation brackets: [[^9]] style.
    assert any(
        isinstance(n, Bracket) and any(isinstance(c, Markup) for c in n.children) for n in nodes
    )
    groups = [n for n in nodes if isinstance(n, OptionGroup)]
    assert [o.label for o in groups[0].options] == ["1", "2"]
    assert tree.text[groups[0].start :].startswith("**Option 1:** *Recognizing* the importance")


def test_adopted_text_has_links_but_no_brackets() -> None:
    tree = parse(_read("agreement-12-dec-2015.md"))
    kinds = sorted(n.kind for n in iter_nodes(tree) if isinstance(n, Markup))
    assert kinds == [
        "front_matter",
        "reference_definition",
        "reference_definition",
        "reference_link",
        "reference_link",
    ]
