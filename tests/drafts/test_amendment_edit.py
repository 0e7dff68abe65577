"""Proposing by editing the paragraph, quoting words instead of offsets, and the checks
screens ask before offering an action."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accord.common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.core.amend import apply_edits
from accord.drafts.models import (
    Amendment,
    AmendmentPart,
    Bracket,
    Paragraph,
    Version,
    VersionParagraph,
)
from accord.drafts.selectors.amendments import text_hash
from accord.drafts.selectors.parts import amendment_edits
from accord.drafts.services.amendment_edit import (
    EditPart,
    amendment_edit_prepare,
    amendment_propose_edit,
)
from accord.drafts.services.amendments import (
    amendment_decide_check,
    amendment_propose,
    amendment_propose_check,
    amendment_support,
    amendment_support_check,
    amendment_withdraw_check,
)
from accord.drafts.services.brackets import (
    bracket_add,
    bracket_add_check,
    bracket_join_check,
    bracket_lift,
    bracket_lift_check,
)
from accord.drafts.services.checks import standing_of, verdict
from accord.drafts.services.quotes import AmbiguousQuote

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, add_version

OP1 = TEXTS[
    "OP1"
]  # "Decides that the Commission should review the implementation every five years;"
EDITED = "Decides that the Commission shall review the implementation regularly every four years;"


def edit(world, draft, text, key="OP1", role="delegate", **kw):
    return amendment_propose_edit(
        actor=world.users[role] if isinstance(role, str) else role,
        version=draft.version,
        paragraph=draft.paragraphs[key],
        text=text,
        **kw,
    )


def with_heading(draft):
    """A version 2 holding a heading before the paragraphs (as imported drafts have)."""
    version = Version.objects.create(report=draft.report, number=2, kind="revision", label="Rev.1")
    heading = Paragraph.objects.create(report=draft.report, key="H1", kind="heading")
    VersionParagraph.objects.create(version=version, paragraph=heading, order=1, text="Decisions")
    for order, (key, text) in enumerate(TEXTS.items(), start=2):
        VersionParagraph.objects.create(
            version=version, paragraph=draft.paragraphs[key], order=order, text=text
        )
    Version.objects.filter(pk=version.pk).update(
        status="issued", is_circulated=True, issued_at=timezone.now(), content_hash="y" * 64
    )
    version.refresh_from_db()
    return version, heading


# --- propose by editing ----------------------------------------------------------------


def test_preview_computes_the_parts_and_records_nothing(world, draft):
    proposal = amendment_edit_prepare(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        text=EDITED,
        expected_text_hash=text_hash(OP1),
    )
    assert proposal.parts == [
        EditPart("replace", "should", "shall", after="Commission"),
        EditPart("insert", "", " regularly", after="implementation"),
        EditPart("replace", "five", "four", after="every"),
    ]
    assert proposal.new_text == EDITED and proposal.kind == "replace_text"
    assert [(s.tag, s.text) for s in proposal.segments][:4] == [
        ("equal", "Decides that the Commission "),
        ("delete", "should"),
        ("insert", "shall"),
        ("equal", " review the implementation"),
    ]
    assert Amendment.objects.count() == 0 and AmendmentPart.objects.count() == 0


def test_several_changes_are_one_amendment_with_its_parts(world, draft):
    amendment = edit(world, draft, EDITED, rationale="Tighter.", expected_text_hash=text_hash(OP1))
    assert amendment.kind == "replace_text" and amendment.proposer == world.members["BRA"]
    assert (amendment.old_text, amendment.new_text) == (
        "should review the implementation every five",
        "shall review the implementation regularly every four",
    )
    parts = list(amendment.parts.order_by("position").values_list("old_text", "new_text"))
    assert parts == [("should", "shall"), ("", " regularly"), ("five", "four")]
    assert apply_edits(OP1, amendment_edits(amendment)) == EDITED
    assert amendment.rationale == "Tighter." and amendment.base_text_hash == text_hash(OP1)
    event = AuditEvent.objects.get(action="accord.amendment.propose")
    assert len(event.data["parts"]) == 3


@pytest.mark.parametrize(
    ("text", "kind", "old", "new"),
    [
        (OP1.replace("should", "shall"), "replace_text", "should", "shall"),
        (OP1.replace(" every five years", ""), "delete_text", " every five years", ""),
        (OP1.replace("review", "review and assess"), "insert_text", "", " and assess"),
    ],
)
def test_one_change_is_a_plain_amendment_without_parts(world, draft, text, kind, old, new):
    amendment = edit(world, draft, text)
    assert (amendment.kind, amendment.old_text, amendment.new_text) == (kind, old, new)
    assert amendment.parts.count() == 0
    assert apply_edits(OP1, amendment_edits(amendment)) == text


def test_textarea_line_breaks_and_stray_spaces_are_not_changes(world, draft):
    amendment = edit(world, draft, "  " + OP1.replace("should", "shall") + "\r\n")
    assert (amendment.old_text, amendment.new_text) == ("should", "shall")
    with pytest.raises(ValidationFailed, match="not changed"):
        edit(world, draft, OP1 + "\r\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n", "empty"), (OP1, "not changed"), ("x" * 20_001, "too long")],
)
def test_bad_edits_are_refused_and_nothing_is_recorded(world, draft, text, message):
    with pytest.raises(ValidationFailed, match=message):
        edit(world, draft, text)
    assert Amendment.objects.count() == 0


def test_a_heading_is_not_edited(world, draft):
    version, heading = with_heading(draft)
    with pytest.raises(ValidationFailed, match="heading") as info:
        amendment_propose_edit(
            actor=world.users["delegate"], version=version, paragraph=heading, text="Decision"
        )
    assert info.value.code == "not_amendable"
    with pytest.raises(ValidationFailed, match="heading"):
        amendment_propose(
            actor=world.users["delegate"],
            version=version,
            paragraph=heading,
            kind="replace_text",
            start=0,
            end=9,
            new_text="Decision",
        )
    with pytest.raises(ValidationFailed, match="heading"):
        bracket_add(
            actor=world.users["delegate"], version=version, paragraph=heading, start=0, end=9
        )
    # A paragraph may still be proposed after a heading.
    added = amendment_propose(
        actor=world.users["delegate"],
        version=version,
        paragraph=heading,
        kind="add_paragraph",
        new_text="Decides to act.",
    )
    assert added.kind == "add_paragraph"
    assert Amendment.objects.count() == 1 and Bracket.objects.count() == 0


def test_a_text_the_proposer_did_not_see_is_a_conflict(world, draft):
    with pytest.raises(Conflict, match="does not read as it did") as info:
        edit(world, draft, EDITED, expected_text_hash=text_hash("another text"))
    assert info.value.code == "stale_text" and Amendment.objects.count() == 0


def test_a_newer_version_carries_the_edits_or_refuses(world, draft):
    changed_elsewhere = OP1.replace("Decides", "Further decides")
    changed_here = TEXTS["OP3"].replace("next session", "seventieth session")
    add_version(draft.report, 2, {**TEXTS, "OP1": changed_elsewhere, "OP3": changed_here})
    latest = draft.report.versions.get(number=2)
    carried = edit(world, draft, EDITED, expected_text_hash=text_hash(OP1))
    assert carried.version == latest and carried.rebased_from == draft.version
    assert apply_edits(changed_elsewhere, amendment_edits(carried)) == EDITED.replace(
        "Decides", "Further decides"
    )
    with pytest.raises(Conflict, match=r"changed in Rev\.1") as info:
        edit(world, draft, TEXTS["OP3"].replace("next", "following"), key="OP3")
    assert info.value.code == "stale" and Amendment.objects.count() == 1


def test_who_may_propose_by_editing(world, draft, consultation):
    with pytest.raises(PermissionDenied):
        edit(world, draft, EDITED, role="observer")
    with pytest.raises(PermissionDenied, match="facilitator"):
        edit(world, draft, EDITED, role="facilitator")
    by_chair = edit(world, draft, EDITED, role="chair")
    assert by_chair.proposer is None and by_chair.proposer_role == "chair"
    draft_version = add_version(draft.report, 2, TEXTS, issue=False)
    with pytest.raises(Conflict, match="not been issued"):
        amendment_propose_edit(
            actor=world.users["delegate"],
            version=draft_version,
            paragraph=draft.paragraphs["OP1"],
            text=EDITED,
        )


# --- quotes instead of offsets ---------------------------------------------------------


def test_a_unique_quote_names_the_words(world, draft):
    amendment = amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="replace_text",
        quote="should review",
        new_text="shall review",
    )
    assert (amendment.start, amendment.end) == (28, 41)
    bracket = bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP2"],
        quote="Member  States",  # spacing typed differently
    )
    assert bracket.text == "Member States"


def test_an_ambiguous_quote_asks_which_occurrence(world, draft):
    with pytest.raises(AmbiguousQuote) as info:
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs["OP1"],
            kind="delete_text",
            quote="the",
        )
    assert [(o.start, o.before, o.after) for o in info.value.occurrences] == [
        (13, "Decides that ", " Commission should review the implementation"),
        (42, "that the Commission should review ", " implementation every five years;"),
    ]
    assert info.value.status == 400 and Amendment.objects.count() == 0
    second = amendment_propose(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="delete_text",
        quote="the",
        occurrence=2,
    )
    assert (second.start, second.end) == (42, 45)
    # Offsets from a mouse selection pick the occurrence themselves.
    selected = bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        quote="the",
        start=13,
        end=16,
    )
    assert (selected.start, selected.end) == (13, 16)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"quote": "the Council"}, "not in the paragraph"),
        ({"quote": "the", "occurrence": 3}, "no occurrence 3"),
        ({"quote": "  "}, "Quote the words"),
        ({"quote": "Commission", "kind": "insert_text"}, "edit the paragraph"),
    ],
)
def test_bad_quotes(world, draft, kw, message):
    kw = {"kind": "delete_text", **kw}
    with pytest.raises(ValidationFailed, match=message):
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs["OP1"],
            new_text="x",
            **kw,
        )
    assert Amendment.objects.count() == 0


# --- checks ----------------------------------------------------------------------------


def test_checks_answer_what_the_writes_do(world, draft, swe_delegate):
    op1 = draft.paragraphs["OP1"]
    delegate, observer, chair = (world.users[r] for r in ("delegate", "observer", "chair"))
    assert verdict(amendment_propose_check, actor=delegate, version=draft.version, paragraph=op1)
    refused = verdict(amendment_propose_check, actor=observer, version=draft.version, paragraph=op1)
    assert not refused and "permission" in refused.reason
    a = edit(world, draft, EDITED)
    assert not verdict(amendment_support_check, actor=delegate, amendment=a)  # own amendment
    assert verdict(amendment_support_check, actor=swe_delegate, amendment=a)
    assert verdict(amendment_withdraw_check, actor=delegate, amendment=a)
    assert not verdict(amendment_withdraw_check, actor=swe_delegate, amendment=a)
    assert verdict(amendment_decide_check, actor=chair, amendment=a)
    assert not verdict(amendment_decide_check, actor=delegate, amendment=a)
    amendment_support(actor=swe_delegate, amendment=a, kind="support")
    b = bracket_add(actor=delegate, version=draft.version, paragraph=op1, quote="every five years")
    assert verdict(bracket_join_check, actor=swe_delegate, bracket=b)
    assert verdict(bracket_lift_check, actor=delegate, bracket=b)
    lift = verdict(bracket_lift_check, actor=swe_delegate, bracket=b)
    assert not lift and lift.reason == "Your delegation does not hold this bracket."
    with pytest.raises(PermissionDenied, match=lift.reason):
        bracket_lift(actor=swe_delegate, bracket=b)
    assert not verdict(bracket_add_check, actor=chair, version=draft.version, paragraph=op1)


def test_one_standing_answers_many_checks_without_queries(
    world, draft, swe_delegate, django_assert_num_queries
):
    a = edit(world, draft, EDITED)
    standing = standing_of(swe_delegate, world.group, draft.report)
    with django_assert_num_queries(0):
        for key in ("PP1", "OP1", "OP2", "OP3"):
            assert verdict(
                amendment_propose_check,
                actor=swe_delegate,
                version=draft.version,
                paragraph=draft.paragraphs[key],
                standing=standing,
            )
        assert verdict(amendment_support_check, actor=swe_delegate, amendment=a, standing=standing)
        assert not verdict(
            amendment_withdraw_check, actor=swe_delegate, amendment=a, standing=standing
        )


def test_a_paragraph_not_in_the_version_is_not_found(world, draft):
    other = Paragraph.objects.create(report=draft.report, key="OP9", kind="op")
    with pytest.raises(NotFound):
        amendment_propose_edit(
            actor=world.users["delegate"], version=draft.version, paragraph=other, text="x"
        )
