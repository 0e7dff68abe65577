"""Decision rules: did a consensus call (or vote) adopt the text, and each paragraph, and why.

Members record a final stance on the whole text and, where they differ, on named paragraphs.
The stance that counts for a member on a paragraph is its stance on that paragraph, else its
stance on the whole text, else none (a member that says nothing does not block).

The vocabulary maps the conventions delegations use:

=============  ==========================================  ========  ============
stance         meaning                                     blocks    in a vote
=============  ==========================================  ========  ============
support        joins the consensus                         no        in favour
no_objection   can live with it                            no        in favour
stand_aside    does not join, does not block               no        abstains
reservation    joins, with a reservation placed on record  no        in favour
dissociation   dissociates itself from the paragraph       no        abstains
object         a blocking objection (needs a reason)       yes       against
=============  ==========================================  ========  ============

Rules (``Rule.kind``):

- ``consensus`` (and ``consensus_recorded``, which differs only in how the outcome is
  written up): a paragraph is adopted when no member objects to it; the text when no member
  objects to it or to any paragraph — nothing is agreed until everything is agreed.
- ``rough_consensus``: a paragraph is adopted when, in every constituency, the members
  objecting to it are at most the constituency's stated share of its members
  (``Rule.max_objection_share``, default ``Rule.default_objection_share``); the text when the
  same holds for the whole text and every paragraph is adopted.
- ``vote``: the members present and voting (in favour or against; abstentions do not count)
  decide; a paragraph or the text passes when those in favour reach the stated majority
  (``Rule.majority`` of those voting; more than that share when ``Rule.strict``, at least it
  otherwise). The text's vote uses the whole-text stances.

Pure and deterministic: members, paragraphs and reasons come out in a stable order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction


class StanceKind(StrEnum):
    SUPPORT = "support"
    NO_OBJECTION = "no_objection"
    STAND_ASIDE = "stand_aside"
    RESERVATION = "reservation"
    DISSOCIATION = "dissociation"
    OBJECT = "object"


IN_FAVOUR = frozenset({StanceKind.SUPPORT, StanceKind.NO_OBJECTION, StanceKind.RESERVATION})
ABSTAINING = frozenset({StanceKind.STAND_ASIDE, StanceKind.DISSOCIATION})
RULE_KINDS = ("consensus", "consensus_recorded", "rough_consensus", "vote")


class DecisionError(ValueError):
    """The rule or the stances cannot be evaluated as given."""


@dataclass(frozen=True)
class Rule:
    kind: str = "consensus"
    # rough consensus: constituency key → largest share of its members that may object
    max_objection_share: Mapping[str, Fraction] = field(default_factory=dict)
    default_objection_share: Fraction = Fraction(0)
    # vote: the share of those present and voting that must be in favour
    majority: Fraction = Fraction(1, 2)
    strict: bool = True  # True: more than ``majority``; False: at least ``majority``

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise DecisionError(f"Unknown decision rule {self.kind!r}.")
        shares = [self.default_objection_share, *self.max_objection_share.values()]
        if any(not 0 <= s <= 1 for s in shares):
            raise DecisionError("An objection threshold must be a share between 0 and 1.")
        if not 0 < self.majority <= 1:
            raise DecisionError("A majority must be a share above 0 and at most 1.")


@dataclass(frozen=True)
class Participant:
    """A member taking part in the decision, with its constituency's key."""

    member: int
    constituency: str


@dataclass(frozen=True)
class Stance:
    """A member's final stance; ``paragraph`` is a paragraph key, or None for the whole text."""

    member: int
    kind: StanceKind
    paragraph: str | None = None
    via_group: int | None = None  # set when the stance came through a negotiating group


@dataclass(frozen=True)
class ConstituencyCount:
    constituency: str
    members: int
    objecting: int
    threshold: Fraction  # rough consensus: the share that may object

    @property
    def within(self) -> bool:
        return self.members == 0 or Fraction(self.objecting, self.members) <= self.threshold


@dataclass(frozen=True)
class ItemResult:
    """The decision on one paragraph (``key``) or on the whole text (``key`` is None)."""

    key: str | None
    adopted: bool
    objecting: tuple[Stance, ...]  # blocking objections that count on this item
    reservations: tuple[Stance, ...]
    dissociations: tuple[Stance, ...]
    standing_aside: tuple[Stance, ...]
    counts: Mapping[str, int]  # stance kind → members, plus "none" for members with no stance
    in_favour: int = 0  # vote: members present and voting in favour
    against: int = 0
    constituencies: tuple[ConstituencyCount, ...] = ()  # rough consensus only
    # The whole text only: paragraphs that were not adopted (nothing is agreed until all is),
    # and whether the text passed on its own stances, before that rule.
    failed_paragraphs: tuple[str, ...] = ()
    adopted_on_its_own: bool = True


