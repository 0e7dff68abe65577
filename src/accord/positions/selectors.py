"""Reads: which version a viewer may see, current positions and statuses, tallies, history.

Carry-over rule (decided here): a position or a status recorded on an earlier issued version of
the same report still holds on a later version only while the paragraph's text is *unchanged*.
Walking back from the version being read, through the report's issued versions in number order,
each version whose text of the paragraph is identical (character for character) joins the
"chain"; the first version where the text differs (or the paragraph is absent) ends it. Among the
events recorded on versions of the chain, the latest wins. A changed paragraph therefore starts
afresh: nobody's support for old wording is counted for new wording, and an agreed paragraph that
was reworded is open again. A text that is changed and later changed back does not revive old
positions (the chain is broken).

Derived status: a paragraph with no status event in its chain reads as ``bracketed`` when it has
open brackets (a ``drafts.Bracket`` with ``lifted_at`` null, or brackets in the text that no
``Bracket`` row registered), otherwise ``open``.

Nothing is agreed until everything is agreed: ``agreed`` (and ``agreed ad referendum``) are
provisional until the whole text is adopted, so they carry ``is_provisional=True``.

Negotiating groups: a position recorded ``on_behalf_of`` a group is the group's statement; it
counts for each full member of the group that has not stated its own (``positions.blocs``, the
one rule), and every current position says where it came from (``via_group``). The speaker's own
position is not changed by speaking for its group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.base import ModelState
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accord.common.errors import NotFound
from accord.drafts.models import Bracket, BracketHolder, Paragraph, Version, VersionParagraph
from accord.groups.models import Constituency, Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import can
from accord.groups.selectors import negotiating_group_full_members

from .blocs import GroupStatement, effective_positions
from .models import PositionEvent, StatusEvent
from .rendering import has_brackets

KINDS = [k for k, _ in PositionEvent.Kind.choices]
# The kinds as readers see them, in their language (the model's choices stay as stored).
KIND_LABELS = {
    PositionEvent.Kind.SUPPORT: gettext_lazy("Support"),
    PositionEvent.Kind.CAN_LIVE_WITH: gettext_lazy("Can live with"),
    PositionEvent.Kind.OBJECT: gettext_lazy("Object"),
    PositionEvent.Kind.RESERVE: gettext_lazy("Reserve (awaiting instructions)"),
}
STATUS_LABELS = {
    StatusEvent.Status.OPEN: gettext_lazy("Open"),
    StatusEvent.Status.BRACKETED: gettext_lazy("Bracketed"),
    StatusEvent.Status.AGREED_AD_REF: gettext_lazy("Agreed ad referendum (provisional)"),
    StatusEvent.Status.AGREED: gettext_lazy("Agreed (provisional)"),
    StatusEvent.Status.DROPPED: gettext_lazy("Dropped"),
}
PROVISIONAL = {StatusEvent.Status.AGREED, StatusEvent.Status.AGREED_AD_REF}
# The opinion map's coding (accord.core.opinions: agree 1, disagree -1, pass 0). Pol.is's own
# internal math codes agree as -1; accord keeps the export coding.
VOTE_VALUES = {
    PositionEvent.Kind.SUPPORT: 1,
    PositionEvent.Kind.CAN_LIVE_WITH: 1,
    PositionEvent.Kind.OBJECT: -1,
    PositionEvent.Kind.RESERVE: 0,
}


# ---- visibility -------------------------------------------------------------------------------


def positions_visible(viewer: Any, group: WorkingGroup) -> bool:
    """Delegations' positions are members-only material: anyone with a role reads them."""
    return can(viewer, "group.view_restricted", group)


def item_get(*, version: Version, key: str) -> VersionParagraph:
    item = (
        VersionParagraph.objects.select_related("paragraph")
        .filter(version=version, paragraph__key=key)
        .first()
    )
    if item is None:
        raise NotFound(_("No such paragraph in this version."))
    return item


def items_of(version: Version) -> list[VersionParagraph]:
    return list(
        VersionParagraph.objects.filter(version=version)
        .select_related("paragraph")
        .order_by("order")
    )


# ---- the carry-over chain ---------------------------------------------------------------------


