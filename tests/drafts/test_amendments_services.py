"""Amendments: propose, support, withdraw, decide; stale versions; bad input."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.drafts.models import Amendment, AmendmentSupport, Paragraph, Report
from accord.drafts.selectors.amendments import amendment_is_stale, text_hash
from accord.drafts.selectors.final import final_text
from accord.drafts.services.amendments import (
    amendment_decide,
    amendment_propose,
    amendment_support,
    amendment_withdraw,
)

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, add_version, span


def propose(world, draft, role="delegate", key="OP1", words="should", new="shall", **kw):
    start, end = span(draft.text(key), words)
    kw.setdefault("kind", "replace_text")
    return amendment_propose(
        actor=world.users[role] if isinstance(role, str) else role,
        version=draft.version,
        paragraph=draft.paragraphs[key],
        start=start,
        end=end,
        new_text=new,
        **kw,
    )


def test_delegate_proposes_for_their_member(world, draft):
    amendment = propose(world, draft, rationale="Stronger.")
    assert amendment.proposer == world.members["BRA"] and amendment.proposer_role == ""
    assert amendment.old_text == "should" and amendment.new_text == "shall"
    assert amendment.base_text_hash == text_hash(TEXTS["OP1"])
    assert amendment.status == "proposed" and amendment.rebased_from is None
    event = AuditEvent.objects.get(action="accord.amendment.propose")
    assert event.data["paragraph"] == "OP1" and event.data["new_text"] == "shall"


def test_chair_proposes_as_the_chair(world, draft):
    amendment = propose(world, draft, role="chair")
    assert amendment.proposer is None and amendment.proposer_role == "chair"
    assert "Chair" in str(amendment)


def test_facilitator_only_on_paragraphs_of_their_consultation(world, draft, consultation):
    with pytest.raises(PermissionDenied, match="facilitator"):
        propose(world, draft, role="facilitator")
    amendment = propose(world, draft, role="facilitator", key="OP2", words="Invites", new="Urges")
    assert amendment.proposer_role == "facilitator"
    consultation.is_open = False
    consultation.save()
    with pytest.raises(PermissionDenied):
        propose(world, draft, role="facilitator", key="OP2", words="Invites", new="Urges")


@pytest.mark.parametrize("role", ["observer", "outsider", "secretariat", "anonymous"])
def test_others_cannot_amend(world, draft, role):
    with pytest.raises(PermissionDenied):
        propose(world, draft, role=world.user(role))
    assert Amendment.objects.count() == 0


def test_every_kind(world, draft):
    op3 = draft.paragraphs["OP3"]
    actor = world.users["delegate"]
    base = {"actor": actor, "version": draft.version, "paragraph": op3}
    ins = amendment_propose(**base, kind="insert_text", start=0, new_text="Also ")
    assert (ins.start, ins.end, ins.old_text) == (0, 0, "")
    dele = amendment_propose(**base, kind="delete_text", start=52, end=61)
    assert dele.old_text == " session." and dele.new_text == ""
    add = amendment_propose(**base, kind="add_paragraph", new_text="Decides to meet.", after=op3)
    drop = amendment_propose(**base, kind="delete_paragraph")
    alt = amendment_propose(**base, kind="alternative", new_text="Requests a report.")
    assert {a.kind for a in [add, drop, alt]} == {
        "add_paragraph",
        "delete_paragraph",
        "alternative",
    }
    assert add.start is None and drop.new_text == ""


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"kind": "replace_text", "start": 5, "end": 500, "new_text": "x"}, "outside"),
        ({"kind": "replace_text", "start": 5, "end": 9, "new_text": "  "}, "proposed text"),
        ({"kind": "delete_text", "start": 5, "end": 5}, "Select the words"),
        ({"kind": "insert_text", "new_text": "x"}, "start offset"),
        ({"kind": "rewrite", "start": 0, "end": 1}, "Unknown amendment type"),
        ({"kind": "replace_text", "start": 0, "end": 7, "new_text": "Decides"}, "same as"),
    ],
)
def test_bad_input_is_refused_with_a_message(world, draft, kw, error):
    with pytest.raises(ValidationFailed, match=error):
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs["OP1"],
            **kw,
        )
    assert (
        Amendment.objects.count() == 0
        and not AuditEvent.objects.filter(action__startswith="accord.amendment").exists()
    )


def test_draft_version_and_foreign_paragraph(world, draft):
    rev = add_version(draft.report, 2, {"OP1": TEXTS["OP1"]}, issue=False)
    with pytest.raises(Conflict, match="not been issued"):
        amendment_propose(
            actor=world.users["delegate"],
            version=rev,
            paragraph=draft.paragraphs["OP1"],
            kind="delete_paragraph",
        )
    other = Report.objects.create(group=world.group, title="Other", slug="other")
    stray = Paragraph.objects.create(report=other, key="OP1", kind="op")
    with pytest.raises(NotFound):
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=stray,
            kind="delete_paragraph",
        )
    with pytest.raises(Conflict, match="reload"):
        propose(world, draft, expected_text_hash=text_hash("something else"))
    assert propose(world, draft, expected_text_hash=text_hash(TEXTS["OP1"])).pk


def test_support_is_one_per_member_and_changeable(world, draft, swe_delegate):
    amendment = propose(world, draft)
    amendment_support(actor=swe_delegate, amendment=amendment, kind="cosponsor")
    amendment_support(actor=swe_delegate, amendment=amendment, kind="oppose")
    support = AmendmentSupport.objects.get()
    assert support.member == world.members["SWE"] and support.kind == "oppose"
    history = AuditEvent.objects.filter(action="accord.amendment.support").order_by("id")
    assert [(e.data["kind"], e.data["previous"]) for e in history] == [
        ("cosponsor", None),
        ("oppose", "cosponsor"),
    ]
    with pytest.raises(ValidationFailed, match="proposed this"):
        amendment_support(actor=world.users["delegate"], amendment=amendment, kind="support")
    with pytest.raises(PermissionDenied):
        amendment_support(actor=world.users["chair"], amendment=amendment, kind="support")
    with pytest.raises(ValidationFailed):
        amendment_support(actor=swe_delegate, amendment=amendment, kind="love")


def test_withdraw_only_by_the_proposer_and_stale_copies_conflict(world, draft, swe_delegate):
    amendment = propose(world, draft)
    with pytest.raises(PermissionDenied, match="proposer"):
        amendment_withdraw(actor=swe_delegate, amendment=amendment)
    stale = Amendment.objects.get(pk=amendment.pk)
    amendment_withdraw(actor=world.users["delegate"], amendment=amendment)
    assert amendment.status == "withdrawn" and amendment.lock_version == 1
    with pytest.raises(Conflict, match="someone else"):
        amendment_decide(actor=world.users["chair"], amendment=stale, decision="not_incorporated")
    with pytest.raises(Conflict, match="already withdrawn"):
        amendment_withdraw(actor=world.users["delegate"], amendment=amendment)


def test_chair_decides(world, draft):
    first = propose(world, draft)
    second = propose(world, draft, words="every five years", new="regularly")
    with pytest.raises(PermissionDenied):
        amendment_decide(actor=world.users["vice_chair"], amendment=first, decision="merged")
    with pytest.raises(ValidationFailed, match="merged into"):
        amendment_decide(actor=world.users["chair"], amendment=first, decision="merged")
    with pytest.raises(ValidationFailed, match="next revision"):
        amendment_decide(actor=world.users["chair"], amendment=first, decision="incorporated")
    amendment_decide(
        actor=world.users["chair"],
        amendment=first,
        decision="merged",
        merged_into=second,
        reason="Same intent.",
    )
    assert first.status == "merged" and first.merged_into == second
    with pytest.raises(Conflict):  # with the lock version the client saw
        amendment_decide(
            actor=world.users["chair"],
            amendment=second,
            decision="not_incorporated",
            expected_lock_version=7,
        )


def test_sub_amendment_changes_the_parents_text(world, draft, swe_delegate):
    parent = propose(world, draft, words="should review", new="shall review annually")
    sub = amendment_propose(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        kind="delete_text",
        start=len("shall review"),
        end=len("shall review annually"),
        parent=parent,
    )
    assert sub.old_text == " annually" and sub.base_text_hash == text_hash(parent.new_text)
    result = final_text(draft.version, [parent.pk, sub.pk])
    op1 = next(i for i in result.items if i.key == "OP1")
    assert op1.text == TEXTS["OP1"].replace("should review", "shall review")
    assert not result.conflicts
    alone = final_text(draft.version, [sub.pk])
    assert "not chosen" in alone.conflicts[0]
    with pytest.raises(ValidationFailed, match="first-level"):
        amendment_propose(
            actor=swe_delegate,
            version=draft.version,
            paragraph=draft.paragraphs["OP1"],
            kind="delete_text",
            start=0,
            end=2,
            parent=sub,
        )


def test_amendment_on_an_older_version(world, draft):
    changed_elsewhere = TEXTS["OP1"].replace("Decides", "Further decides")
    changed_here = TEXTS["OP1"].replace("should review", "may review")
    add_version(draft.report, 2, {**TEXTS, "OP1": changed_elsewhere, "OP2": changed_here})
    latest = draft.report.versions.get(number=2)
    # Unchanged paragraph: carried over as is.
    same = propose(world, draft, key="OP3", words="next", new="following")
    assert same.version == latest and same.rebased_from == draft.version
    assert (same.start, same.end) == span(TEXTS["OP3"], "next")
    # Changed elsewhere: rebased onto the new offsets.
    moved = propose(world, draft)
    assert moved.version == latest and changed_elsewhere[moved.start : moved.end] == "should"
    # Changed where it amends: refused.
    before = Amendment.objects.count()
    with pytest.raises(Conflict, match=r"changed in Rev\.1"):
        amendment_propose(
            actor=world.users["delegate"],
            version=draft.version,
            paragraph=draft.paragraphs["OP2"],
            kind="replace_text",
            start=0,
            end=len("Invites"),
            new_text="Urges",
        )
    assert Amendment.objects.count() == before
    # Amendments left on the old version are flagged.
    old = Amendment.objects.create(
        version=draft.version,
        paragraph=draft.paragraphs["OP3"],
        kind="delete_paragraph",
        proposer=world.members["BRA"],
        base_text_hash="x",
    )
    assert amendment_is_stale(old) and not amendment_is_stale(moved)
