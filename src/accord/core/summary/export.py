"""A Chair's summary as an :class:`~accord.core.export.ExportDocument`, for every writer.

Section headings become ``"heading"`` paragraphs and paragraphs ``"text"`` paragraphs (keys
kept, so anchors and Akoma Ntoso ``eId``s are stable across re-drafts and edits); each
paragraph's sources become its footnotes ("label: URL"), one per source, or one listing them
all with ``footnotes="per_paragraph"``. A drafted and an edited summary export alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from accord.core.export import ExportDocument, ExportParagraph, Footnote
from accord.core.summary import templates as t
from accord.core.summary.model import DraftSummary
from accord.core.summary.record import SourceRef

REPORT_SLUG = "chairs-summary"


def _note(ref: SourceRef) -> str:
    return t.FOOTNOTE.format(label=ref.label, url=ref.url) if ref.url else ref.label


def summary_to_export(
    summary: DraftSummary,
    *,
    group_name: str = "",
    group_slug: str = "",
    language: str = "en",
    date: dt.date | None = None,
    symbol: str = "",
    notices: tuple[str, ...] = (),
    footnotes: Literal["per_source", "per_paragraph"] = "per_source",
) -> ExportDocument:
    """The summary ready for ``to_docx``/``to_pdf``/``to_html``/``to_akn``.

    ``date`` is the issue date (also the Work date: a summary has one version);
    ``symbol`` overrides ``summary.symbol``; ``notices`` are printed in the footer.
    """
    paragraphs: list[ExportParagraph] = []
    for section in summary.sections:
        paragraphs.append(ExportParagraph(section.key, "heading", section.heading))
        for paragraph in section.paragraphs:
            if footnotes == "per_paragraph" and paragraph.sources:
                items = t.FOOTNOTE_SEPARATOR.join(_note(s) for s in paragraph.sources)
                notes: tuple[Footnote, ...] = (Footnote(t.FOOTNOTE_SOURCES.format(items=items)),)
            else:
                notes = tuple(Footnote(_note(s)) for s in paragraph.sources)
            paragraphs.append(
                ExportParagraph(paragraph.key, "text", paragraph.text, footnotes=notes)
            )
    return ExportDocument(
        title=summary.title,
        paragraphs=tuple(paragraphs),
        symbol=symbol or summary.symbol,
        date=date,
        work_date=date,
        language=language,
        version_kind=t.EXPORT_VERSION_KIND,
        group_name=group_name,
        group_slug=group_slug,
        report_slug=REPORT_SLUG,
        notices=notices,
    )