def version_chains(
    version: Version,
    paragraph_ids: Iterable[int] | None = None,
    *,
    items: Iterable[VersionParagraph] | None = None,
) -> dict[int, list[int]]:
    """Paragraph id → ids of the versions whose events count for ``version`` (itself first).

    ``items``: the version's paragraphs when the caller has them already (one query less).
    """
    if items is not None:
        texts_here = {item.paragraph_id: item.text for item in items}
    else:
        texts_here = dict(
            VersionParagraph.objects.filter(version=version).values_list("paragraph_id", "text")
        )
    if paragraph_ids is not None:
        wanted = set(paragraph_ids)
        texts_here = {pid: t for pid, t in texts_here.items() if pid in wanted}
    # One query: each earlier issued version, newest first, with its paragraphs' texts (a
    # version without paragraphs comes once, with none, and ends every chain).
    earlier: list[int] = []
    texts: dict[tuple[int, int], str] = {}
    if version.number > 1 and texts_here:
        rows = (
            Version.objects.filter(
                report_id=version.report_id,
                status=Version.Status.ISSUED,
                number__lt=version.number,
            )
            .order_by("-number")
            .values_list("id", "items__paragraph_id", "items__text")
        )
        for vid, pid, text in rows:
            if not earlier or earlier[-1] != vid:
                earlier.append(vid)
            if pid is not None:
                texts[(vid, pid)] = text
    chains: dict[int, list[int]] = {}
    for pid, text in texts_here.items():
        chain = [version.pk]
        for vid in earlier:
            if texts.get((vid, pid)) != text:
                break
            chain.append(vid)
        chains[pid] = chain
    return chains


# ---- positions ----------------------------------------------------------------------------------


def via_label(negotiating_group: NegotiatingGroup) -> str:
    """ "via G77 and China": a position that counts for a member because its group stated it."""
    return _("via %(group)s") % {"group": negotiating_group}


def on_behalf_label(speaker: Member, negotiating_group: NegotiatingGroup) -> str:
    """ "South Africa on behalf of the G77 and China"."""
    return _("%(speaker)s on behalf of the %(group)s") % {
        "speaker": speaker.name,
        "group": negotiating_group,
    }


@dataclass(frozen=True)
class CurrentPosition:
    member: Member  # the member it counts for
    kind: str
    reason: str
    event: PositionEvent  # for a group's position: the statement (its speaker is event.member)
    carried_over: bool  # recorded on an earlier version whose text of the paragraph was the same
    via_group: NegotiatingGroup | None = None  # counts for ``member`` through this group

    @property
    def label(self) -> str:
        return str(KIND_LABELS[PositionEvent.Kind(self.kind)])

    @property
    def via_label(self) -> str:
        return via_label(self.via_group) if self.via_group is not None else ""

    @property
    def name(self) -> str:
        """ "Egypt (via G77 and China)", or the member's name for its own position."""
        if self.via_group is None:
            return self.member.name
        return f"{self.member.name} ({self.via_label})"


@dataclass(frozen=True)
class BlocStatement:
    """A position stated on behalf of a negotiating group (its latest on the paragraph)."""

    negotiating_group: NegotiatingGroup
    speaker: Member
    kind: str
    reason: str
    event: PositionEvent
    carried_over: bool
    counts_for: tuple[Member, ...] = ()  # the group's members for whom it is the position

    @property
    def label(self) -> str:
        return str(KIND_LABELS[PositionEvent.Kind(self.kind)])

    @property
    def speaker_label(self) -> str:
        return on_behalf_label(self.speaker, self.negotiating_group)

    @property
    def summary(self) -> str:
        """ "South Africa on behalf of the G77 and China: Object — reason"."""
        text = f"{self.speaker_label}: {self.label}"
        return f"{text} — {self.reason}" if self.reason else text


@dataclass
class PositionState:
    """Paragraph id → member id → the position that counts; paragraph id → group statements."""

    positions: dict[int, dict[int, CurrentPosition]]
    statements: dict[int, list[BlocStatement]]


