"""Positions and paragraph status: append-only events, validation, transitions, ad referendum."""

from __future__ import annotations

import pytest

from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.common.models import AuditEvent
from accord.drafts.models import InformalConsultation
from accord.groups import services as group_services
from accord.groups.models import Role
from accord.positions import selectors, services
from accord.positions.models import PositionEvent, StatusEvent
from tests.factories import UserFactory

from .conftest import TEXTS, make_version


def record(world, neg, kind, reason="", role="delegate", key="OP2", version=None):
    return services.position_record(
        actor=world.users[role],
        version=version or neg.v1,
        paragraph=neg.p(key),
        kind=kind,
        reason=reason,
    )


def test_recording_twice_appends_and_latest_wins(world, neg):
    record(world, neg, "support")
    record(world, neg, "reserve")
    assert PositionEvent.objects.count() == 2
    current = selectors.current_positions(neg.v1)[neg.p("OP2").pk]
    [position] = current.values()
    assert position.member == world.members["BRA"]
    assert position.kind == "reserve" and not position.carried_over
    assert AuditEvent.objects.filter(action="accord.position.record").count() == 2


def test_object_needs_a_reason_and_writes_nothing(world, neg):
    with pytest.raises(ValidationFailed) as exc:
        record(world, neg, "object", reason="   ")
    assert "reason" in exc.value.fields and "objection needs a reason" in exc.value.message
    assert PositionEvent.objects.count() == 0
    event = record(world, neg, "object", reason="The forum must be permanent.")
    assert event.reason == "The forum must be permanent."


@pytest.mark.parametrize("kind", ["", "abstain", "SUPPORT"])
def test_unknown_kind(world, neg, kind):
    with pytest.raises(ValidationFailed):
        record(world, neg, kind)
    assert PositionEvent.objects.count() == 0


def test_only_on_issued_and_circulated_versions(world, neg):
    draft = make_version(neg.report, 2, TEXTS, neg.paragraphs, issued=False)
    with pytest.raises(ValidationFailed, match="issued versions only"):
        record(world, neg, "support", version=draft)
    uncirculated = make_version(neg.report, 3, TEXTS, neg.paragraphs, circulated=False)
    with pytest.raises(ValidationFailed, match="not been circulated"):
        record(world, neg, "support", version=uncirculated)
    assert PositionEvent.objects.count() == 0


def test_paragraph_must_be_in_the_version(world, neg):
    v2 = make_version(neg.report, 2, {"PP1": TEXTS["PP1"], "OP3": "New text."}, neg.paragraphs)
    with pytest.raises(ValidationFailed, match=r"OP2 is not in Rev\.1"):
        record(world, neg, "support", version=v2)


def test_observer_delegation_and_users_without_member_cannot(world, neg):
    with pytest.raises(PermissionDenied):
        record(world, neg, "support", role="observer")
    # A delegate role attached to an observer member still may not take positions.
    user = UserFactory(username="swiss-delegate")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=user,
        kind=Role.Kind.DELEGATE,
        member=world.members["CHE"],
    )
    with pytest.raises(PermissionDenied, match="Observers"):
        services.position_record(actor=user, version=neg.v1, paragraph=neg.p("OP2"), kind="support")
    assert PositionEvent.objects.count() == 0


def set_status(world, neg, status, role="chair", key="OP2", pending=(), version=None):
    return services.status_set(
        actor=world.users[role],
        version=version or neg.v1,
        paragraph=neg.p(key),
        status=status,
        pending_members=pending,
    )


def status(neg, key, version=None):
    return selectors.status_of(version or neg.v1, neg.p(key))


def test_derived_status_from_brackets(world, neg):
    assert status(neg, "OP1").status == "bracketed" and status(neg, "OP1").is_derived
    assert status(neg, "OP2").status == "open"


