"""Positions stated on behalf of negotiating groups, counted by the one rule (positions.blocs)."""

from __future__ import annotations

import pytest

from accord.common.errors import PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.groups import services as group_services
from accord.positions import compilation, selectors, services
from accord.positions.models import PositionEvent

from .conftest import TEXTS, make_version


def say(blocs, neg, who, kind, reason="", key="OP2", group=None, version=None):
    return services.position_record(
        actor=blocs.delegates[who],
        version=version or neg.v1,
        paragraph=neg.p(key),
        kind=kind,
        reason=reason,
        on_behalf_of=group,
    )


def counted(neg, key="OP2", version=None):
    by_member = selectors.current_positions(version or neg.v1)[neg.p(key).pk]
    return {
        p.member.iso3 or p.member.slug: (p.kind, p.via_group.slug if p.via_group else None)
        for p in by_member.values()
    }


def test_group_position_counts_for_each_member_without_its_own(world, neg, blocs):
    event = say(
        blocs, neg, "ZAF", "object", "The forum must be intergovernmental.", group=blocs.g77
    )
    assert event.member == blocs.member("ZAF") and event.on_behalf_of == blocs.g77
    audit = AuditEvent.objects.filter(action="accord.position.record").get()
    assert audit.data["on_behalf_of"] == "g77" and audit.data["member"] == "zaf"
    # Every G77 member, the speaker included; Norway (in no group) and Sweden (EU) have none.
    assert counted(neg) == {
        "BRA": ("object", "g77"),
        "EGY": ("object", "g77"),
        "ZAF": ("object", "g77"),
    }
    egypt = selectors.current_positions(neg.v1)[neg.p("OP2").pk][blocs.member("EGY").pk]
    assert egypt.reason == "The forum must be intergovernmental."
    assert egypt.via_label == "via G77 and China" and egypt.name == "Egypt (via G77 and China)"
    assert egypt.event == event and not egypt.carried_over


def test_own_position_wins_before_and_after_the_group_statement(world, neg, blocs):
    say(blocs, neg, "BRA", "support")
    say(blocs, neg, "ZAF", "object", "Too vague.", group=blocs.g77)
    say(blocs, neg, "EGY", "can_live_with")  # after the group spoke: still its own
    assert counted(neg) == {
        "BRA": ("support", None),
        "EGY": ("can_live_with", None),
        "ZAF": ("object", "g77"),
    }
    # South Africa speaking for itself afterwards: its own position wins for it, not for others.
    say(blocs, neg, "ZAF", "support")
    assert counted(neg)["ZAF"] == ("support", None)


def test_member_in_two_groups_takes_the_latest_group_statement(world, neg, blocs):
    say(blocs, neg, "ZAF", "support", group=blocs.g77)
    say(blocs, neg, "EGY", "object", "Not without financing.", group=blocs.lmdc)
    assert counted(neg)["EGY"] == ("object", "lmdc")
    assert counted(neg)["BRA"] == ("support", "g77")  # Brazil is not in the LMDC
    say(blocs, neg, "ZAF", "reserve", group=blocs.g77)
    assert counted(neg)["EGY"] == ("reserve", "g77")
    state = selectors.position_state(neg.v1)
    [lmdc, g77] = state.statements[neg.p("OP2").pk]
    assert (lmdc.negotiating_group, g77.negotiating_group) == (blocs.lmdc, blocs.g77)
    assert [m.iso3 for m in g77.counts_for] == ["BRA", "EGY", "ZAF"] and lmdc.counts_for == ()
    assert (
        g77.summary
        == "South Africa on behalf of the G77 and China: Reserve (awaiting instructions)"
    )
    assert lmdc.summary == "Egypt on behalf of the LMDC: Object — Not without financing."


def test_membership_changes_and_observers(world, neg, blocs):
    say(blocs, neg, "ZAF", "object", "Too vague.", group=blocs.g77)
    group_services.negotiating_group_remove_member(
        actor=world.users["secretariat"], negotiating_group=blocs.g77, member=blocs.member("BRA")
    )
    group_services.negotiating_group_add_member(
        actor=world.users["secretariat"], negotiating_group=blocs.g77, member=blocs.member("NOR")
    )
    assert set(counted(neg)) == {"EGY", "ZAF", "NOR"}