def position_state(
    version: Version,
    paragraph_ids: Iterable[int] | None = None,
    *,
    chains: dict[int, list[int]] | None = None,
    members: Iterable[Member] | None = None,
    blocs: Callable[[], Mapping[int, list[Member]]] | None = None,
) -> PositionState:
    """Every paragraph's counted positions (own, or via a group) and group statements.

    Queries: the carry-over chain (none when ``chains`` is given), the events, and (only when a
    group has spoken) the groups' members — however many members and groups there are.
    ``members``: the group's members with their constituency, when the caller has them (the
    events are then read without joining them: faster on a long text). ``blocs``: reads each
    negotiating group's full members, when the caller reads them for more than this.
    """
    if chains is None:
        chains = version_chains(version, paragraph_ids)
    elif paragraph_ids is not None:
        wanted = set(paragraph_ids)
        chains = {pid: chain for pid, chain in chains.items() if pid in wanted}
    all_versions = {vid for chain in chains.values() for vid in chain}
    events_qs = PositionEvent.objects.filter(version_id__in=all_versions).order_by(
        "created_at", "id"
    )
    if paragraph_ids is not None:
        events_qs = events_qs.filter(paragraph_id__in=list(chains))
    events: Iterable[PositionEvent]
    if members is not None:
        events = _events_read_light(events_qs, {m.pk: m for m in members})
    else:
        events = events_qs.select_related("member", "member__constituency", "on_behalf_of")
    own: dict[int, dict[int, PositionEvent]] = {pid: {} for pid in chains}
    by_group: dict[int, dict[int, PositionEvent]] = {pid: {} for pid in chains}
    for event in events:  # oldest first: the latest of each member and of each group wins
        chain = chains.get(event.paragraph_id)
        if chain is None or event.version_id not in chain:
            continue
        if event.on_behalf_of_id is not None:
            by_group[event.paragraph_id][event.on_behalf_of_id] = event
        else:
            own[event.paragraph_id][event.member_id] = event
    full: Mapping[int, list[Member]] = {}
    if any(by_group.values()):
        full = (
            blocs()
            if blocs is not None
            else negotiating_group_full_members(group_id=version.report.group_id)
        )
    memberships = {gid: [m.pk for m in members] for gid, members in full.items()}
    members_by_id = {m.pk: m for members in full.values() for m in members}
    positions: dict[int, dict[int, CurrentPosition]] = {}
    statements: dict[int, list[BlocStatement]] = {}
    for pid in chains:
        effective = effective_positions(
            own=own[pid],
            group_statements=[
                GroupStatement(gid, e, (e.created_at, e.pk)) for gid, e in by_group[pid].items()
            ],
            memberships=memberships,
        )
        counted: dict[int, CurrentPosition] = {}
        for member_id, eff in effective.items():
            event = eff.value
            via = event.on_behalf_of if eff.via_group is not None else None
            counted[member_id] = CurrentPosition(
                member=members_by_id[member_id] if via is not None else event.member,
                kind=event.kind,
                reason=event.reason,
                event=event,
                carried_over=event.version_id != version.pk,
                via_group=via,
            )
        positions[pid] = counted
        statements[pid] = [
            BlocStatement(
                negotiating_group=e.on_behalf_of,
                speaker=e.member,
                kind=e.kind,
                reason=e.reason,
                event=e,
                carried_over=e.version_id != version.pk,
                counts_for=tuple(
                    members_by_id[m]
                    for m in memberships.get(gid, ())
                    if counted.get(m) is not None and counted[m].event.pk == e.pk
                ),
            )
            for gid, e in sorted(by_group[pid].items(), key=lambda kv: (kv[1].created_at, kv[1].pk))
            if e.on_behalf_of is not None
        ]
    return PositionState(positions=positions, statements=statements)


_EVENT_FIELDS = tuple(
    f.attname for f in PositionEvent._meta.concrete_fields
)  # id, paragraph_id, version_id, member_id, on_behalf_of_id, kind, reason, …
# What a statement shows of its group; the group's other fields load if ever read.
_GROUP_FIELDS = ("id", "group_id", "name", "short_name", "slug")


