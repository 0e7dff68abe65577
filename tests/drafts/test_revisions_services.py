"""Final text and the next revision: amendments applied, options chosen, brackets carried."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import Amendment, Bracket, OptionGroup, Version, VersionParagraph
from accord.drafts.selectors.amendments import paragraph_history
from accord.drafts.selectors.final import final_text
from accord.drafts.services.amendments import amendment_propose
from accord.drafts.services.brackets import bracket_add, bracket_lift
from accord.drafts.services.options import option_choose, option_group_create
from accord.drafts.services.revisions import revision_issue_from_amendments
from accord.drafts.services.versions import version_content_hash

from .conftest_amend import *  # noqa: F403 (fixtures)
from .conftest_amend import TEXTS, span


def amend(world, draft, key, kind, words=None, new="", user=None):
    start = end = None
    if words is not None:
        start, end = span(draft.text(key), words)
    return amendment_propose(
        actor=user or world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs[key],
        kind=kind,
        start=start,
        end=end,
        new_text=new,
    )


def texts(version):
    return {
        i.paragraph.key: i.text
        for i in VersionParagraph.objects.filter(version=version).select_related("paragraph")
    }


def test_final_text_previews_and_reports_conflicts(world, draft, swe_delegate):
    a = amend(world, draft, "OP1", "replace_text", "should", "shall")
    b = amend(world, draft, "OP1", "replace_text", "should review", "reviews", user=swe_delegate)
    c = amend(world, draft, "OP3", "add_paragraph", new="Decides to remain seized.")
    result = final_text(draft.version, [a.pk, b.pk, c.pk, 999999])
    assert [i.key for i in result.kept] == ["PP1", "OP1", "OP2", "OP3", "OP3bis"]
    assert result.kept[1].text == TEXTS["OP1"].replace("should", "shall")
    assert result.kept[4].change == "added" and result.kept[4].applied == [c]
    assert any("999999" in m for m in result.conflicts)
    assert any(f"#{b.pk}" in m and "same words" in m for m in result.conflicts)


def test_issue_next_revision(world, draft, swe_delegate):
    chair = world.users["chair"]
    a = amend(world, draft, "OP1", "replace_text", "should", "shall")
    alt = amend(world, draft, "OP3", "alternative", new="Requests a report in 2027.")
    add = amend(world, draft, "OP1", "add_paragraph", new="Decides to meet annually.")
    drop = amend(world, draft, "PP1", "delete_paragraph")
    left = amend(world, draft, "OP2", "replace_text", "Invites", "Urges", user=swe_delegate)
    bracket_add(
        actor=world.users["delegate"],
        version=draft.version,
        paragraph=draft.paragraphs["OP1"],
        start=span(TEXTS["OP1"], "the Commission should review")[0],
        end=span(TEXTS["OP1"], "the Commission should review")[1],
        reason="capital",
    )
    literal = bracket_add(
        actor=swe_delegate,
        version=draft.version,
        paragraph=draft.paragraphs["OP2"],
        start=span(TEXTS["OP2"], "[all]")[0],
        end=span(TEXTS["OP2"], "[all]")[1],
    )
    bracket_lift(actor=swe_delegate, bracket=literal)
    with pytest.raises(PermissionDenied):
        revision_issue_from_amendments(
            actor=world.users["vice_chair"], version=draft.version, incorporate=[a], label="Rev.1"
        )
    rev = revision_issue_from_amendments(
        actor=chair, version=draft.version, incorporate=[a, alt, add, drop], label="Rev.1"
    )
    assert rev.status == "issued" and rev.number == 2 and rev.based_on == draft.version
    assert rev.content_hash == version_content_hash(rev)
    got = texts(rev)
    assert list(got) == ["OP1", "OP1bis", "OP2", "OP3", "OP3alt"]
    assert (
        got["OP1"]
        == "Decides that [the Commission shall review] the implementation every five years;"
    )
    assert got["OP2"] == "Invites all Member States to share their experience;"  # lifted
    assert got["OP1bis"] == "Decides to meet annually."
    carried = Bracket.objects.get(version=rev)
    assert got["OP1"][carried.start : carried.end] == "[the Commission shall review]"
    assert carried.from_text and [h.member.iso3 for h in carried.holders.all()] == ["BRA"]
    group = OptionGroup.objects.get(version=rev)
    assert {p.key for p in group.paragraphs.all()} == {"OP3", "OP3alt"}
    statuses = dict(Amendment.objects.values_list("pk", "status"))
    assert statuses[a.pk] == "incorporated" and statuses[left.pk] == "not_incorporated"
    assert Amendment.objects.get(pk=a.pk).incorporated_in == rev
    history = paragraph_history(draft.paragraphs["OP1"])
    assert [(h.version.number, h.incorporated) for h in history] == [(1, []), (2, [a, add])]
    # The chosen option survives, the other is dropped, in the revision after.
    option_choose(actor=chair, group=group, paragraph=group.paragraphs.get(key="OP3alt"))
    new_history = paragraph_history(group.paragraphs.get(key="OP3alt"))
    assert [(h.version.number, h.incorporated) for h in new_history] == [(2, [alt])]
    rev2 = revision_issue_from_amendments(actor=chair, version=rev, incorporate=[], label="Rev.2")
    assert list(texts(rev2)) == ["OP1", "OP1bis", "OP2", "OP3alt"]
    assert Bracket.objects.filter(version=rev2).count() == 1
    assert texts(rev2)["OP1"] == got["OP1"]  # a held bracket is not written twice


def test_refusals_leave_nothing_half_written(world, draft, swe_delegate):
    chair = world.users["chair"]
    a = amend(world, draft, "OP1", "replace_text", "should", "shall")
    b = amend(world, draft, "OP1", "delete_text", "should review", user=swe_delegate)
    with pytest.raises(ValidationFailed, match="same words"):
        revision_issue_from_amendments(
            actor=chair, version=draft.version, incorporate=[a, b], label="Rev.1"
        )
    stale = Amendment.objects.get(pk=a.pk)
    stale.lock_version = 5
    with pytest.raises(Conflict, match="someone else"):
        revision_issue_from_amendments(
            actor=chair, version=draft.version, incorporate=[stale], label="Rev.1"
        )
    with pytest.raises(ValidationFailed, match="label"):
        revision_issue_from_amendments(
            actor=chair, version=draft.version, incorporate=[a], label=" "
        )
    assert Version.objects.count() == 1
    assert set(Amendment.objects.values_list("status", flat=True)) == {"proposed"}
    rev = revision_issue_from_amendments(
        actor=chair,
        version=draft.version,
        incorporate=[a],
        label="Rev.1",
        leave_others_proposed=True,
    )
    assert Amendment.objects.get(pk=b.pk).status == "proposed"
    with pytest.raises(Conflict, match="newer"):
        revision_issue_from_amendments(
            actor=chair, version=draft.version, incorporate=[], label="Rev.X"
        )
    assert rev.number == 2


def test_option_chosen_in_version_drops_others(world, draft):
    chair = world.users["chair"]
    ps = draft.paragraphs
    g = option_group_create(
        actor=chair, version=draft.version, label="OP2 or OP3", paragraphs=[ps["OP2"], ps["OP3"]]
    )
    option_choose(actor=chair, group=g, paragraph=ps["OP3"])
    rev = revision_issue_from_amendments(
        actor=chair, version=draft.version, incorporate=[], label="Rev.1"
    )
    assert list(texts(rev)) == ["PP1", "OP1", "OP3"]
