"""An amendment with several parts: the final text and the next revision apply its parts
(only their words conflict with other amendments), brackets follow each part."""

from __future__ import annotations

from accord.core.amend import apply_edits, covering_edit, edits_between
from accord.drafts.models import Amendment, AmendmentPart, VersionParagraph
from accord.drafts.selectors.amendments import text_hash
from accord.drafts.selectors.final import final_text
from accord.drafts.selectors.parts import amendment_edits
from accord.drafts.services.amendments import amendment_propose
from accord.drafts.services.brackets import bracket_add
from accord.drafts.services.revisions import revision_issue_from_amendments

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, span

OP1 = TEXTS[
    "OP1"
]  # "Decides that the Commission should review the implementation every five years;"
EDITED = "Decides that the Commission shall review the implementation every four years;"


def multi_part(world, draft, old=OP1, new=EDITED, key="OP1"):
    """Recorded as the propose-by-editing service records it: a covering replace + parts."""
    edits = edits_between(old, new)
    cover = covering_edit(old, edits)
    amendment = Amendment.objects.create(
        version=draft.version,
        paragraph=draft.paragraphs[key],
        kind=Amendment.Kind.REPLACE_TEXT,
        proposer=world.members["BRA"],
        start=cover.start,
        end=cover.end,
        old_text=old[cover.start : cover.end],
        new_text=cover.new,
        base_text_hash=text_hash(old),
    )
    AmendmentPart.objects.bulk_create(
        AmendmentPart(
            amendment=amendment,
            position=i,
            start=e.start,
            end=e.end,
            old_text=old[e.start : e.end],
            new_text=e.new,
        )
        for i, e in enumerate(edits)
    )
    return amendment


def test_parts_are_the_edits_and_the_covering_span_gives_the_same_text(world, draft):
    a = multi_part(world, draft)
    edits = amendment_edits(a)
    assert [(OP1[e.start : e.end], e.new) for e in edits] == [("should", "shall"), ("five", "four")]
    assert apply_edits(OP1, edits) == EDITED
    assert apply_edits(OP1, [covering_edit(OP1, edits)]) == EDITED
    assert apply_edits(OP1, amendment_edits(Amendment.objects.get(pk=a.pk))) == EDITED


def test_final_text_applies_the_parts_beside_an_amendment_between_them(world, draft, swe_delegate):
    a = multi_part(world, draft)
    start, end = span(OP1, "implementation")
    between = amendment_propose(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="replace_text",
        start=start,
        end=end,
        new_text="outcome",
    )
    result = final_text(draft.version, [a.pk, between.pk])
    assert result.conflicts == []
    assert result.kept[1].text == EDITED.replace("implementation", "outcome")
    assert result.kept[1].applied == [a, between]
    # On a word one of its parts changes: a conflict, the later one left out.
    start, end = span(OP1, "five years")
    clash = amendment_propose(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="replace_text",
        start=start,
        end=end,
        new_text="ten years",
    )
    result = final_text(draft.version, [a.pk, clash.pk])
    assert result.kept[1].text == EDITED
    assert [f"#{clash.pk}" in m and f"#{a.pk}" in m for m in result.conflicts] == [True]


def test_a_sub_amendment_changes_the_covering_text(world, draft, swe_delegate):
    a = multi_part(world, draft)
    start, end = span(a.new_text, "four")
    sub = amendment_propose(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="replace_text",
        start=start,
        end=end,
        new_text="three",
        parent=a,
    )
    result = final_text(draft.version, [a.pk, sub.pk])
    assert result.conflicts == []
    assert result.kept[1].text == EDITED.replace("four", "three")


def test_a_revision_incorporates_a_multi_part_amendment_and_carries_brackets(
    world, draft, swe_delegate
):
    a = multi_part(world, draft)
    start, end = span(OP1, "the implementation")  # between the two parts
    bracket_add(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        start=start,
        end=end,
    )
    start, end = span(OP1, "five years")  # over the second part
    bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        start=start,
        end=end,
    )
    new = revision_issue_from_amendments(
        actor=world.users["chair"], version=draft.version, incorporate=[a], label="Rev.1"
    )
    text = VersionParagraph.objects.get(version=new, paragraph=draft.paragraphs["OP1"]).text
    assert (
        text == "Decides that the Commission shall review [the implementation] every [four years];"
    )
    a.refresh_from_db()
    assert a.status == Amendment.Status.INCORPORATED and a.incorporated_in == new
    spans = sorted(new.brackets.values_list("text", flat=True))
    assert spans == ["[four years]", "[the implementation]"]
