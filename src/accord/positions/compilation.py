"""The compilation text: per paragraph, the base text and every proposal on it, attributed.

The standard UN working document ("proposed by A, co-sponsored by B, supported by C; opposed by
D"), built once as plain data and rendered as HTML (a template), JSON (the API) and DOCX.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_BREAK

from accord.drafts.models import Amendment, AmendmentSupport, Version, VersionParagraph

from . import selectors
from .models import PositionEvent


def proposer_name(amendment: Amendment) -> str:
    """A delegation's name ("South Africa on behalf of the G77 and China" when it spoke for its
    negotiating group), or the role that tabled a compromise text (the chair, …)."""
    if amendment.proposer is not None:
        if amendment.on_behalf_of is not None:
            return selectors.on_behalf_label(amendment.proposer, amendment.on_behalf_of)
        return amendment.proposer.name
    return amendment.proposer_role.replace("_", " ").capitalize() or "Unknown"


@dataclass
class Proposal:
    amendment: Amendment
    cosponsors: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    objectors: list[str] = field(default_factory=list)
    sub_proposals: list[Proposal] = field(default_factory=list)

    @property
    def proposer(self) -> str:
        return proposer_name(self.amendment)

    def as_dict(self) -> dict[str, object]:
        a = self.amendment
        return {
            "id": a.pk,
            "kind": a.kind,
            "kind_label": a.get_kind_display(),
            "status": a.status,
            "status_label": a.get_status_display(),
            "old_text": a.old_text,
            "new_text": a.new_text,
            "rationale": a.rationale,
            "proposer": self.proposer,
            "on_behalf_of": a.on_behalf_of.slug if a.on_behalf_of else None,
            "cosponsors": self.cosponsors,
            "supporters": self.supporters,
            "objectors": self.objectors,
            "sub_amendments": [s.as_dict() for s in self.sub_proposals],
        }


@dataclass
class CompilationEntry:
    item: VersionParagraph
    status: selectors.ParagraphStatus
    proposals: list[Proposal]
    tallies: list[selectors.ConstituencyTally] | None  # None: the viewer may not see positions
    statements: list[selectors.BlocStatement] = field(default_factory=list)  # members only

    @property
    def key(self) -> str:
        return self.item.paragraph.key


def compilation_build(version: Version, *, with_positions: bool) -> list[CompilationEntry]:
    items = selectors.items_of(version)
    statuses = selectors.current_statuses(version)
    group = version.report.group
    state = selectors.position_state(version) if with_positions else None
    tallies = (
        {pid: selectors.tallies_of(group, by_member) for pid, by_member in state.positions.items()}
        if state is not None
        else None
    )
    amendments = list(
        Amendment.objects.filter(version=version)
        .select_related("proposer", "on_behalf_of")
        .order_by("created_at", "id")
    )
    proposals = {a.pk: Proposal(a) for a in amendments}
    supports = AmendmentSupport.objects.filter(amendment__version=version).select_related("member")
    for s in supports.order_by("member__name"):
        target = {
            AmendmentSupport.Kind.COSPONSOR: proposals[s.amendment_id].cosponsors,
            AmendmentSupport.Kind.SUPPORT: proposals[s.amendment_id].supporters,
            AmendmentSupport.Kind.OPPOSE: proposals[s.amendment_id].objectors,
        }[AmendmentSupport.Kind(s.kind)]
        target.append(s.member.name)
    by_paragraph: dict[int, list[Proposal]] = {}
    for a in amendments:
        proposal = proposals[a.pk]
        if a.parent_id is not None and a.parent_id in proposals:
            proposals[a.parent_id].sub_proposals.append(proposal)
        else:
            by_paragraph.setdefault(a.paragraph_id, []).append(proposal)
    return [
        CompilationEntry(
            item=item,
            status=statuses[item.paragraph_id],
            proposals=by_paragraph.get(item.paragraph_id, []),
            tallies=tallies.get(item.paragraph_id, []) if tallies is not None else None,
            statements=state.statements.get(item.paragraph_id, []) if state is not None else [],
        )
        for item in items
    ]


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "—"


def _proposal_text(p: Proposal) -> str:
    a = p.amendment
    if a.old_text and a.new_text:
        return f"Replace “{a.old_text}” with “{a.new_text}”"
    if a.old_text:
        return f"Delete “{a.old_text}”"
    return a.new_text or a.get_kind_display()


def _flatten(proposals: list[Proposal], depth: int = 0) -> list[tuple[int, Proposal]]:
    out: list[tuple[int, Proposal]] = []
    for p in proposals:
        out.append((depth, p))
        out.extend(_flatten(p.sub_proposals, depth + 1))
    return out


def tally_line(tallies: list[selectors.ConstituencyTally]) -> str:
    parts = []
    for t in tallies:
        counts = ", ".join(
            f"{label.lower()} {t.counts.get(kind, 0)}" for kind, label in PositionEvent.Kind.choices
        )
        line = f"{t.constituency.name}: {counts}"
        if t.objectors:
            line += " (objecting: " + ", ".join(o.name for o in t.objectors) + ")"
        parts.append(line)
    return "; ".join(parts)


def compilation_docx(version: Version, entries: list[CompilationEntry]) -> bytes:
    """One section per paragraph: heading, base text, status, positions, and a proposals table."""
    document = docx.Document()
    report = version.report
    document.add_heading(report.title, level=0)
    subtitle = f"Compilation text — {version.label}"
    if report.symbol:
        subtitle = f"{report.symbol} · {subtitle}"
    document.add_paragraph(subtitle)
    document.add_paragraph(
        "Nothing is agreed until everything is agreed: agreed paragraphs are provisional "
        "until the whole text is adopted."
    )
    headers = ["Proposal", "Text", "Proposer", "Co-sponsors", "Supporters", "Objectors", "Status"]
    for entry in entries:
        item = entry.item
        title = f"{item.display_number} {entry.key}".strip()
        document.add_heading(title, level=1)
        document.add_paragraph(item.text)
        status = entry.status.label
        if entry.status.pending_members:
            status += ", pending " + ", ".join(m.name for m in entry.status.pending_members)
        document.add_paragraph(f"Status: {status}")
        if entry.status.determination:
            document.add_paragraph(entry.status.determination)
        if entry.tallies:
            document.add_paragraph(f"Positions: {tally_line(entry.tallies)}")
        for statement in entry.statements:
            document.add_paragraph(statement.summary)
        if not entry.proposals:
            document.add_paragraph("No proposals.")
            continue
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for depth, p in _flatten(entry.proposals):
            kind = ("↳ " * depth) + p.amendment.get_kind_display()
            values = [
                kind,
                _proposal_text(p),
                p.proposer,
                _names(p.cosponsors),
                _names(p.supporters),
                _names(p.objectors),
                p.amendment.get_status_display(),
            ]
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        document.add_paragraph().add_run().add_break(WD_BREAK.LINE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def compilation_dict(version: Version, entries: list[CompilationEntry]) -> dict[str, object]:
    return {
        "report": version.report.slug,
        "version": version.number,
        "label": version.label,
        "paragraphs": [
            {
                "key": e.key,
                "display_number": e.item.display_number,
                "text": e.item.text,
                "status": e.status.status,
                "status_label": e.status.label,
                "is_provisional": e.status.is_provisional,
                "pending_members": [m.slug for m in e.status.pending_members],
                "determination": e.status.determination,
                "proposals": [p.as_dict() for p in e.proposals],
                "positions": None
                if e.tallies is None
                else [
                    {
                        "constituency": t.constituency.slug,
                        "counts": t.counts,
                        "objectors": [o.member.slug for o in t.objectors],
                        "objections": [
                            {
                                "member": o.member.slug,
                                "via_group": o.via_group.slug if o.via_group else None,
                            }
                            for o in t.objectors
                        ],
                    }
                    for t in e.tallies
                ],
                "group_statements": [
                    {
                        "group": st.negotiating_group.slug,
                        "speaker": st.speaker.slug,
                        "kind": st.kind,
                        "reason": st.reason,
                        "summary": st.summary,
                        "counts_for": [m.slug for m in st.counts_for],
                    }
                    for st in e.statements
                ],
            }
            for e in entries
        ],
    }
