"""Reads of a consensus call: the stances that count and the decision they give, and why.

The stance that counts for a member on a paragraph follows two rules, applied in order:
the negotiating-group rule (``positions.blocs``: the member's own stance wins over its group's)
and the decision rule's fallback (a stance on the paragraph, else on the whole text;
``accord.core.consensus.decision``). The chair's determinations then adopt an item over the
objections they name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from accord.common.errors import NotFound
from accord.core.consensus.decision import (
    DecisionResult,
    ItemResult,
    Participant,
    Rule,
    Stance,
    StanceKind,
    decide,
)
from accord.drafts.models import Paragraph, VersionParagraph
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can
from accord.positions.blocs import GroupStatement, effective_positions

from ..models import ConsensusCall, Determination, Explanation, StanceEvent

WITHDRAWN = StanceEvent.Kind.WITHDRAWN


def rule_of(call: ConsensusCall) -> Rule:
    """The call's rule with the thresholds fixed when it opened."""
    params = call.rule_params or {}
    shares = {k: Fraction(v) for k, v in (params.get("max_objection_share") or {}).items()}
    return Rule(
        kind=call.rule,
        max_objection_share=shares,
        default_objection_share=Fraction(params.get("default_objection_share", "0")),
        majority=Fraction(params.get("majority", "1/2")),
        strict=bool(params.get("strict", True)),
    )


def calls_visible(viewer: Any, group: WorkingGroup) -> bool:
    """Stances are members-only material until the outcome is issued."""
    return can(viewer, "outcomes.view", group)


def call_get_for_viewer(*, group: WorkingGroup, pk: int, viewer: Any) -> ConsensusCall:
    call = (
        ConsensusCall.objects.select_related("version", "version__report", "group")
        .filter(group=group, pk=pk)
        .first()
    )
    if call is None or not calls_visible(viewer, group):
        raise NotFound(_not_found())
    return call


def _not_found() -> str:
    from django.utils.translation import gettext

    return gettext("No such consensus call.")


def calls_for_version(version: Any) -> list[ConsensusCall]:
    return list(ConsensusCall.objects.filter(version=version).order_by("-opened_at", "-id"))


@dataclass(frozen=True)
class CountedStance:
    member: Member
    kind: str
    key: str | None  # paragraph key, None for the whole text
    reason: str
    via_group: NegotiatingGroup | None
    event: StanceEvent

    @property
    def label(self) -> str:
        return str(StanceEvent.Kind(self.kind).label)


@dataclass
class CallDecision:
    """The decision of a call as it stands (or stood when it closed)."""

    call: ConsensusCall
    result: DecisionResult
    keys: list[str]  # paragraph keys in reading order (headings excluded)
    numbers: dict[str, str]  # key → display number
    members: dict[int, Member]
    stances: dict[tuple[int, str | None], CountedStance]
    determinations: dict[str | None, Determination]
    explanations: list[Explanation] = field(default_factory=list)

    def item(self, key: str | None) -> ItemResult:
        return self.result.text if key is None else self.result.paragraph(key)

    def determined(self, key: str | None) -> Determination | None:
        return self.determinations.get(key)

    def adopted(self, key: str | None) -> bool:
        """Adopted by the rule, or by the chair's determination over the objections."""
        if key is None:
            if self.determinations.get(None):
                return True
            text = self.result.text
            if text.adopted:
                return True
            if self.result.rule.kind == "vote":
                return False  # a vote on the text stands on its own
            failed = [k for k in text.failed_paragraphs if k not in self.determinations]
            return text.adopted_on_its_own and not failed
        return self.item(key).adopted or key in self.determinations

    @property
    def is_adopted(self) -> bool:
        return self.adopted(None)

    def counted(self, stance: Stance) -> CountedStance:
        return self.stances[(stance.member, stance.paragraph)]

    def objections(self) -> list[tuple[Member, list[CountedStance]]]:
        """Each objecting member (in name order) with the objections that count for it."""
        by_member: dict[int, list[CountedStance]] = defaultdict(list)
        for (member_id, _key), counted in self.stances.items():
            if counted.kind == StanceKind.OBJECT:
                by_member[member_id].append(counted)
        order = {k: i for i, k in enumerate(self.keys)}
        return [
            (
                self.members[m],
                sorted(items, key=lambda c: -1 if c.key is None else order.get(c.key, 0)),
            )
            for m, items in sorted(by_member.items(), key=lambda kv: self.members[kv[0]].name)
        ]

    def failed(self) -> list[str]:
        return [k for k in self.keys if not self.adopted(k)]