def _events_read_light(events: Any, members: dict[int, Member]) -> Iterator[PositionEvent]:
    """The events as rows made into ``PositionEvent`` instances without the per-field work of
    ``Model.__init__`` (a long text has tens of thousands of positions): every concrete field
    is set and the member (read already) and negotiating group (joined) are cached, so the
    instances behave as those the ORM returns. No model signals are sent for them."""
    db = events.db
    joined = tuple(f"on_behalf_of__{name}" for name in _GROUP_FIELDS)
    groups: dict[int, NegotiatingGroup] = {}
    n = len(_EVENT_FIELDS)
    for row in events.values_list(*_EVENT_FIELDS, *joined):
        event = PositionEvent.__new__(PositionEvent)
        event.__dict__.update(zip(_EVENT_FIELDS, row[:n], strict=True))
        event._state = ModelState()
        event._state.db, event._state.adding = db, False
        event._state.fields_cache["member"] = members[event.member_id]
        group = None
        if event.on_behalf_of_id is not None:
            group = groups.get(event.on_behalf_of_id)
            if group is None:
                group = NegotiatingGroup.from_db(db, list(_GROUP_FIELDS), list(row[n:]))
                groups[event.on_behalf_of_id] = group
        event._state.fields_cache["on_behalf_of"] = group
        yield event


def current_positions(
    version: Version, paragraph_ids: Iterable[int] | None = None
) -> dict[int, dict[int, CurrentPosition]]:
    """Paragraph id → member id → the position that counts for the member in ``version``: its
    own latest, else its negotiating group's latest statement (``via_group`` set)."""
    return position_state(version, paragraph_ids).positions


def position_for_member(
    *, version: Version, paragraph: Paragraph, member: Member
) -> CurrentPosition | None:
    return current_positions(version, [paragraph.pk]).get(paragraph.pk, {}).get(member.pk)


@dataclass
class ConstituencyTally:
    constituency: Constituency
    counts: dict[str, int]  # position kind → number of members
    objectors: list[CurrentPosition] = field(default_factory=list)
    members: int = 0  # members (not observers) of the constituency
    silent: int = 0  # members without a position

    @property
    def taken(self) -> int:
        return sum(self.counts.values())

    def share(self, kind: str) -> float:
        """The kind's share of the constituency's members, in percent (for the bar)."""
        return 100.0 * self.counts.get(kind, 0) / self.members if self.members else 0.0

    def bar(self) -> list[tuple[str, str, int, float, float]]:
        """(kind, label, count, x offset %, width %) for the stacked bar."""
        out = []
        x = 0.0
        for kind, label in PositionEvent.Kind.choices:
            width = self.share(kind)
            out.append((kind, str(label), self.counts.get(kind, 0), x, width))
            x += width
        return out


@dataclass(frozen=True)
class TallyFrame:
    """The constituencies (in order) and how many full members each has: read once for all
    the paragraphs of a screen."""

    constituencies: tuple[Constituency, ...]
    sizes: dict[int, int]


def tally_frame(group: WorkingGroup, members: Iterable[Member] | None = None) -> TallyFrame:
    """From the group's members (with their constituency) when the caller has them, else two
    queries."""
    if members is None:
        constituencies = tuple(group.constituencies.order_by("order", "name"))
        statuses: list[tuple[int, str]] = list(
            Member.objects.filter(group=group).values_list("constituency_id", "status")
        )
    else:
        members = list(members)
        by_id = {m.constituency_id: m.constituency for m in members}
        constituencies = tuple(sorted(by_id.values(), key=lambda c: (c.order, c.name)))
        statuses = [(m.constituency_id, m.status) for m in members]
    sizes: dict[int, int] = defaultdict(int)
    for cid, status in statuses:
        if status == Member.Status.MEMBER:
            sizes[cid] += 1
    return TallyFrame(constituencies, dict(sizes))


def tallies_of(
    group: WorkingGroup,
    positions: dict[int, CurrentPosition],
    *,
    frame: TallyFrame | None = None,
) -> list[ConstituencyTally]:
    frame = frame or tally_frame(group)
    tallies = {
        c.pk: ConstituencyTally(c, dict.fromkeys(KINDS, 0), [], frame.sizes.get(c.pk, 0))
        for c in frame.constituencies
    }
    for position in sorted(positions.values(), key=lambda p: p.member.name):
        tally = tallies.get(position.member.constituency_id)
        if tally is None:  # a constituency without members today (its members left)
            tally = tallies[position.member.constituency_id] = ConstituencyTally(
                position.member.constituency, dict.fromkeys(KINDS, 0), [], 0
            )
        tally.counts[position.kind] += 1
        if position.kind == PositionEvent.Kind.OBJECT:
            tally.objectors.append(position)
    for tally in tallies.values():
        tally.silent = max(tally.members - tally.taken, 0)
    return [t for t in tallies.values() if t.members or t.taken]