def test_derived_status_from_bracket_rows(world, neg):
    from accord.drafts.models import Bracket

    bracket = Bracket.objects.create(
        version=neg.v1, paragraph=neg.p("OP2"), start=0, end=7, text="Invites"
    )
    assert status(neg, "OP2").status == "bracketed"
    Bracket.objects.filter(pk=bracket.pk).update(lifted_at="2030-01-01T00:00Z")
    assert status(neg, "OP2").status == "open"
    # Text brackets registered as rows and all lifted: the rows decide.
    Bracket.objects.create(
        version=neg.v1,
        paragraph=neg.p("OP1"),
        start=33,
        end=43,
        text="[standing]",
        from_text=True,
        lifted_at="2030-01-01T00:00Z",
    )
    assert status(neg, "OP1").status == "open"


def test_transitions_forward_reopen_and_drop(world, neg):
    set_status(world, neg, "bracketed")
    set_status(world, neg, "agreed_ad_ref", pending=[world.members["SWE"]])
    current = status(neg, "OP2")
    assert current.status == "agreed_ad_ref" and current.is_provisional
    assert [m.iso3 for m in current.pending_members] == ["SWE"]
    set_status(world, neg, "agreed")
    agreed = status(neg, "OP2")
    assert agreed.label == "Agreed (provisional)" and agreed.is_provisional
    with pytest.raises(Conflict):
        set_status(world, neg, "bracketed")  # no step back except by reopening
    set_status(world, neg, "open")
    set_status(world, neg, "dropped")
    with pytest.raises(Conflict):
        set_status(world, neg, "agreed")
    set_status(world, neg, "open")
    assert StatusEvent.objects.count() == 6
    assert [e.status for e in StatusEvent.objects.order_by("id")] == [
        "bracketed",
        "agreed_ad_ref",
        "agreed",
        "open",
        "dropped",
        "open",
    ]


def test_same_status_and_bad_inputs(world, neg):
    with pytest.raises(Conflict):
        set_status(world, neg, "open")
    with pytest.raises(ValidationFailed, match="confirmation is awaited"):
        set_status(world, neg, "agreed_ad_ref")
    with pytest.raises(ValidationFailed):
        set_status(world, neg, "agreed", pending=[world.members["SWE"]])
    with pytest.raises(ValidationFailed):
        set_status(world, neg, "agreed_ad_ref", pending=[world.members["CHE"]])  # an observer
    with pytest.raises(ValidationFailed):
        set_status(world, neg, "adopted")
    assert StatusEvent.objects.count() == 0


def test_facilitator_only_on_their_consultation(world, neg):
    with pytest.raises(PermissionDenied, match="consultation"):
        set_status(world, neg, "agreed", role="facilitator")
    consultation = InformalConsultation.objects.create(
        report=neg.report, title="OP2 informals", facilitator=world.users["facilitator"]
    )
    consultation.paragraphs.add(neg.p("OP2"))
    set_status(world, neg, "agreed", role="facilitator")
    with pytest.raises(PermissionDenied):
        set_status(world, neg, "agreed", role="facilitator", key="PP1")
    InformalConsultation.objects.filter(pk=consultation.pk).update(is_open=False)
    with pytest.raises(PermissionDenied):
        set_status(world, neg, "open", role="facilitator")


