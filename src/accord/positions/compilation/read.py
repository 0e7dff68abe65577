"""Reading a version's compilation text: each kind of row once for the whole version (a
bounded number of queries, whatever the number of paragraphs, amendments and positions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from accord.core.amend import AmendError, Segment, redline_segments, refine
from accord.core.export import (
    ExportDocument,
    ExportParagraph,
    layout,
)
from accord.drafts.models import (
    Amendment,
    AmendmentSupport,
    Bracket,
    BracketHolder,
    Paragraph,
    Version,
    VersionParagraph,
)
from accord.drafts.selectors.export import (
    bracket_note,
    footnotes_of,
)
from accord.drafts.selectors.parts import amendment_edits
from accord.groups.models import Member

from .. import selectors
from ..models import StatusEvent
from .model import (
    NAMED_KINDS,
    PARAGRAPH_STATUS,
    POSITION_WORDS,
    CompilationEntry,
    PositionCount,
    PositionLine,
    Proposal,
)

CONTEXT_WORDS = 6  # words of unchanged text shown on each side of a proposed change


def _change(amendment: Amendment, base: str) -> tuple[Segment, ...]:
    """The proposed change in a few words of its context (``base``: the text it amends)."""
    if amendment.kind in (Amendment.Kind.ADD_PARAGRAPH, Amendment.Kind.ALTERNATIVE):
        return (Segment("insert", amendment.new_text),) if amendment.new_text else ()
    if amendment.kind == Amendment.Kind.DELETE_PARAGRAPH:
        return ()
    start, end = amendment.start or 0, amendment.end or 0
    if base[start:end] == amendment.old_text:
        try:
            # Shown as its words that change: replacing "regional organisations" by
            # "regional organisations, civil society" inserts ", civil society".
            edits = [part for e in amendment_edits(amendment) for part in refine(base, e)]
            if edits:
                return redline_segments(base, edits, context=CONTEXT_WORDS)
        except (AmendError, ValueError):
            pass
    # Offsets that no longer fit the text (an amendment carried over badly), or a change that
    # changes nothing: the words alone.
    out = []
    if amendment.old_text:
        out.append(Segment("delete", amendment.old_text))
    if amendment.new_text:
        out.append(Segment("insert", amendment.new_text))
    return tuple(out)


def _line(label: str, taken: list[selectors.CurrentPosition]) -> PositionLine | None:
    counts = []
    for kind, word in POSITION_WORDS.items():
        mine = [p for p in taken if p.kind == kind]
        if mine:
            names = tuple(p.name for p in mine) if kind in NAMED_KINDS else ()
            counts.append(PositionCount(kind, str(word), len(mine), names))
    return PositionLine(label, tuple(counts)) if counts else None


@dataclass
class _Read:
    """What the compilation shows, each kind of row read once for the whole version."""

    items: list[VersionParagraph]
    statuses: dict[int, selectors.ParagraphStatus]
    brackets: dict[int, list[Bracket]]  # open ones, with their active holders
    frame: selectors.TallyFrame
    positions: selectors.PositionState | None  # None: the viewer may not read positions
    amendments: list[Amendment]  # with proposer, group, parts and supports (by member name)


def _read(version: Version, *, with_positions: bool) -> _Read:
    items = selectors.items_of(version)
    chains = selectors.version_chains(version, items=items)
    active = BracketHolder.objects.filter(lifted_at__isnull=True).select_related("member")
    rows = list(
        Bracket.objects.filter(version=version)
        .select_related("linked_paragraph")
        .prefetch_related(Prefetch("holders", queryset=active.order_by("added_at", "id")))
        .order_by("start", "id")
    )
    brackets: dict[int, list[Bracket]] = {}
    for bracket in rows:
        if bracket.lifted_at is None:
            brackets.setdefault(bracket.paragraph_id, []).append(bracket)
    statuses = selectors.current_statuses(
        version,
        items=items,
        chains=chains,
        bracket_rows=[(b.paragraph_id, b.lifted_at) for b in rows],
    )
    group = version.report.group
    members = list(Member.objects.filter(group=group).select_related("constituency"))
    supports = AmendmentSupport.objects.select_related("member").order_by("member__name", "id")
    amendments = list(
        Amendment.objects.filter(version=version)
        .select_related("proposer", "on_behalf_of")
        .prefetch_related("parts", Prefetch("supports", queryset=supports))
        .order_by("created_at", "id")
    )
    return _Read(
        items=items,
        statuses=statuses,
        brackets=brackets,
        frame=selectors.tally_frame(group, members),
        positions=selectors.position_state(version, chains=chains, members=members)
        if with_positions
        else None,
        amendments=amendments,
    )


def _position_lines(
    read: _Read, positions: dict[int, selectors.CurrentPosition]
) -> tuple[list[PositionLine], PositionLine | None]:
    """By constituency (in the group's order), and all together; only what was stated."""
    ordered = sorted(positions.values(), key=lambda p: p.member.name)
    by_constituency: dict[int, list[selectors.CurrentPosition]] = {}
    for position in ordered:
        by_constituency.setdefault(position.member.constituency_id, []).append(position)
    lines = []
    for constituency in read.frame.constituencies:
        line = _line(constituency.name, by_constituency.get(constituency.pk, []))
        if line is not None:
            lines.append(line)
    return lines, _line(_("All"), ordered)


def _proposals(version: Version, read: _Read) -> dict[int, list[Proposal]]:
    """Paragraph id → its proposals in order, each with the amendments to it."""
    texts = {item.paragraph_id: item.text for item in read.items}
    base_url = reverse(
        "drafts:amendment", args=[version.report.group.slug, version.report.slug, 0]
    ).removesuffix("0/")
    proposals: dict[int, Proposal] = {}
    for a in read.amendments:
        proposal = Proposal(a, url=f"{base_url}{a.pk}/")
        for s in a.supports.all():  # by member name
            {
                AmendmentSupport.Kind.COSPONSOR: proposal.cosponsors,
                AmendmentSupport.Kind.SUPPORT: proposal.supporters,
                AmendmentSupport.Kind.OPPOSE: proposal.objectors,
            }[AmendmentSupport.Kind(s.kind)].append(s.member.name)
        proposals[a.pk] = proposal
    by_paragraph: dict[int, list[Proposal]] = {}
    for proposal in proposals.values():
        a = proposal.amendment
        parent = proposals.get(a.parent_id) if a.parent_id is not None else None
        if parent is not None:
            proposal.change = _change(a, parent.amendment.new_text)
            parent.sub_proposals.append(proposal)
        else:
            proposal.change = _change(a, texts.get(a.paragraph_id, ""))
            by_paragraph.setdefault(a.paragraph_id, []).append(proposal)
    return by_paragraph


def compilation_build(version: Version, *, with_positions: bool) -> list[CompilationEntry]:
    """Every paragraph of ``version`` with its proposals (and, ``with_positions``, the
    members-only positions), in at most a dozen queries however long the text."""
    read = _read(version, with_positions=with_positions)
    by_paragraph = _proposals(version, read)
    document = _document(read)
    group = version.report.group
    entries = []
    for item, laid in zip(read.items, layout(document), strict=True):
        pid = item.paragraph_id
        positions = read.positions.positions.get(pid, {}) if read.positions is not None else {}
        heading = item.paragraph.kind == Paragraph.Kind.HEADING
        lines, total = _position_lines(read, positions) if not heading else ([], None)
        entries.append(
            CompilationEntry(
                item=item,
                status=read.statuses[pid],
                proposals=by_paragraph.get(pid, []),
                counted=positions if read.positions is not None else None,
                frame=read.frame,
                group=group,
                statements=read.positions.statements.get(pid, [])
                if read.positions is not None
                else [],
                laid=laid,
                positions=lines,
                positions_total=total,
            )
        )
    return entries


@dataclass(frozen=True)
class Summary:
    paragraphs: int  # headings aside
    proposals: int  # amendments to proposals included
    statuses: list[tuple[str, int]]  # (label, paragraphs) of every status but open


def compilation_summary(entries: list[CompilationEntry]) -> Summary:
    def count(proposals: list[Proposal]) -> int:
        return sum(1 + count(p.sub_proposals) for p in proposals)

    texts = [e for e in entries if not e.is_heading]
    statuses = []
    for status, label in PARAGRAPH_STATUS.items():
        n = sum(1 for e in texts if e.status.status == status)
        if n and status != StatusEvent.Status.OPEN:
            statuses.append((str(label), n))
    return Summary(len(texts), sum(count(e.proposals) for e in entries), statuses)


def _document(read: _Read) -> ExportDocument:
    """The paragraphs as the export model lays them out (numbers, brackets, holder notes)."""
    return ExportDocument(
        title="",
        paragraphs=tuple(
            ExportParagraph(
                key=item.paragraph.key,
                kind=item.paragraph.kind,  # type: ignore[arg-type]
                text=item.text,
                number=item.display_number,
                footnotes=footnotes_of(item.footnotes),
                brackets=tuple(
                    note
                    for b in read.brackets.get(item.paragraph_id, [])
                    if (note := bracket_note(b, list(b.holders.all()))) is not None
                ),
            )
            for item in read.items
        ),
    )
