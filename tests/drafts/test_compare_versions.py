"""Compare: identity first, then similarity; the COP21 drafts 23 Oct → 4 Dec → 12 Dec."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

import pytest

from accord.drafts.selectors import versions as selectors
from accord.drafts.services import versions as services
from accord.drafts.services.imports import version_import
from tests.drafts.versions_fixtures import draft, issued, report  # noqa: F401
from tests.shared_data import shared_data


def test_identity_matches_a_rewritten_paragraph(world, issued):
    chair = world.users["chair"]
    rev = services.version_create(
        actor=chair, report=issued.report, kind="revision", label="Rev.1", based_on=issued
    )
    op1 = issued.report.paragraphs.get(key="OP1")
    services.version_paragraph_update(
        actor=chair, version=rev, paragraph=op1, text="Entirely new words here."
    )
    services.version_paragraph_add(
        actor=chair, version=rev, kind="op", text="Invites comments.", after=op1
    )
    c = selectors.version_compare(issued, rev)
    kinds = {
        tuple(c.new_items[i].paragraph.key for i in b.new)
        or tuple(c.old_items[i].paragraph.key for i in b.old): (b.kind, b.match)
        for b in c.redline.blocks
    }
    assert kinds[("OP1",)] == ("changed", "id")  # no shared words, still the same paragraph
    assert kinds[("OP1bis",)] == ("inserted", None)
    assert kinds[("OP2",)] == ("equal", "id")


@pytest.fixture
def cop21(world, report):
    versions = {}
    for name, label in [
        ("agreement-23-oct-2015.md", "23 Oct"),
        ("agreement-4-dec-2015.md", "4 Dec"),
        ("agreement-12-dec-2015.md", "12 Dec"),
    ]:
        data = shared_data("cop21-paris-agreement-drafts", name).read_bytes()
        versions[label] = version_import(
            actor=world.users["chair"],
            report=report,
            data=data,
            filename=name,
            kind="compilation",
            label=label,
        )
    return versions


# (aligned groups, inserted, deleted) paragraphs. 23 Oct has 255 paragraphs, 4 Dec 238 and
# 12 Dec 185 (see test_import_drafts); the adopted text rewrote most of the compilation, so
# its step has far more insertions and deletions. Pinned: the alignment is deterministic.
COUNTS_OCT_DEC = (199, 36, 55)
COUNTS_DEC_DEC = (90, 93, 147)


def _block_for(c, needle_old, needle_new):
    for b in c.redline.blocks:
        old = " ".join(c.old_items[i].text for i in b.old)
        new = " ".join(c.new_items[i].text for i in b.new)
        if needle_old in old and needle_new in new:
            return b
    return None


def test_cop21_alignment_and_redline(cop21):
    oct23, dec4, dec12 = cop21["23 Oct"], cop21["4 Dec"], cop21["12 Dec"]
    c1 = selectors.version_compare(oct23, dec4)
    a1 = c1.redline.alignment
    # Imported without UN ids: nothing shares identity, everything is aligned by text.
    assert all(m.kind != "id" for m in a1.matches)
    # Headings present in both are matched, e.g. Article 6 (finance).
    finance = _block_for(c1, "Article 6 *(finance)*", "Article 6 *(finance)*")
    assert finance is not None and finance.kind == "equal"
    # The preamble's "Being Parties" paragraph (one character differs) is aligned by similarity.
    being = _block_for(c1, "*Being* Parties", "*Being* Parties")
    assert being is not None and (being.kind, being.match) == ("changed", "similar")
    counts1 = (len(a1.matches), len(a1.inserted), len(a1.deleted))
    c2 = selectors.version_compare(dec4, dec12)
    a2 = c2.redline.alignment
    counts2 = (len(a2.matches), len(a2.inserted), len(a2.deleted))
    # Every paragraph is accounted for exactly once on each side.
    for c, a in ((c1, a1), (c2, a2)):
        olds = sorted([o for m in a.matches for o in m.old] + list(a.deleted))
        news = sorted([n for m in a.matches for n in m.new] + list(a.inserted))
        assert olds == list(range(len(c.old_items))) and news == list(range(len(c.new_items)))
    assert counts1 == COUNTS_OCT_DEC and counts2 == COUNTS_DEC_DEC
    # Article 1 "Party" definition survives into the adopted text (matched, changed or equal).
    party = _block_for(
        c2, '"Party" means a Party to this Agreement', '"Party" means a Party to this Agreement'
    )
    assert party is not None and party.kind in ("equal", "changed")
    # Brackets disappear: the adopted text has none, so every changed block deletes "[" runs.
    deleted_brackets = sum(
        op.text.count("[") for b in c2.redline.blocks for op in b.ops if op.tag == "delete"
    )
    assert deleted_brackets > 500
