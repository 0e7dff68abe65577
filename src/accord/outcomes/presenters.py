"""What the decision screen shows, computed once from a ``CallDecision``: a row per item with
its stance counts as bar segments, and who objects to what (by member, constituency, group)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from accord.groups.models import Member

from .models import SilenceProcedure, StanceEvent
from .selectors.calls import CallDecision, CountedStance

# Bar order: joining the consensus first, blocking last; "none" (silent) in between.
SEGMENTS = (
    "support",
    "no_objection",
    "reservation",
    "stand_aside",
    "dissociation",
    "none",
    "object",
)


@dataclass(frozen=True)
class Segment:
    kind: str
    label: str
    count: int
    percent: float


@dataclass
class ItemRow:
    key: str | None
    number: str
    label: str
    adopted: bool
    determined: bool
    segments: list[Segment]
    objectors: list[CountedStance] = field(default_factory=list)
    reservations: list[CountedStance] = field(default_factory=list)
    dissociations: list[CountedStance] = field(default_factory=list)


def segment_label(kind: str) -> str:
    return _("No stance") if kind == "none" else str(StanceEvent.Kind(kind).label)


def _number(number: str, key: str | None) -> str:
    """The display number, unless it only repeats the key (no "PP1 PP1")."""
    return "" if not number or number.rstrip(".") == key else number


def item_rows(decision: CallDecision) -> list[ItemRow]:
    total = max(len(decision.members), 1)
    rows = []
    for key in [None, *decision.keys]:
        item = decision.item(key)
        segments = [
            Segment(k, segment_label(k), n, round(100 * n / total, 2))
            for k in SEGMENTS
            if (n := item.counts.get(k, 0))
        ]
        rows.append(
            ItemRow(
                key=key,
                number=_number(decision.numbers.get(key or "", ""), key),
                label=key or _("The whole text"),
                adopted=decision.adopted(key),
                determined=decision.determined(key) is not None,
                segments=segments,
                objectors=[decision.counted(s) for s in item.objecting if s.paragraph == key],
                reservations=[decision.counted(s) for s in item.reservations],
                dissociations=[decision.counted(s) for s in item.dissociations],
            )
        )
    return rows


def objected_keys(decision: CallDecision) -> list[str]:
    """The paragraphs someone objects to (directly or through the whole text), in order."""
    whole = any(c.key is None for _m, items in decision.objections() for c in items)
    if whole:
        return list(decision.keys)
    hit = {c.key for _m, items in decision.objections() for c in items}
    return [k for k in decision.keys if k in hit]


@dataclass
class BlockerRow:
    member: Member
    via: str  # negotiating groups the objections came through, if any
    cells: list[bool]  # one per paragraph key: objects (directly or through the whole text)
    whole_text: bool
    count: int


def blocker_matrix(decision: CallDecision) -> list[BlockerRow]:
    """Objecting members × paragraphs, most-blocking first (a member objecting to the whole
    text blocks every paragraph it said nothing separate on)."""
    rows = []
    columns = objected_keys(decision)
    for member, items in decision.objections():
        whole = any(c.key is None for c in items)
        cells = [
            bool(
                (c := decision.stances.get((member.pk, k))) is not None
                and c.kind == StanceEvent.Kind.OBJECT
            )
            or (whole and (member.pk, k) not in decision.stances)
            for k in columns
        ]
        via = sorted({c.via_group.short_name or c.via_group.name for c in items if c.via_group})
        rows.append(BlockerRow(member, ", ".join(via), cells, whole, sum(cells)))
    rows.sort(key=lambda r: (-r.count, r.member.name))
    return rows


@dataclass(frozen=True)
class ConstituencyBlock:
    name: str
    members: int
    objecting: list[str]


def blockers_by_constituency(decision: CallDecision) -> list[ConstituencyBlock]:
    objecting = {m.pk for m, _items in decision.objections()}
    by: dict[tuple[int, str], tuple[int, list[str]]] = {}
    for member in decision.members.values():
        c = member.constituency
        size, names = by.get((c.order, c.name), (0, []))
        if member.pk in objecting:
            names.append(member.name)
        by[(c.order, c.name)] = (size + 1, names)
    return [ConstituencyBlock(name, s, sorted(o)) for (_o, name), (s, o) in sorted(by.items())]


@dataclass(frozen=True)
class Deadline:
    utc: dt.datetime
    stated: dt.datetime  # in the zone the chair stated
    stated_zone: str
    mine: dt.datetime | None  # in the reader's own zone, when set and different
    my_zone: str
    remaining: dt.timedelta | None  # None once passed


def deadline_for(procedure: SilenceProcedure, reader_zone: str, now: dt.datetime) -> Deadline:
    stated = procedure.deadline.astimezone(ZoneInfo(procedure.time_zone))
    mine = None
    if reader_zone and reader_zone != procedure.time_zone:
        mine = procedure.deadline.astimezone(ZoneInfo(reader_zone))
    left = procedure.deadline - now
    return Deadline(
        utc=procedure.deadline,
        stated=stated,
        stated_zone=procedure.time_zone,
        mine=mine,
        my_zone=reader_zone,
        remaining=left if left.total_seconds() > 0 else None,
    )