def test_speaking_for_a_group_you_are_not_in(world, neg, blocs, staff_user):
    with pytest.raises(PermissionDenied, match="Norway is not a member of the G77 and China"):
        say(blocs, neg, "NOR", "support", group=blocs.g77)
    with pytest.raises(PermissionDenied, match="Brazil is not a member of the EU") as exc:
        say(blocs, neg, "BRA", "support", group=blocs.eu)
    assert "on_behalf_of" in exc.value.fields
    other = group_services.group_create(actor=staff_user, name="Another group")
    foreign = group_services.negotiating_group_create(
        actor=staff_user, group=other, name="Group of 77 and China", slug="g77"
    )
    with pytest.raises(PermissionDenied):
        say(blocs, neg, "BRA", "support", group=foreign)
    assert PositionEvent.objects.count() == 0


def test_bad_input_on_behalf_writes_nothing(world, neg, blocs):
    v2 = make_version(neg.report, 2, {"PP1": TEXTS["PP1"], "OP3": "New text."}, neg.paragraphs)
    with pytest.raises(ValidationFailed, match=r"OP2 is not in Rev\.1"):
        say(blocs, neg, "ZAF", "support", group=blocs.g77, version=v2)
    with pytest.raises(ValidationFailed, match="objection needs a reason"):
        say(blocs, neg, "ZAF", "object", group=blocs.g77)
    assert PositionEvent.objects.count() == 0


def test_group_statements_carry_over_while_the_text_is_unchanged(world, neg, blocs):
    say(blocs, neg, "ZAF", "object", "Too vague.", group=blocs.g77)
    v2 = make_version(neg.report, 2, TEXTS, neg.paragraphs)
    [egypt] = [
        p
        for p in selectors.current_positions(v2)[neg.p("OP2").pk].values()
        if p.member.iso3 == "EGY"
    ]
    assert egypt.via_group == blocs.g77 and egypt.carried_over
    v3 = make_version(neg.report, 3, {**TEXTS, "OP2": "Invites stakeholders."}, neg.paragraphs)
    assert selectors.current_positions(v3)[neg.p("OP2").pk] == {}


def test_tallies_votes_history_and_compilation_count_via_group(world, neg, blocs):
    say(blocs, neg, "ZAF", "object", "Too vague.", group=blocs.g77)
    say(blocs, neg, "BRA", "support")
    [states] = [
        t
        for t in selectors.positions_by_constituency(neg.v1, neg.p("OP2"))
        if t.constituency.slug == "member-states"
    ]
    assert states.counts == {"support": 1, "can_live_with": 0, "object": 2, "reserve": 0}
    assert [o.name for o in states.objectors] == [
        "Egypt (via G77 and China)",
        "South Africa (via G77 and China)",
    ]
    assert states.members == 5 and states.silent == 2  # Norway and Sweden
    votes = {(m, k): v for m, k, v in selectors.vote_triples(neg.v1)}
    assert votes[(blocs.member("EGY").pk, "OP2")] == -1
    assert votes[(blocs.member("BRA").pk, "OP2")] == 1
    [entry_statement, entry_own] = selectors.paragraph_history(neg.v1, neg.p("OP2"))
    assert (
        entry_statement.summary
        == "South Africa on behalf of the G77 and China: Object — Too vague."
    )
    assert entry_own.summary == "Brazil: Support"
    entries = compilation.compilation_build(neg.v1, with_positions=True)
    data = compilation.compilation_dict(neg.v1, entries)
    op2 = next(p for p in data["paragraphs"] if p["key"] == "OP2")
    states_out = next(t for t in op2["positions"] if t["constituency"] == "member-states")
    assert states_out["objections"] == [
        {"member": "egy", "via_group": "g77"},
        {"member": "zaf", "via_group": "g77"},
    ]
    [statement] = op2["group_statements"]
    assert statement["group"] == "g77" and statement["counts_for"] == ["egy", "zaf"]
    assert "(objecting: Egypt (via G77 and China), South Africa (via G77 and China))" in (
        compilation.tally_line(entries[2].tallies)
    )
    public = compilation.compilation_dict(
        neg.v1, compilation.compilation_build(neg.v1, with_positions=False)
    )
    assert all(p["group_statements"] == [] and p["positions"] is None for p in public["paragraphs"])


def test_a_group_that_has_spoken_cannot_be_deleted(world, neg, blocs):
    from accord.common.errors import Conflict
    from accord.groups.models import NegotiatingGroup

    say(blocs, neg, "ZAF", "support", group=blocs.g77)
    with pytest.raises(Conflict, match="G77 and China has spoken on the record"):
        group_services.negotiating_group_delete(
            actor=world.users["secretariat"], negotiating_group=blocs.g77
        )
    assert NegotiatingGroup.objects.filter(slug="g77").exists()
    assert not AuditEvent.objects.filter(action="accord.negotiating_group.delete").exists()