@dataclass(frozen=True)
class DecisionResult:
    rule: Rule
    text: ItemResult
    paragraphs: tuple[ItemResult, ...]

    @property
    def adopted(self) -> bool:
        return self.text.adopted

    def paragraph(self, key: str) -> ItemResult:
        for item in self.paragraphs:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def objectors(self) -> dict[int, tuple[str | None, ...]]:
        """Member → what it objects to (None: the whole text), over every item."""
        found: dict[int, set[str | None]] = {}
        for item in (self.text, *self.paragraphs):
            for stance in item.objecting:
                found.setdefault(stance.member, set()).add(stance.paragraph)
        return {
            m: tuple(sorted(keys, key=lambda k: (k is not None, k or "")))
            for m, keys in sorted(found.items())
        }


def effective_stances(
    participants: Sequence[Participant], stances: Iterable[Stance], paragraph: str | None
) -> dict[int, Stance]:
    """Member → the stance that counts for it on ``paragraph`` (None: the whole text)."""
    by_member: dict[int, dict[str | None, Stance]] = {}
    for stance in stances:
        by_member.setdefault(stance.member, {})[stance.paragraph] = stance
    out: dict[int, Stance] = {}
    for p in participants:
        own = by_member.get(p.member, {})
        chosen = own.get(paragraph) if paragraph is not None else None
        if chosen is None:
            chosen = own.get(None)
        if chosen is not None:
            out[p.member] = chosen
    return out


def _item(
    rule: Rule, participants: Sequence[Participant], stances: list[Stance], key: str | None
) -> ItemResult:
    counted = effective_stances(participants, stances, key)
    ordered = [counted[p.member] for p in participants if p.member in counted]

    def of(kinds: Iterable[StanceKind]) -> tuple[Stance, ...]:
        wanted = frozenset(kinds)
        return tuple(s for s in ordered if s.kind in wanted)

    objecting = of({StanceKind.OBJECT})
    counts = Counter(s.kind.value for s in ordered)
    counts["none"] = len(participants) - len(ordered)
    in_favour = len(of(IN_FAVOUR))
    against = len(objecting)
    constituencies: tuple[ConstituencyCount, ...] = ()
    if rule.kind == "vote":
        voting = in_favour + against
        share = Fraction(in_favour, voting) if voting else Fraction(0)
        adopted = voting > 0 and (share > rule.majority if rule.strict else share >= rule.majority)
    elif rule.kind == "rough_consensus":
        objecting_ids = {s.member for s in objecting}
        size: Counter[str] = Counter(p.constituency for p in participants)
        against_by: Counter[str] = Counter(
            p.constituency for p in participants if p.member in objecting_ids
        )
        constituencies = tuple(
            ConstituencyCount(
                constituency=c,
                members=size[c],
                objecting=against_by[c],
                threshold=rule.max_objection_share.get(c, rule.default_objection_share),
            )
            for c in sorted(size)
        )
        adopted = all(c.within for c in constituencies)
    else:
        adopted = not objecting
    return ItemResult(
        key=key,
        adopted=adopted,
        objecting=objecting,
        reservations=of({StanceKind.RESERVATION}),
        dissociations=of({StanceKind.DISSOCIATION}),
        standing_aside=of({StanceKind.STAND_ASIDE}),
        counts=dict(sorted(counts.items())),
        in_favour=in_favour,
        against=against,
        constituencies=constituencies,
    )


def decide(
    rule: Rule,
    participants: Sequence[Participant],
    stances: Iterable[Stance],
    paragraphs: Sequence[str],
) -> DecisionResult:
    """Evaluate ``rule`` on the text and on each paragraph (in ``paragraphs`` order).

    ``stances`` hold at most one stance per (member, paragraph); the caller has already
    applied "latest stance wins" and the negotiating-group rule. Stances of members not in
    ``participants`` (observers) or on paragraphs not in ``paragraphs`` are refused.
    """
    stances = list(stances)
    members = {p.member for p in participants}
    if len(members) != len(participants):
        raise DecisionError("A member takes part twice.")
    known = set(paragraphs)
    seen: set[tuple[int, str | None]] = set()
    for s in stances:
        if s.member not in members:
            raise DecisionError(f"Member {s.member} does not take part in this decision.")
        if s.paragraph is not None and s.paragraph not in known:
            raise DecisionError(f"There is no paragraph {s.paragraph} in this text.")
        if (s.member, s.paragraph) in seen:
            raise DecisionError(
                f"Member {s.member} has two stances on {s.paragraph or 'the text'}."
            )
        seen.add((s.member, s.paragraph))
    items = tuple(_item(rule, participants, stances, key) for key in paragraphs)
    text = _item(rule, participants, stances, None)
    failed = tuple(i.key for i in items if not i.adopted and i.key is not None)
    if rule.kind != "vote":
        # Nothing is agreed until everything is agreed: an objection to any paragraph is an
        # objection to adopting the text.
        extra = tuple(s for i in items for s in i.objecting if s not in text.objecting)
        text = replace(
            text,
            adopted=text.adopted and not failed,
            objecting=text.objecting + extra,
            failed_paragraphs=failed,
            adopted_on_its_own=text.adopted,
        )
    else:
        text = replace(text, failed_paragraphs=failed, adopted_on_its_own=text.adopted)
    return DecisionResult(rule=rule, text=text, paragraphs=items)
