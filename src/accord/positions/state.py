"""Reads: everything the negotiation screen shows about a version, in a bounded number of
queries however many paragraphs, amendments, brackets and positions it holds, and the state of
play of the whole text computed from it (no further queries).

``version_state`` reads each kind of row once for the whole version (paragraphs, the carry-over
chain, status events, brackets and their holders, members, position events, amendments and
their supports, option groups, informal consultations) and ``state_of_play`` counts from it.
``changed_paragraphs`` says which paragraphs the writes since an audit-log position touched,
for the screen's live updates: every write goes through a service that appends an audit event
in its own transaction, so the audit log is the one feed of changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.base import ModelState

from accord.common.models import AuditEvent
from accord.drafts.models import (
    Amendment,
    AmendmentPart,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    InformalConsultation,
    OptionGroup,
    Paragraph,
    Version,
    VersionParagraph,
)
from accord.groups.models import (
    Constituency,
    Member,
    NegotiatingGroup,
    NegotiatingGroupMembership,
    Role,
)

from . import selectors
from .models import PositionEvent, StatusEvent
from .rendering import has_brackets

UNREAD: Any = object()  # VersionState.viewer_member when no viewer was given

# Statuses in the order the state of play lists them (settled first, as a chair reads it).
STATUS_ORDER = [
    StatusEvent.Status.AGREED,
    StatusEvent.Status.AGREED_AD_REF,
    StatusEvent.Status.BRACKETED,
    StatusEvent.Status.OPEN,
    StatusEvent.Status.DROPPED,
]


def takes_positions(item: VersionParagraph) -> bool:
    """Headings structure the text; they take no positions and no status."""
    return item.paragraph.kind != Paragraph.Kind.HEADING


def label_of(item: VersionParagraph) -> str:
    """The one number a reader sees (``VersionParagraph.label``)."""
    return item.label


def ref_of(item: VersionParagraph) -> Ref:
    """The paragraph as a list names it ("7", "PP3")."""
    return Ref(item.paragraph.key, item.ref)


@dataclass(frozen=True)
class Consultation:
    """An open informal consultation: its facilitator and the paragraphs in their remit."""

    pk: int
    title: str
    facilitator: Any
    paragraph_ids: frozenset[int]


@dataclass
class VersionState:
    version: Version
    items: list[VersionParagraph]  # in order, with their paragraph
    statuses: dict[int, selectors.ParagraphStatus]
    # Open Bracket rows by paragraph id, by start; ``holders`` prefetched (active holders only).
    brackets: dict[int, list[Bracket]]
    typed: set[int]  # paragraphs whose text holds brackets that no Bracket row registers
    members: list[Member]  # every member of the group (observers too), with its constituency
    frame: selectors.TallyFrame
    positions: selectors.PositionState | None  # None: the viewer may not read positions
    amendments: dict[int, list[Amendment]]  # with proposer, on_behalf_of, supports (by name)
    option_groups: dict[int, list[OptionGroup]]  # each with ``paragraph_keys`` set
    consultations: list[Consultation]
    stamp: int  # the group's latest audit event: what the page reflects
    blocs: Blocs
    viewer_member: Any = None  # the member the viewer acts for (UNREAD: not asked)
    _blockers: dict[int, selectors.Blockers] = field(default_factory=dict)

    def positions_of(self, pid: int) -> dict[int, selectors.CurrentPosition]:
        return self.positions.positions.get(pid, {}) if self.positions is not None else {}

    def blockers(self, pid: int) -> selectors.Blockers:
        """Standing objections (those the viewer may read) and held brackets of a paragraph."""
        if pid not in self._blockers:
            self._blockers[pid] = selectors.blockers_of(
                self.positions_of(pid), self.brackets.get(pid, [])
            )
        return self._blockers[pid]

    def contested(self, pid: int) -> bool:
        """Objections standing or brackets held (brackets typed in the text count as held:
        the text says they are not agreed, though it does not say by whom)."""
        return bool(self.blockers(pid)) or pid in self.typed

    def read_supports(self, paragraph_ids: Iterable[int]) -> None:
        """Read the supports of the amendments of these paragraphs (one query, by member
        name, each with its member), and give them their parts: what the full amendment
        list shows."""
        rows = [a for pid in paragraph_ids for a in self.amendments.get(pid, [])]
        _give_parts(rows)
        rows = [a for a in rows if "supports" not in getattr(a, "_prefetched_objects_cache", {})]
        if rows:
            members = {m.pk: m for m in self.members}
            supports = AmendmentSupport.objects.order_by("member__name", "id")
            prefetch_related_objects(rows, Prefetch("supports", queryset=supports))
            for amendment in rows:
                for support in amendment.supports.all():
                    support.member = members[support.member_id]

    def facilitated_by(self, user_id: int) -> set[int]:
        return {
            pid
            for c in self.consultations
            if c.facilitator.pk == user_id
            for pid in c.paragraph_ids
        }


def _brackets(version: Version) -> tuple[dict[int, list[Bracket]], list[tuple[int, Any]]]:
    active = BracketHolder.objects.filter(lifted_at__isnull=True).select_related("member")
    rows = list(
        Bracket.objects.filter(version=version)
        .select_related("linked_paragraph")
        .prefetch_related(Prefetch("holders", queryset=active))
        .order_by("start", "id")
    )
    by_paragraph: dict[int, list[Bracket]] = defaultdict(list)
    for bracket in rows:
        if bracket.lifted_at is None:
            by_paragraph[bracket.paragraph_id].append(bracket)
    return dict(by_paragraph), [(b.paragraph_id, b.lifted_at) for b in rows]


def _amendments(
    version: Version, items: list[VersionParagraph], members: list[Member]
) -> dict[int, list[Amendment]]:
    """The version's amendments by paragraph, with their proposer (one of ``members``, read
    already) and ``part_rows``, their parts in order (an amendment proposed by editing
    changes several places); their supports are read by ``VersionState.read_supports`` for
    the paragraphs shown in full. Two queries."""
    paragraphs = {item.paragraph_id: item.paragraph for item in items}
    by_pk = {m.pk: m for m in members}
    rows = list(
        _amendments_read_light(
            Amendment.objects.filter(version=version).order_by("created_at", "id")
        )
    )
    # The parts in one query, kept as plain lists: a prefetch would build a queryset for
    # each of thousands of amendments (``VersionState.read_supports`` gives those shown in
    # full their ``parts`` from these, for the drafts app's partial).
    parts: dict[int, list[AmendmentPart]] = defaultdict(list)
    for part in AmendmentPart.objects.filter(amendment__version=version).order_by(
        "amendment_id", "position"
    ):
        parts[part.amendment_id].append(part)
    missing = {a.proposer_id for a in rows if a.proposer_id and a.proposer_id not in by_pk}
    if missing:  # a proposer no longer of the group's members (never, but no query per row)
        by_pk.update(Member.objects.in_bulk(missing))
    out: dict[int, list[Amendment]] = defaultdict(list)
    for amendment in rows:
        # What templates may follow without a query: its version, paragraph and proposer
        # (cached as the ORM caches a related row it has read; their ids are the rows').
        cached = amendment._state.fields_cache
        cached["version"] = version
        if amendment.paragraph_id in paragraphs:
            cached["paragraph"] = paragraphs[amendment.paragraph_id]
        cached["proposer"] = by_pk[amendment.proposer_id] if amendment.proposer_id else None
        amendment.part_rows = parts.get(amendment.pk, ())  # type: ignore[attr-defined]
        for part in amendment.part_rows:  # type: ignore[attr-defined]
            part.amendment = amendment
        out[amendment.paragraph_id].append(amendment)
    return dict(out)


_AMENDMENT_FIELDS = tuple(f.attname for f in Amendment._meta.concrete_fields)
# What a proposal shows of the group it was made for; the group's other fields load if read.
_GROUP_FIELDS = ("id", "group_id", "name", "short_name", "slug")


def _amendments_read_light(rows: Any) -> Iterator[Amendment]:
    """The amendments as rows made into ``Amendment`` instances without the per-field work of
    ``Model.__init__`` (a long text has thousands), as ``selectors.position_state`` reads
    position events: every concrete field set, the negotiating group it was proposed for
    joined and cached, so they behave as those the ORM returns (no model signals sent)."""
    db = rows.db
    joined = tuple(f"on_behalf_of__{name}" for name in _GROUP_FIELDS)
    groups: dict[int, NegotiatingGroup] = {}
    n = len(_AMENDMENT_FIELDS)
    for row in rows.values_list(*_AMENDMENT_FIELDS, *joined):
        amendment = Amendment.__new__(Amendment)
        amendment.__dict__.update(zip(_AMENDMENT_FIELDS, row[:n], strict=True))
        amendment._state = ModelState()
        amendment._state.db, amendment._state.adding = db, False
        group = None
        if amendment.on_behalf_of_id is not None:
            group = groups.get(amendment.on_behalf_of_id)
            if group is None:
                group = NegotiatingGroup.from_db(db, list(_GROUP_FIELDS), list(row[n:]))
                groups[amendment.on_behalf_of_id] = group
        amendment._state.fields_cache["on_behalf_of"] = group
        yield amendment


def _give_parts(rows: Iterable[Amendment]) -> None:
    """``amendment.parts.all()`` without a query, from the ``part_rows`` read with the
    amendments (as Django's own prefetch stores them)."""
    for amendment in rows:
        cache = amendment.__dict__.setdefault("_prefetched_objects_cache", {})
        if "parts" in cache:
            continue
        rows_qs = amendment.parts.get_queryset()
        rows_qs._result_cache = list(amendment.part_rows)  # type: ignore[attr-defined]
        rows_qs._prefetch_done = True  # type: ignore[attr-defined]
        cache["parts"] = rows_qs


def _option_groups(version: Version, refs: dict[int, Ref]) -> dict[int, list[OptionGroup]]:
    """Option groups by paragraph id, each with ``paragraph_refs``: (paragraph as the text
    numbers it, chosen) in text order."""
    through = OptionGroup.paragraphs.through
    groups: dict[int, OptionGroup] = {}
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row in (
        through.objects.filter(optiongroup__version=version)
        .select_related("optiongroup", "paragraph")
        .order_by("optiongroup_id", "paragraph__key")
    ):
        groups.setdefault(row.optiongroup_id, row.optiongroup)
        members[row.optiongroup_id].append((row.paragraph_id, row.paragraph.key))
    out: dict[int, list[OptionGroup]] = defaultdict(list)
    order = {pid: n for n, pid in enumerate(refs)}
    for gid, group in groups.items():
        in_text = sorted(members[gid], key=lambda pk: order.get(pk[0], len(order)))
        group.paragraph_refs = [  # type: ignore[attr-defined]
            (refs.get(pid, Ref(key, key)), pid == group.chosen_id) for pid, key in in_text
        ]
        for pid, _key in members[gid]:
            out[pid].append(group)
    return dict(out)


def _consultations(version: Version) -> list[Consultation]:
    through = InformalConsultation.paragraphs.through
    found: dict[int, tuple[InformalConsultation, set[int]]] = {}
    for row in (
        through.objects.filter(
            informalconsultation__report_id=version.report_id, informalconsultation__is_open=True
        )
        .select_related("informalconsultation__facilitator")
        .order_by("informalconsultation_id")
    ):
        entry = found.setdefault(row.informalconsultation_id, (row.informalconsultation, set()))
        entry[1].add(row.paragraph_id)
    return [
        Consultation(c.pk, c.title, c.facilitator, frozenset(pids)) for c, pids in found.values()
    ]


class Blocs:
    """The working group's negotiating groups and their full members, read once (one query)
    and only when something needs them: a group's statement, or a delegate who may speak for
    a group."""

    def __init__(self, group_id: int, members: dict[int, Member]) -> None:
        self.group_id = group_id
        self.members = members
        self._full: dict[int, list[Member]] | None = None
        self._of: dict[int, list[NegotiatingGroup]] = {}

    def _load(self) -> dict[int, list[Member]]:
        if self._full is None:
            full: dict[int, list[Member]] = defaultdict(list)
            of: dict[int, list[NegotiatingGroup]] = defaultdict(list)
            for row in (
                NegotiatingGroupMembership.objects.filter(negotiating_group__group_id=self.group_id)
                .select_related("negotiating_group")
                .order_by("negotiating_group__name", "id")
            ):
                member = self.members.get(row.member_id)
                if member is None or member.status != Member.Status.MEMBER:
                    continue  # observers never count, nor speak for a group
                full[row.negotiating_group_id].append(member)
                of[row.member_id].append(row.negotiating_group)
            for group_members in full.values():
                group_members.sort(key=lambda m: m.name)
            self._full, self._of = dict(full), dict(of)
        return self._full

    def full_members(self) -> dict[int, list[Member]]:
        """Group id → its full members, by name (``positions.blocs`` memberships)."""
        return self._load()

    def groups_of(self, member: Member) -> list[NegotiatingGroup]:
        """The groups ``member`` may speak for, by name."""
        self._load()
        return list(self._of.get(member.pk, []))


def audit_stamp(group_id: int) -> int:
    """The id of the group's latest audit event (0 before any)."""
    latest = AuditEvent.objects.filter(group_id=group_id).aggregate(m=Max("id"))["m"]
    return int(latest or 0)


def version_state(
    version: Version, *, with_positions: bool, stamp: int | None = None, viewer: Any = None
) -> VersionState:
    """The version's whole negotiation state; ``with_positions``: read members' positions too
    (members-only material). At most 15 queries, whatever the size of the text.

    ``stamp``: the audit position the caller has just read (else it is read here).
    ``viewer``: also say which member the viewer acts for (``viewer_member``), read with the
    members (as ``groups.selectors.member_for_user``: the member of their first role).
    """
    # First: a write committed while the rest is read is then sent again by the next live
    # update, never missed.
    if stamp is None:
        stamp = audit_stamp(version.report.group_id)
    items = selectors.items_of(version)
    chains = selectors.version_chains(version, items=items)
    brackets, bracket_rows = _brackets(version)
    statuses = selectors.current_statuses(
        version, items=items, chains=chains, bracket_rows=bracket_rows
    )
    registered = {pid for pid, _lifted in bracket_rows}
    typed = {
        item.paragraph_id
        for item in items
        if item.paragraph_id not in registered and has_brackets(item.text)
    }
    rows = (
        Member.objects.filter(group_id=version.report.group_id)
        .select_related("constituency")
        .order_by("name")
    )
    known_viewer = viewer is not None and getattr(viewer, "is_authenticated", False)
    if known_viewer:
        roles = Role.objects.filter(
            group_id=version.report.group_id, user_id=viewer.pk, member=OuterRef("pk")
        ).order_by("id")
        rows = rows.annotate(viewer_role=Subquery(roles.values("id")[:1]))
    members = list(rows)
    mine = sorted(
        (m for m in members if getattr(m, "viewer_role", None) is not None),
        key=lambda m: m.viewer_role,  # type: ignore[attr-defined]
    )
    blocs = Blocs(version.report.group_id, {m.pk: m for m in members})
    return VersionState(
        version=version,
        items=items,
        statuses=statuses,
        brackets=brackets,
        typed=typed,
        members=members,
        frame=selectors.tally_frame(version.report.group, members),
        positions=selectors.position_state(
            version, chains=chains, members=members, blocs=blocs.full_members
        )
        if with_positions
        else None,
        amendments=_amendments(version, items, members),
        option_groups=_option_groups(version, {i.paragraph_id: ref_of(i) for i in items}),
        consultations=_consultations(version),
        stamp=stamp,
        blocs=blocs,
        viewer_member=(mine[0] if mine else None) if known_viewer else UNREAD,
    )


# ---- the state of play ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A paragraph as the state of play names it: its number (label) and stable id (key)."""

    key: str
    label: str


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    refs: tuple[Ref, ...]
    share: float  # percent of the paragraphs that take positions
    offset: float  # where its bar starts, percent

    @property
    def count(self) -> int:
        return len(self.refs)


@dataclass(frozen=True)
class HolderRow:
    member: Member
    brackets: int
    refs: tuple[Ref, ...]


@dataclass(frozen=True)
class ObjectorRow:
    member: Member
    refs: tuple[Ref, ...]
    via: tuple[str, ...]  # the negotiating groups through which some objections count


@dataclass(frozen=True)
class ConstituencyObjections:
    constituency: Constituency
    members: int  # full members of the constituency
    objections: int
    objectors: tuple[ObjectorRow, ...]

    @property
    def share(self) -> float:
        """Objecting members, percent of the constituency (for the bar)."""
        return 100.0 * len(self.objectors) / self.members if self.members else 0.0


@dataclass(frozen=True)
class StateOfPlay:
    total: int  # paragraphs that take positions (headings do not)
    by_status: tuple[StatusCount, ...]
    open_brackets: int  # Bracket rows not lifted
    typed: tuple[Ref, ...]  # paragraphs with brackets typed in the text, holders unknown
    holders: tuple[HolderRow, ...]
    # None when the viewer may not read positions.
    objections: tuple[ConstituencyObjections, ...] | None
    contested: tuple[Ref, ...]

    @property
    def objection_count(self) -> int:
        return sum(c.objections for c in self.objections or ())


def state_of_play(state: VersionState) -> StateOfPlay:
    """The whole text's status, open brackets and holders, standing objections by member and
    constituency (no queries)."""
    items = [item for item in state.items if takes_positions(item)]
    refs = {item.paragraph_id: ref_of(item) for item in items}
    total = len(items)
    by_status: dict[str, list[Ref]] = {s: [] for s in STATUS_ORDER}
    for item in items:
        by_status[state.statuses[item.paragraph_id].status].append(refs[item.paragraph_id])
    counts = []
    offset = 0.0
    for status in STATUS_ORDER:
        share = 100.0 * len(by_status[status]) / total if total else 0.0
        counts.append(
            StatusCount(
                status,
                str(selectors.STATUS_LABELS[StatusEvent.Status(status)]),
                tuple(by_status[status]),
                share,
                offset,
            )
        )
        offset += share
    held: dict[int, tuple[Member, list[int], list[int]]] = {}
    open_brackets = 0
    for item in items:
        for bracket in state.brackets.get(item.paragraph_id, []):
            open_brackets += 1
            for holder in bracket.holders.all():
                if holder.lifted_at is not None:
                    continue
                entry = held.setdefault(holder.member_id, (holder.member, [], []))
                entry[1].append(bracket.pk)
                if item.paragraph_id not in entry[2]:
                    entry[2].append(item.paragraph_id)
    holders = sorted(
        (HolderRow(m, len(b), tuple(refs[p] for p in ps)) for m, b, ps in held.values()),
        key=lambda r: (-r.brackets, r.member.name),
    )
    return StateOfPlay(
        total=total,
        by_status=tuple(counts),
        open_brackets=open_brackets,
        typed=tuple(refs[i.paragraph_id] for i in items if i.paragraph_id in state.typed),
        holders=tuple(holders),
        objections=_objections(state, items, refs) if state.positions is not None else None,
        contested=tuple(refs[i.paragraph_id] for i in items if state.contested(i.paragraph_id)),
    )


def _objections(
    state: VersionState, items: list[VersionParagraph], refs: dict[int, Ref]
) -> tuple[ConstituencyObjections, ...]:
    by_member: dict[int, tuple[Member, list[int], list[str]]] = {}
    for item in items:
        for position in state.positions_of(item.paragraph_id).values():
            if position.kind != PositionEvent.Kind.OBJECT:
                continue
            entry = by_member.setdefault(position.member.pk, (position.member, [], []))
            entry[1].append(item.paragraph_id)
            if position.via_group is not None and str(position.via_group) not in entry[2]:
                entry[2].append(str(position.via_group))
    by_constituency: dict[int, list[ObjectorRow]] = defaultdict(list)
    for member, pids, via in by_member.values():
        row = ObjectorRow(member, tuple(refs[p] for p in pids), tuple(via))
        by_constituency[member.constituency_id].append(row)
    out = []
    for constituency in state.frame.constituencies:
        rows = sorted(by_constituency.get(constituency.pk, []), key=lambda r: r.member.name)
        out.append(
            ConstituencyObjections(
                constituency,
                state.frame.sizes.get(constituency.pk, 0),
                sum(len(r.refs) for r in rows),
                tuple(rows),
            )
        )
    return tuple(c for c in out if c.members or c.objections)


# ---- what changed since ---------------------------------------------------------------------

# The audit targets that belong to a paragraph of a version, and how to find the paragraph.
_TARGETS: dict[str, Any] = {
    "positions.positionevent": PositionEvent,
    "positions.statusevent": StatusEvent,
    "drafts.amendment": Amendment,
    "drafts.bracket": Bracket,
}
CHANGES_MAX = 500  # more changes than this since the page was drawn: treat it all as changed


@dataclass(frozen=True)
class Changes:
    stamp: int  # the latest audit event seen
    paragraph_ids: frozenset[int] | None  # None: too many to say, take every paragraph


def changed_paragraphs(group_id: int, since: int, *, ignore_actor: Any = None) -> Changes | None:
    """Which paragraphs the group's writes after audit event ``since`` touched (``None``:
    nothing was written). Writes by ``ignore_actor`` (the viewer, whose screen already shows
    them) are counted in the stamp but touch no paragraph. One query, plus one per kind of
    target written."""
    events = list(
        AuditEvent.objects.filter(group_id=group_id, id__gt=since)
        .order_by("id")
        .values_list("id", "actor_id", "object_type", "object_id")[: CHANGES_MAX + 1]
    )
    if not events:
        return None
    stamp = events[-1][0]
    if len(events) > CHANGES_MAX:
        return Changes(audit_stamp(group_id), None)
    ignored = getattr(ignore_actor, "pk", None) if ignore_actor is not None else None
    wanted: dict[str, set[int]] = defaultdict(set)
    for _id, actor_id, object_type, object_id in events:
        if ignored is not None and actor_id == ignored:
            continue
        if object_type in _TARGETS or object_type == "drafts.optiongroup":
            try:
                wanted[object_type].add(int(object_id))
            except ValueError:
                continue
    pids: set[int] = set()
    for object_type, ids in wanted.items():
        if object_type == "drafts.optiongroup":
            pids.update(
                OptionGroup.paragraphs.through.objects.filter(optiongroup_id__in=ids).values_list(
                    "paragraph_id", flat=True
                )
            )
        else:
            model = _TARGETS[object_type]
            pids.update(model.objects.filter(pk__in=ids).values_list("paragraph_id", flat=True))
    return Changes(stamp, frozenset(pids))
