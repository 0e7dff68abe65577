"""Consensus calls: stances, the decision rule and why it fails, determinations, closing."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, Gone, PermissionDenied, ValidationFailed
from accord.outcomes.models import ConsensusCall, StanceEvent
from accord.outcomes.selectors.calls import call_decision
from accord.outcomes.services import calls


def _open(dec, **kw):
    return calls.call_open(actor=dec.chair, version=dec.version, **kw)


def test_silence_is_consent_and_an_objection_blocks_its_paragraph_and_the_text(dec):
    call = _open(dec)
    assert call_decision(call).is_adopted
    calls.stance_record(actor=dec.delegates["SWE"], call=call, kind="support")
    calls.stance_record(
        actor=dec.delegates["cs"],
        call=call,
        kind="object",
        paragraph=dec.p("OP2"),
        reason="A new mechanism duplicates existing forums.",
    )
    decision = call_decision(call)
    assert not decision.is_adopted
    assert decision.failed() == ["OP2"]
    assert decision.adopted("OP1") and decision.adopted("OP3")
    [(member, items)] = decision.objections()
    assert member.name == "Open Network Alliance"
    assert [(c.key, c.reason) for c in items] == [
        ("OP2", "A new mechanism duplicates existing forums.")
    ]


def test_group_stance_counts_for_members_without_their_own(dec):
    call = _open(dec)
    calls.stance_record(
        actor=dec.delegates["BRA"],
        call=call,
        kind="object",
        paragraph=dec.p("OP1"),
        reason="Full participation must be qualified.",
        on_behalf_of=dec.bloc,
    )
    decision = call_decision(call)
    objectors = {
        m.name: [(c.key, c.via_group.short_name if c.via_group else None) for c in items]
        for m, items in decision.objections()
    }
    assert objectors == {"Brazil": [("OP1", "G2")], "Sweden": [("OP1", "G2")]}
    # Sweden's own stance on OP1 wins over the group's.
    calls.stance_record(
        actor=dec.delegates["SWE"], call=call, kind="no_objection", paragraph=dec.p("OP1")
    )
    decision = call_decision(call)
    assert [m.name for m, _ in decision.objections()] == ["Brazil"]


def test_whole_text_stance_is_the_fallback_and_withdrawn_returns_to_it(dec):
    call = _open(dec)
    sweden = dec.delegates["SWE"]
    calls.stance_record(actor=sweden, call=call, kind="object", reason="Not balanced.")
    assert call_decision(call).failed() == ["PP1", "OP1", "OP2", "OP3"]
    calls.stance_record(actor=sweden, call=call, kind="support")
    calls.stance_record(actor=sweden, call=call, kind="dissociation", paragraph=dec.p("OP3"))
    decision = call_decision(call)
    assert decision.is_adopted
    assert [s.member for s in decision.item("OP3").dissociations] == [dec.world.members["SWE"].pk]
    calls.stance_record(actor=sweden, call=call, kind="withdrawn", paragraph=dec.p("OP3"))
    assert call_decision(call).item("OP3").dissociations == ()


def test_rough_consensus_threshold_per_constituency(dec):
    call = _open(dec, rule="rough_consensus", rule_params={"default_objection_share": "1/2"})
    calls.stance_record(
        actor=dec.delegates["SWE"], call=call, kind="object", paragraph=dec.p("OP2"), reason="No."
    )
    # One of two Member States objects (1/2 allowed); civil society is silent.
    assert call_decision(call).adopted("OP2")
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP2"), reason="No."
    )
    decision = call_decision(call)
    assert not decision.adopted("OP2")
    counts = {c.constituency: (c.objecting, c.members) for c in decision.item("OP2").constituencies}
    assert counts["civil-society"] == (1, 1) and counts["member-states"] == (1, 2)


def test_vote_of_members_present_and_voting(dec):
    call = _open(dec, rule="vote", rule_params={"majority": "2/3", "strict": False})
    calls.stance_record(actor=dec.delegates["BRA"], call=call, kind="support")
    calls.stance_record(actor=dec.delegates["SWE"], call=call, kind="support")
    calls.stance_record(actor=dec.delegates["cs"], call=call, kind="object", reason="Against.")
    decision = call_decision(call)
    assert (decision.item(None).in_favour, decision.item(None).against) == (2, 1)
    assert decision.is_adopted  # 2/3 of those voting, "at least"
    calls.stance_record(actor=dec.delegates["SWE"], call=call, kind="stand_aside")
    assert not call_decision(call).is_adopted  # 1 of 2 voting


def test_determination_overrules_named_objections_and_is_recorded(dec):
    call = _open(dec)
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP2"), reason="No."
    )
    with pytest.raises(ValidationFailed, match="Nothing to overrule"):
        calls.determination_make(
            actor=dec.chair, call=call, paragraph=dec.p("OP1"), reason="Agreed."
        )
    with pytest.raises(ValidationFailed, match="reason"):
        calls.determination_make(actor=dec.chair, call=call, paragraph=dec.p("OP2"), reason="  ")
    with pytest.raises(PermissionDenied):
        calls.determination_make(
            actor=dec.world.users["facilitator"], call=call, paragraph=dec.p("OP2"), reason="x"
        )
    made = calls.determination_make(
        actor=dec.chair, call=call, paragraph=dec.p("OP2"), reason="The objection stands alone."
    )
    assert [o["name"] for o in made.overruled] == ["Open Network Alliance"]
    decision = call_decision(call)
    assert decision.adopted("OP2") and decision.is_adopted
    closed = calls.call_close(actor=dec.chair, call=call)
    assert closed.adopted is True
    assert closed.result["determined"] == ["OP2"]


def test_close_records_who_objects_to_what_and_then_nothing_more_is_taken(dec):
    call = _open(dec)
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP1"), reason="A."
    )
    calls.stance_record(
        actor=dec.delegates["cs"], call=call, kind="object", paragraph=dec.p("OP2"), reason="B."
    )
    calls.explanation_record(
        actor=dec.delegates["BRA"], call=call, timing="before", text="We join."
    )
    closed = calls.call_close(actor=dec.chair, call=call)
    assert closed.adopted is False
    assert closed.result["failed"] == ["OP1", "OP2"]
    assert closed.result["objections"] == [
        {
            "member": "open-network-alliance",
            "name": "Open Network Alliance",
            "on": [
                {"paragraph": "OP1", "via": "", "reason": "A."},
                {"paragraph": "OP2", "via": "", "reason": "B."},
            ],
        }
    ]
    count = StanceEvent.objects.count()
    with pytest.raises(Gone):
        calls.stance_record(actor=dec.delegates["BRA"], call=call, kind="support")
    with pytest.raises(Gone):
        calls.explanation_record(
            actor=dec.delegates["BRA"], call=call, timing="before", text="Late."
        )
    calls.explanation_record(
        actor=dec.delegates["BRA"], call=call, timing="after", text="We regret it."
    )
    with pytest.raises(Gone):
        calls.call_close(actor=dec.chair, call=call)
    assert StanceEvent.objects.count() == count


def test_bad_input_is_refused_and_nothing_recorded(dec, world):
    from tests.positions.conftest import make_version

    unissued = make_version(dec.report, 2, {"OP1": "x"}, dict(dec.paragraphs), issued=False)
    with pytest.raises(ValidationFailed, match="issued version"):
        calls.call_open(actor=dec.chair, version=unissued)
    with pytest.raises(ValidationFailed, match="thresholds"):
        _open(dec, rule="vote", rule_params={"majority": "3/2"})
    with pytest.raises(ValidationFailed, match="Unknown decision rule"):
        _open(dec, rule="lottery")
    call = _open(dec)
    with pytest.raises(Conflict):
        _open(dec)
    other = make_version(dec.report, 3, {"OP9": "Elsewhere."}, {}, issued=True)
    with pytest.raises(ValidationFailed, match="Not in"):
        calls.stance_record(
            actor=dec.delegates["BRA"],
            call=call,
            kind="support",
            paragraph=other.items.get().paragraph,
        )
    with pytest.raises(ValidationFailed, match="reason"):
        calls.stance_record(actor=dec.delegates["BRA"], call=call, kind="object")
    with pytest.raises(ValidationFailed):
        calls.stance_record(actor=dec.delegates["BRA"], call=call, kind="veto")
    with pytest.raises(PermissionDenied, match="cannot speak for"):
        calls.stance_record(
            actor=dec.delegates["cs"], call=call, kind="support", on_behalf_of=dec.bloc
        )
    with pytest.raises(PermissionDenied):
        calls.stance_record(actor=world.users["observer"], call=call, kind="support")
    assert StanceEvent.objects.count() == 0
    assert ConsensusCall.objects.count() == 1


def test_no_stance_on_a_heading(dec):
    from accord.drafts.models import Paragraph

    Paragraph.objects.filter(pk=dec.p("PP1").pk).update(kind="heading")
    heading = Paragraph.objects.get(pk=dec.p("PP1").pk)
    call = _open(dec)
    with pytest.raises(ValidationFailed, match="Headings"):
        calls.stance_record(
            actor=dec.delegates["BRA"], call=call, kind="support", paragraph=heading
        )