def positions_by_constituency(version: Version, paragraph: Paragraph) -> list[ConstituencyTally]:
    """Counts of support / can live with / object / reserve per constituency, with objectors."""
    positions = current_positions(version, [paragraph.pk]).get(paragraph.pk, {})
    return tallies_of(version.report.group, positions)


def positions_summary(version: Version) -> dict[int, list[ConstituencyTally]]:
    """Paragraph id → tallies by constituency, for every paragraph of the version at once."""
    group = version.report.group
    frame = tally_frame(group)
    return {
        pid: tallies_of(group, pos, frame=frame) for pid, pos in current_positions(version).items()
    }


# ---- status ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphStatus:
    status: str
    pending_members: tuple[Member, ...] = ()
    event: StatusEvent | None = None
    is_derived: bool = False  # no status event: read from the brackets
    carried_over: bool = False

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[StatusEvent.Status(self.status)])

    @property
    def is_provisional(self) -> bool:
        return self.status in PROVISIONAL

    @property
    def determination(self) -> str:
        """ "Agreed by determination of the Chair over the objection of …: reason", or ""."""
        return determination_text(self.event) if self.event is not None else ""


def _bracketed_paragraphs(
    version: Version, items: list[VersionParagraph], rows: list[tuple[int, Any]] | None = None
) -> set[int]:
    """``rows``: (paragraph id, lifted_at) of every ``Bracket`` of the version, if read already."""
    if rows is None:
        rows = list(
            Bracket.objects.filter(version=version).values_list("paragraph_id", "lifted_at")
        )
    open_rows = {pid for pid, lifted in rows if lifted is None}
    registered = {pid for pid, _ in rows}
    bracketed = set(open_rows)
    for item in items:
        # Brackets typed in the text count until Bracket rows register them (then the rows decide).
        if item.paragraph_id not in registered and has_brackets(item.text):
            bracketed.add(item.paragraph_id)
    return bracketed


def current_statuses(
    version: Version,
    *,
    items: list[VersionParagraph] | None = None,
    chains: dict[int, list[int]] | None = None,
    bracket_rows: list[tuple[int, Any]] | None = None,
) -> dict[int, ParagraphStatus]:
    """Paragraph id → its current status in ``version`` (explicit, carried over or derived).

    ``items``, ``chains``, ``bracket_rows``: what the caller has read already (fewer queries).
    The members awaited by an ad referendum agreement are read only for the events that count.
    """
    if items is None:
        items = items_of(version)
    if chains is None:
        chains = version_chains(version, items=items)
    all_versions = {vid for chain in chains.values() for vid in chain}
    events = StatusEvent.objects.filter(
        version_id__in=all_versions, paragraph_id__in=list(chains)
    ).order_by("created_at", "id")
    latest: dict[int, StatusEvent] = {}
    for event in events:
        if event.version_id in chains[event.paragraph_id]:
            latest[event.paragraph_id] = event
    awaiting = [e for e in latest.values() if e.status == StatusEvent.Status.AGREED_AD_REF]
    prefetch_related_objects(
        awaiting, Prefetch("pending_members", queryset=Member.objects.order_by("name"))
    )
    bracketed = _bracketed_paragraphs(version, items, bracket_rows)
    result: dict[int, ParagraphStatus] = {}
    for item in items:
        pid = item.paragraph_id
        last = latest.get(pid)
        if last is not None:
            result[pid] = ParagraphStatus(
                status=last.status,
                pending_members=tuple(last.pending_members.all())
                if last.status == StatusEvent.Status.AGREED_AD_REF
                else (),
                event=last,
                carried_over=last.version_id != version.pk,
            )
        elif pid in bracketed:
            result[pid] = ParagraphStatus(StatusEvent.Status.BRACKETED, is_derived=True)
        else:
            result[pid] = ParagraphStatus(StatusEvent.Status.OPEN, is_derived=True)
    return result


def status_of(version: Version, paragraph: Paragraph) -> ParagraphStatus:
    status = current_statuses(version).get(paragraph.pk)
    if status is None:
        raise NotFound(_("No such paragraph in this version."))
    return status