def test_ad_referendum_confirmation_flow(world, neg):
    other = UserFactory(username="swedish-delegate")
    group_services.role_assign(
        actor=world.users["secretariat"],
        group=world.group,
        user=other,
        kind=Role.Kind.DELEGATE,
        member=world.members["SWE"],
    )
    set_status(world, neg, "agreed_ad_ref", pending=[world.members["BRA"], world.members["SWE"]])
    with pytest.raises(PermissionDenied):
        services.ad_referendum_confirm(
            actor=world.users["chair"], version=neg.v1, paragraph=neg.p("OP2")
        )
    services.ad_referendum_confirm(
        actor=world.users["delegate"], version=neg.v1, paragraph=neg.p("OP2")
    )
    middle = status(neg, "OP2")
    assert middle.status == "agreed_ad_ref"
    assert [m.iso3 for m in middle.pending_members] == ["SWE"]
    with pytest.raises(PermissionDenied, match="does not await Brazil"):
        services.ad_referendum_confirm(
            actor=world.users["delegate"], version=neg.v1, paragraph=neg.p("OP2")
        )
    services.ad_referendum_confirm(actor=other, version=neg.v1, paragraph=neg.p("OP2"))
    final = status(neg, "OP2")
    assert final.status == "agreed" and final.is_provisional
    assert final.event.note == "Confirmed by Sweden."
    assert StatusEvent.objects.count() == 3  # set, one confirmation, agreed: nothing updated
    with pytest.raises(Conflict):
        services.ad_referendum_confirm(actor=other, version=neg.v1, paragraph=neg.p("OP2"))


def test_carry_over_only_while_text_unchanged(world, neg):
    record(world, neg, "support", key="OP2")
    record(world, neg, "object", reason="Too vague.", key="PP1")
    set_status(world, neg, "agreed", key="OP2")
    changed = {**TEXTS, "PP1": "Recalling the Tunis Agenda and the WSIS+10 outcome,"}
    v2 = make_version(neg.report, 2, changed, neg.paragraphs)
    positions = selectors.current_positions(v2)
    [carried] = positions[neg.p("OP2").pk].values()
    assert carried.kind == "support" and carried.carried_over
    assert positions[neg.p("PP1").pk] == {}  # the text changed: start afresh
    assert status(neg, "OP2", v2).status == "agreed" and status(neg, "OP2", v2).carried_over
    # A new position on v2 supersedes the carried one; v1 keeps its own history.
    record(world, neg, "reserve", key="OP2", version=v2)
    [now] = selectors.current_positions(v2)[neg.p("OP2").pk].values()
    assert now.kind == "reserve" and not now.carried_over
    [then] = selectors.current_positions(neg.v1)[neg.p("OP2").pk].values()
    assert then.kind == "support"
    # Changed in v3 and changed back in v4: the chain is broken, nothing revives.
    v3 = make_version(neg.report, 3, {**TEXTS, "OP2": "Invites stakeholders."}, neg.paragraphs)
    v4 = make_version(neg.report, 4, TEXTS, neg.paragraphs)
    assert selectors.current_positions(v3)[neg.p("OP2").pk] == {}
    assert selectors.current_positions(v4)[neg.p("OP2").pk] == {}
    assert status(neg, "OP2", v4).status == "open"


def test_positions_by_constituency_and_votes(world, neg):
    record(world, neg, "object", reason="Too vague.")
    tallies = selectors.positions_by_constituency(neg.v1, neg.p("OP2"))
    by_slug = {t.constituency.slug: t for t in tallies}
    states = by_slug["member-states"]
    assert states.counts == {"support": 0, "can_live_with": 0, "object": 1, "reserve": 0}
    assert states.members == 2 and states.silent == 1  # BRA, SWE (CHE is an observer)
    assert [o.member.iso3 for o in states.objectors] == ["BRA"]
    assert by_slug["civil-society"].members == 1
    record(world, neg, "can_live_with", key="PP1")
    record(world, neg, "reserve", key="OP1")
    bra = world.members["BRA"].pk
    assert selectors.vote_triples(neg.v1) == [(bra, "OP1", 0), (bra, "OP2", -1), (bra, "PP1", 1)]
    members, keys, rows = selectors.vote_matrix(neg.v1)
    assert members == [bra] and keys == ["PP1", "OP1", "OP2"] and rows == [[1, 0, -1]]


def test_history(world, neg):
    record(world, neg, "support")
    set_status(world, neg, "agreed")
    entries = selectors.paragraph_history(neg.v1, neg.p("OP2"))
    assert [e.what for e in entries] == ["position", "status"]
    assert entries[0].summary == "Brazil: Support" and entries[1].summary == "Agreed (provisional)"