def _latest(events: list[StanceEvent]) -> tuple[dict, dict]:
    """Own stances (member, key) and group statements (group, key): the latest event each."""
    own: dict[tuple[int, str | None], StanceEvent] = {}
    by_group: dict[tuple[int, str | None], StanceEvent] = {}
    for event in events:  # oldest first
        key = event.paragraph.key if event.paragraph is not None else None
        if event.on_behalf_of_id:
            by_group[(event.on_behalf_of_id, key)] = event
        else:
            own[(event.member_id, key)] = event
    return own, by_group


def call_decision(call: ConsensusCall) -> CallDecision:
    """Evaluate the call's rule on its stances now (a bounded number of queries)."""
    version = call.version
    items = list(
        VersionParagraph.objects.filter(version=version)
        # Headings and narrative text (the arguments sections) take no stances.
        .filter(paragraph__kind__in=[Paragraph.Kind.PREAMBULAR, Paragraph.Kind.OPERATIVE])
        .select_related("paragraph")
        .order_by("order")
    )
    keys = [i.paragraph.key for i in items]
    numbers = {i.paragraph.key: i.display_number for i in items}
    members = {
        m.pk: m
        for m in Member.objects.filter(group=call.group, status=Member.Status.MEMBER)
        .select_related("constituency")
        .order_by("name")
    }
    events = list(
        StanceEvent.objects.filter(call=call)
        .select_related("paragraph", "on_behalf_of")
        .order_by("created_at", "id")
    )
    own, by_group = _latest(events)
    groups = {g.pk: g for g in NegotiatingGroup.objects.filter(group=call.group)}
    memberships: dict[int, list[int]] = defaultdict(list)
    for group_id, member_id in NegotiatingGroup.members.through.objects.filter(
        negotiating_group__group=call.group
    ).values_list("negotiating_group_id", "member_id"):
        if member_id in members:
            memberships[group_id].append(member_id)
    stances: dict[tuple[int, str | None], CountedStance] = {}
    for key in [None, *keys]:
        effective = effective_positions(
            own={m: e for (m, k), e in own.items() if k == key and m in members},
            group_statements=[
                GroupStatement(g, e, (e.created_at, e.pk))
                for (g, k), e in by_group.items()
                if k == key
            ],
            memberships=memberships,
        )
        for member_id, eff in effective.items():
            event = eff.value
            if event.kind == WITHDRAWN:
                continue
            stances[(member_id, key)] = CountedStance(
                member=members[member_id],
                kind=event.kind,
                key=key,
                reason=event.reason,
                via_group=groups.get(eff.via_group) if eff.via_group else None,
                event=event,
            )
    participants = [Participant(m.pk, m.constituency.slug) for m in members.values()]
    result = decide(
        rule_of(call),
        participants,
        [
            Stance(
                member=m, kind=StanceKind(c.kind), paragraph=k, via_group=c.event.on_behalf_of_id
            )
            for (m, k), c in stances.items()
        ],
        keys,
    )
    determinations = {
        (d.paragraph.key if d.paragraph is not None else None): d
        for d in Determination.objects.filter(call=call).select_related("paragraph")
    }
    explanations = list(
        Explanation.objects.filter(call=call)
        .select_related("member", "on_behalf_of")
        .prefetch_related("paragraphs")
    )
    return CallDecision(
        call=call,
        result=result,
        keys=keys,
        numbers=numbers,
        members=members,
        stances=stances,
        determinations=determinations,
        explanations=explanations,
    )


def stances_of_member(decision: CallDecision, member: Member) -> dict[str | None, CountedStance]:
    """What counts for one member: key (None = the whole text) → its counted stance."""
    return {k: c for (m, k), c in decision.stances.items() if m == member.pk}


def own_stances(
    call: ConsensusCall, member: Member, on_behalf_of: NegotiatingGroup | None = None
) -> dict[str | None, StanceEvent]:
    """The latest stance the member stated itself (or for ``on_behalf_of``), per paragraph key."""
    events = StanceEvent.objects.filter(call=call).select_related("paragraph")
    if on_behalf_of is None:
        events = events.filter(member=member, on_behalf_of__isnull=True)
    else:
        events = events.filter(on_behalf_of=on_behalf_of)
    latest: dict[str | None, StanceEvent] = {}
    for event in events.order_by("created_at", "id"):
        latest[event.paragraph.key if event.paragraph is not None else None] = event
    return {k: e for k, e in latest.items() if e.kind != WITHDRAWN}
