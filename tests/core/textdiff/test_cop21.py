"""Alignment and redline of the real COP21 drafts: 23 Oct → 4 Dec → 12 Dec 2015."""

from __future__ import annotations

import pytest

from accord.core.textdiff import PARA_JOIN, Para, align_paragraphs, redline, split_paragraphs
from tests.shared_data import shared_data

pytestmark = pytest.mark.shared_data


def _paras(name: str) -> tuple[Para, ...]:
    path = shared_data("cop21-paris-agreement-drafts", name)
    return split_paragraphs(path.read_text(encoding="utf-8"), detect_ids=False)


def _check_redline(old: tuple[Para, ...], new: tuple[Para, ...]) -> None:
    result = redline(old, new)
    # Every paragraph appears exactly once, and each block's ops rebuild both sides.
    assert sorted(o for b in result.blocks for o in b.old) == list(range(len(old)))
    assert sorted(n for b in result.blocks for n in b.new) == list(range(len(new)))
    for block in result.blocks:
        old_text = PARA_JOIN.join(old[o].text for o in block.old)
        new_text = PARA_JOIN.join(new[n].text for n in block.new)
        assert "".join(op.text for op in block.ops if op.tag != "insert") == old_text
        assert "".join(op.text for op in block.ops if op.tag != "delete") == new_text
    # The new version reads in order.
    firsts = [b.new[0] for b in result.blocks if b.new]
    assert firsts == sorted(firsts)


def test_23_oct_to_4_dec() -> None:
    old, new = _paras("agreement-23-oct-2015.md"), _paras("agreement-4-dec-2015.md")
    assert (len(old), len(new)) == (446, 380)
    alignment = align_paragraphs(old, new)
    by_old = {o: m for m in alignment.matches for o in m.old}
    preamble = next(i for i, p in enumerate(old) if p.text == "The Parties to this Agreement,")
    assert by_old[preamble].kind == "identical"
    assert new[by_old[preamble].new[0]].text == "The Parties to this Agreement,"
    being = next(i for i, p in enumerate(old) if p.text.startswith("*Being* Parties"))
    match = by_old[being]
    assert match.kind == "similar" and match.similarity > 0.5
    assert new[match.new[0]].text.startswith("*Being* Parties")
    assert sum(m.kind == "identical" for m in alignment.matches) > 100
    assert any(m.moved for m in alignment.matches)
    _check_redline(old, new)


def test_4_dec_to_12_dec() -> None:
    old, new = _paras("agreement-4-dec-2015.md"), _paras("agreement-12-dec-2015.md")
    alignment = align_paragraphs(old, new)
    assert len(alignment.matches) > 50
    assert alignment.deleted and alignment.inserted
    _check_redline(old, new)


def test_adopted_and_corrected_versions_are_nearly_identical() -> None:
    old = _paras("agreement-12-dec-2015.md")
    new = _paras("agreement-final-29-jan-2016-corrected.md")
    result = redline(old, new)
    equal = sum(b.kind == "equal" for b in result.blocks)
    assert equal > 150
    _check_redline(old, new)