# ---- what stands in the way of agreement --------------------------------------------------------


@dataclass(frozen=True)
class HeldBracket:
    bracket: Bracket
    holders: tuple[Member, ...]


@dataclass(frozen=True)
class Blockers:
    """Standing objections (as they count, via a group included) and brackets members hold."""

    objections: tuple[CurrentPosition, ...] = ()
    brackets: tuple[HeldBracket, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.objections or self.brackets)

    @property
    def objector_names(self) -> list[str]:
        return [o.name for o in self.objections]

    @property
    def holder_names(self) -> list[str]:
        names: list[str] = []
        for held in self.brackets:
            names.extend(m.name for m in held.holders if m.name not in names)
        return names

    def describe(self, key: str) -> str:
        """ "OP7 has standing objections from Brazil, Egypt (via G77 and China) and a bracket
        held by Norway." """
        return _("%(key)s has %(what)s.") % {"key": key, "what": self.what()}

    def what(self) -> str:
        parts = []
        if self.objections:
            parts.append(
                ngettext(
                    "a standing objection from %(names)s",
                    "standing objections from %(names)s",
                    len(self.objections),
                )
                % {"names": ", ".join(self.objector_names)}
            )
        if self.brackets:
            parts.append(
                ngettext(
                    "a bracket held by %(names)s",
                    "%(count)d brackets held by %(names)s",
                    len(self.brackets),
                )
                % {"count": len(self.brackets), "names": ", ".join(self.holder_names)}
            )
        return str(get_text_list(parts, _("and")))

    def as_record(self) -> list[dict[str, Any]]:
        """The snapshot kept on the status event and in the audit log."""
        out: list[dict[str, Any]] = [
            {
                "kind": "objection",
                "member": o.member.slug,
                "name": o.member.name,
                "via_group": o.via_group.slug if o.via_group else None,
                "via_group_name": str(o.via_group) if o.via_group else None,
                "reason": o.reason,
            }
            for o in self.objections
        ]
        out.extend(
            {
                "kind": "bracket",
                "bracket": held.bracket.pk,
                "text": held.bracket.text,
                "holders": [{"member": m.slug, "name": m.name} for m in held.holders],
            }
            for held in self.brackets
        )
        return out


def blockers_of(positions: dict[int, CurrentPosition], brackets: Iterable[Bracket]) -> Blockers:
    """From a paragraph's counted positions and its open brackets with their *active* holders
    prefetched as ``holders`` (no queries). Brackets nobody holds (read from an imported text)
    block nothing: there is no one to overrule."""
    objections = sorted(
        (p for p in positions.values() if p.kind == PositionEvent.Kind.OBJECT),
        key=lambda p: p.member.name,
    )
    held = []
    for bracket in brackets:
        if bracket.lifted_at is not None:
            continue
        holders = tuple(
            sorted((h.member for h in bracket.holders.all() if h.lifted_at is None), key=str)
        )
        if holders:
            held.append(HeldBracket(bracket, holders))
    return Blockers(tuple(objections), tuple(held))


def paragraph_blockers(version: Version, paragraph: Paragraph) -> Blockers:
    """What stands between ``paragraph`` and agreement in ``version`` (a few queries)."""
    positions = current_positions(version, [paragraph.pk]).get(paragraph.pk, {})
    active = BracketHolder.objects.filter(lifted_at__isnull=True).select_related("member")
    brackets = (
        Bracket.objects.filter(version=version, paragraph=paragraph, lifted_at__isnull=True)
        .prefetch_related(Prefetch("holders", queryset=active))
        .order_by("start", "id")
    )
    return blockers_of(positions, brackets)


DETERMINED_LABELS = {
    StatusEvent.Status.AGREED: gettext_lazy("Agreed"),
    StatusEvent.Status.AGREED_AD_REF: gettext_lazy("Agreed ad referendum"),
}


