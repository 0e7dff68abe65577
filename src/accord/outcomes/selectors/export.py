"""An outcome as the export writers' document: DOCX, PDF, HTML and Akoma Ntoso.

A Chair's summary exports its paragraphs (headings and text) with each paragraph's sources as
footnotes (label and address), then its annexes; a consensus report exports the adopted
version under the outcome's own title and symbol.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from accord.common.errors import ValidationFailed
from accord.core.export import (
    FORMATS,
    ExportDocument,
    ExportParagraph,
    Footnote,
    to_akn,
    to_docx,
    to_html,
    to_pdf,
)
from accord.core.summary.export import rows_to_paragraphs, source_note
from accord.core.summary.model import SummaryRow
from accord.core.summary.record import SourceRef
from accord.drafts.selectors.export import CONTENT_TYPES, ExportFile, export_document

from ..models import Outcome

WRITERS: dict[str, Callable[[ExportDocument], bytes]] = {
    "docx": to_docx,
    "html": to_html,
    "pdf": to_pdf,
    "xml": to_akn,
}


def _refs(sources: list[dict[str, str]]) -> tuple[SourceRef, ...]:
    return tuple(
        SourceRef(kind=s.get("kind", "other"), label=s.get("label", ""), url=s.get("url", ""))  # type: ignore[arg-type]
        for s in sources
        if isinstance(s, dict)
    )


def _footnotes(sources: list[dict[str, str]], base_url: str) -> tuple[Footnote, ...]:
    return tuple(Footnote(source_note(ref, base_url=base_url)) for ref in _refs(sources))


def outcome_document(outcome: Outcome, *, base_url: str = "") -> ExportDocument:
    group = outcome.group
    notices = [group.demo_notice.strip()] if group.demo_notice.strip() else []
    if not outcome.is_issued:
        notices.append(_("Draft, not issued: the text may still change."))
    when = outcome.issued_at or outcome.created_at
    if outcome.kind == Outcome.Kind.CONSENSUS_REPORT and outcome.adopted_version is not None:
        doc = export_document(version=outcome.adopted_version)
        return dataclasses.replace(
            doc,
            title=outcome.title,
            symbol=outcome.symbol or doc.symbol,
            status=str(outcome.get_status_display()),
            notices=tuple(notices),
        )
    paragraphs: list[ExportParagraph] = []
    if outcome.kind == Outcome.Kind.NONE:
        paragraphs.append(ExportParagraph("T1", "text", outcome.statement))
    rows = [
        SummaryRow(p.key, "heading" if p.kind == "heading" else "text", p.text, _refs(p.sources))
        for p in outcome.paragraphs.all()
    ]
    paragraphs += rows_to_paragraphs(rows, base_url=base_url)
    for annex in outcome.annexes.all():
        paragraphs.append(ExportParagraph(f"ANNEX{annex.order}", "heading", annex.title))
        if annex.proposal_text:
            paragraphs.append(ExportParagraph(f"ANNEX{annex.order}P", "text", annex.proposal_text))
        for point in annex.points.all():
            side = _("For") if point.side == "for" else _("Against")
            who = ", ".join(
                [m.name for m in point.members.all()]
                + [g.name for g in point.negotiating_groups.all()]
            )
            text = f"{side}: {point.text}" + (f" ({who})" if who else "")
            paragraphs.append(
                ExportParagraph(
                    f"ANNEX{annex.order}.{point.pk}",
                    "text",
                    text,
                    footnotes=_footnotes(point.sources, base_url),
                )
            )
    return ExportDocument(
        title=outcome.title,
        paragraphs=tuple(paragraphs),
        symbol=outcome.symbol,
        date=when.date() if when else None,
        work_date=outcome.created_at.date() if outcome.created_at else None,
        language=outcome.language or "en",
        original_language=outcome.language or "en",
        version_label=str(outcome.get_kind_display()),
        version_kind=str(outcome.get_kind_display()),
        status=str(outcome.get_status_display()),
        content_hash=outcome.content_hash,
        group_name=group.name,
        group_slug=group.slug,
        report_slug=f"outcome-{outcome.pk}",
        notices=tuple(notices),
    )


def outcome_export(outcome: Outcome, fmt: str, *, base_url: str = "") -> ExportFile:
    if fmt not in WRITERS:
        raise ValidationFailed(
            _("Unknown export format %(fmt)s: choose one of %(all)s.")
            % {"fmt": fmt, "all": ", ".join(FORMATS)}
        )
    data = WRITERS[fmt](outcome_document(outcome, base_url=base_url))
    stem = (
        re.sub(r"[^A-Za-z0-9.]+", "-", outcome.symbol or outcome.title).strip("-.")[:80]
        or "outcome"
    )
    return ExportFile(data, CONTENT_TYPES[fmt], f"{stem}.{fmt}")
