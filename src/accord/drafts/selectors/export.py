"""The export model of a version: its paragraphs in order, open brackets and their holders.

Builds the plain :class:`accord.core.export.ExportDocument` the pure writers turn into
DOCX, HTML, PDF and Akoma Ntoso. Visibility is the reading view's (helper selectors in
``versions.py``): hidden and missing versions raise the same ``NotFound``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accord.common.errors import ValidationFailed
from accord.core.export import (
    FORMATS,
    BracketNote,
    ExportDocument,
    ExportParagraph,
    Footnote,
    Holder,
    to_akn,
    to_docx,
    to_html,
    to_pdf,
)
from accord.groups.models import WorkingGroup

from ..models import Bracket, BracketHolder, Version
from .versions import report_get_for_viewer, version_get_for_viewer, version_items


def export_version_get_for_viewer(
    *, viewer: Any, group: WorkingGroup, report_slug: str, number: int
) -> Version:
    """The version to export, or ``NotFound`` (the same for hidden and for missing)."""
    report = report_get_for_viewer(viewer=viewer, group=group, slug=report_slug)
    return version_get_for_viewer(viewer=viewer, report=report, number=number)


def footnotes_of(raw: object) -> tuple[Footnote, ...]:
    """Footnotes as stored (``[{"label": "1", "text": "…"}]``, or plain strings)."""
    out: list[Footnote] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str):
            out.append(Footnote(item))
        elif isinstance(item, dict) and str(item.get("text", "")).strip():
            marker = str(item.get("marker") or item.get("label") or "")
            out.append(Footnote(str(item["text"]), marker))
    return tuple(out)


def _bracket_notes(version: Version) -> dict[int, list[BracketNote]]:
    """Open brackets per paragraph id, with their active holders (names and reasons)."""
    brackets = (
        Bracket.objects.filter(version=version, lifted_at__isnull=True)
        .select_related("linked_paragraph")
        .prefetch_related(
            Prefetch(
                "holders",
                queryset=BracketHolder.objects.filter(lifted_at__isnull=True)
                .select_related("member")
                .order_by("added_at", "id"),
                to_attr="active_holders",
            )
        )
        .order_by("paragraph_id", "start", "id")
    )
    out: dict[int, list[BracketNote]] = {}
    for bracket in brackets:
        note = bracket_note(bracket, bracket.active_holders)  # type: ignore[attr-defined]
        if note is not None:
            out.setdefault(bracket.paragraph_id, []).append(note)
    return out


def bracket_note(bracket: Bracket, active_holders: Sequence[BracketHolder]) -> BracketNote | None:
    """An open bracket as the export model notes it (``linked_paragraph`` and the holders'
    members read already), or ``None`` for one typed in an imported text whose holders are
    unknown: the typed brackets say it all."""
    holders = tuple(Holder(h.member.name, h.reason) for h in active_holders)
    if not holders and bracket.from_text:
        return None
    return BracketNote(
        start=bracket.start,
        end=bracket.end,
        holders=holders,
        reason=bracket.get_reason_display(),
        linked_to=bracket.linked_paragraph.key if bracket.linked_paragraph else "",
    )


def export_document(
    *,
    version: Version,
    paragraphs: tuple[ExportParagraph, ...] | None = None,
    subtitle: str = "",
    preface: tuple[str, ...] = (),
) -> ExportDocument:
    """The version as the writers' plain document model. ``paragraphs``: the text as the
    caller built it (a compilation text, with proposals), else the version's own."""
    report = version.report
    group = report.group
    if paragraphs is None:
        notes = _bracket_notes(version)
        paragraphs = tuple(
            ExportParagraph(
                key=item.paragraph.key,
                kind=item.paragraph.kind,  # type: ignore[arg-type]
                text=item.text,
                number=item.display_number,
                footnotes=footnotes_of(item.footnotes),
                brackets=tuple(notes.get(item.paragraph_id, ())),
            )
            for item in version_items(version)
        )
    when = version.issued_at or version.created_at
    notices: list[str] = []
    if group.demo_notice.strip():
        notices.append(group.demo_notice.strip())
    if version.status == Version.Status.DRAFT:
        notices.append("Draft version, not issued: the text may still change.")
    return ExportDocument(
        title=report.title,
        paragraphs=paragraphs,
        symbol=report.symbol,
        date=when.date() if when else None,
        work_date=report.created_at.date() if report.created_at else None,
        language=report.original_language or "en",
        original_language=report.original_language or "en",
        version_label=version.label,
        version_kind=version.get_kind_display(),
        version_number=version.number,
        status=version.get_status_display(),
        content_hash=version.content_hash,
        group_name=group.name,
        group_slug=group.slug,
        report_slug=report.slug,
        notices=tuple(notices),
        subtitle=subtitle,
        preface=preface,
    )


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xml": "application/akn+xml; charset=utf-8",
}
_WRITERS: dict[str, Callable[[ExportDocument], bytes]] = {
    "docx": to_docx,
    "html": to_html,
    "pdf": to_pdf,
    "xml": to_akn,
}


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    content_type: str
    filename: str


def export_filename(version: Version, fmt: str) -> str:
    """ "WG-2025-L.1_Rev.1.docx": the symbol (else the report slug) and the version label."""
    report = version.report
    parts = [report.symbol or report.slug, version.label or f"v{version.number}"]
    stem = "_".join(re.sub(r"[^A-Za-z0-9.]+", "-", p).strip("-.") for p in parts if p)
    return f"{stem or 'version'}.{fmt}"


def export_file(*, version: Version, fmt: str) -> ExportFile:
    """The version written in ``fmt`` (docx, html, pdf or xml)."""
    if fmt not in _WRITERS:
        raise ValidationFailed(
            _("Unknown export format %(fmt)s: choose one of %(join)s.")
            % {"fmt": repr(fmt), "join": ", ".join(FORMATS)},
            fields={"format": "choice"},
        )
    data = _WRITERS[fmt](export_document(version=version))
    return ExportFile(data, CONTENT_TYPES[fmt], export_filename(version, fmt))