def determination_text(event: StatusEvent) -> str:
    """ "Agreed by determination of the Chair over the objection of Brazil, Egypt (via G77 and
    China) and the bracket held by Norway: reason" — from the event's own snapshot."""
    if not event.determination:
        return ""
    status = str(
        DETERMINED_LABELS.get(
            StatusEvent.Status(event.status), STATUS_LABELS[StatusEvent.Status(event.status)]
        )
    )
    objectors = []
    holders: list[str] = []
    brackets = 0
    for item in event.overruled or []:
        if item.get("kind") == "objection":
            name = item.get("name", "")
            if item.get("via_group_name"):
                name = f"{name} ({_('via %(group)s') % {'group': item['via_group_name']}})"
            objectors.append(name)
        elif item.get("kind") == "bracket":
            brackets += 1
            for h in item.get("holders", []):
                if h.get("name") not in holders:
                    holders.append(h.get("name", ""))
    parts = []
    if objectors:
        parts.append(_("the objection of %(names)s") % {"names": ", ".join(objectors)})
    if brackets:
        parts.append(
            ngettext("the bracket held by %(names)s", "the brackets held by %(names)s", brackets)
            % {"names": ", ".join(holders)}
        )
    if not parts:
        return _("%(status)s by determination of the Chair: %(reason)s") % {
            "status": status,
            "reason": event.determination,
        }
    return _("%(status)s by determination of the Chair over %(what)s: %(reason)s") % {
        "status": status,
        "what": get_text_list(parts, _("and")),
        "reason": event.determination,
    }


# ---- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    what: str  # "position" | "status"
    summary: str
    version_label: str
    event: PositionEvent | StatusEvent


def paragraph_history(version: Version, paragraph: Paragraph) -> list[HistoryEntry]:
    """Every position and status event counting for the paragraph in ``version``, oldest first."""
    chain = version_chains(version, [paragraph.pk]).get(paragraph.pk, [])
    labels = dict(Version.objects.filter(pk__in=chain).values_list("pk", "label"))
    entries: list[HistoryEntry] = []
    for p in PositionEvent.objects.filter(paragraph=paragraph, version_id__in=chain).select_related(
        "member", "on_behalf_of"
    ):
        speaker = (
            on_behalf_label(p.member, p.on_behalf_of)
            if p.on_behalf_of is not None
            else p.member.name
        )
        summary = f"{speaker}: {KIND_LABELS[PositionEvent.Kind(p.kind)]}"
        if p.reason:
            summary += f" — {p.reason}"
        entries.append(HistoryEntry(p.created_at, "position", summary, labels[p.version_id], p))
    for s in StatusEvent.objects.filter(paragraph=paragraph, version_id__in=chain).prefetch_related(
        "pending_members"
    ):
        summary = str(STATUS_LABELS[StatusEvent.Status(s.status)])
        pending = [m.name for m in s.pending_members.all()]
        if s.status == StatusEvent.Status.AGREED_AD_REF and pending:
            summary += _(", pending %(members)s") % {"members": ", ".join(sorted(pending))}
        if s.determination:
            summary += f" — {determination_text(s)}"
        if s.note:
            summary += f" — {s.note}"
        entries.append(HistoryEntry(s.created_at, "status", summary, labels[s.version_id], s))
    entries.sort(key=lambda e: (e.at, e.what, e.event.pk))
    return entries


# ---- the opinion map adapter ---------------------------------------------------------------------


def vote_triples(version: Version) -> list[tuple[int, str, int]]:
    """(member id, paragraph key, vote) for every current position, in the opinion core's coding:
    support and can-live-with → agree (1), object → disagree (-1), reserve → pass (0)."""
    keys = dict(Paragraph.objects.filter(report_id=version.report_id).values_list("pk", "key"))
    triples = []
    for pid, by_member in current_positions(version).items():
        for mid, position in sorted(by_member.items()):
            triples.append((mid, keys[pid], VOTE_VALUES[PositionEvent.Kind(position.kind)]))
    return sorted(triples, key=lambda t: (t[1], t[0]))


def vote_matrix(version: Version) -> tuple[list[int], list[str], list[list[int | None]]]:
    """Members × paragraphs as plain lists (``None`` where a member took no position)."""
    triples = vote_triples(version)
    members = sorted({m for m, _, _ in triples})
    keys = [item.paragraph.key for item in items_of(version)]
    row_of = {m: i for i, m in enumerate(members)}
    col_of = {k: j for j, k in enumerate(keys)}
    rows: list[list[int | None]] = [[None] * len(keys) for _ in members]
    for m, k, v in triples:
        rows[row_of[m]][col_of[k]] = v
    return members, keys, rows
