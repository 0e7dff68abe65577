"""The compilation text written out: the export model (DOCX, HTML and PDF through
:mod:`accord.core.export`) and the API's JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from accord.core.export import (
    ExportDocument,
    ExportParagraph,
    ExportProposal,
    to_docx,
    to_html,
    to_pdf,
)
from accord.drafts.models import (
    Version,
)
from accord.drafts.selectors.export import (
    CONTENT_TYPES,
    ExportFile,
    export_document,
)

from .model import CompilationEntry, Proposal, naeiea


def _export_proposals(proposals: list[Proposal], depth: int = 0) -> list[ExportProposal]:
    out: list[ExportProposal] = []
    for p in proposals:
        out.append(
            ExportProposal(
                action=p.action,
                change=tuple((s.tag, s.text) for s in p.change),
                attributions=p.attributions(),
                status=p.status_label,
                ref=p.ref,
                depth=depth,
            )
        )
        out.extend(_export_proposals(p.sub_proposals, depth + 1))
    return out


def compilation_document(version: Version, entries: list[CompilationEntry]) -> ExportDocument:
    """The compilation text as the export model: each paragraph, its state and proposals."""
    paragraphs = tuple(
        ExportParagraph(
            key=e.key,
            kind=e.item.paragraph.kind,  # type: ignore[arg-type]
            text=e.item.text,
            number=e.item.display_number,
            footnotes=e.laid.paragraph.footnotes if e.laid is not None else (),
            brackets=e.laid.paragraph.brackets if e.laid is not None else (),
            remarks=e.remarks(),
            proposals=tuple(_export_proposals(e.proposals)),
        )
        for e in entries
    )
    return export_document(
        version=version,
        paragraphs=paragraphs,
        subtitle=_("Compilation text — %(label)s") % {"label": version.label},
        preface=(naeiea(),),
    )


_WRITERS: dict[str, Callable[[ExportDocument], bytes]] = {
    "docx": to_docx,
    "html": to_html,
    "pdf": to_pdf,
}


def compilation_file(version: Version, entries: list[CompilationEntry], fmt: str) -> ExportFile:
    """The compilation text as a DOCX, HTML or PDF file, written by :mod:`accord.core.export`."""
    data = _WRITERS[fmt](compilation_document(version, entries))
    name = f"{version.report.slug}-v{version.number}-compilation.{fmt}"
    return ExportFile(data, CONTENT_TYPES[fmt], name)


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
