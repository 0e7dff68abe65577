"""A Chair's summary as an :class:`~accord.core.export.ExportDocument`, for every writer.

Section headings become ``"heading"`` paragraphs and paragraphs ``"text"`` paragraphs (keys
kept, so anchors and Akoma Ntoso ``eId``s are stable across re-drafts and edits); each
paragraph's sources become its footnotes ("label: URL"), one per source, or one listing them
all with ``footnotes="per_paragraph"``. A drafted and an edited summary export alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from accord.core.export import ExportDocument, ExportParagraph, Footnote
from accord.core.summary import templates as t
from accord.core.summary.model import DraftSummary, SummaryRow, summary_to_rows
from accord.core.summary.record import SourceRef

REPORT_SLUG = "chairs-summary"


def source_note(ref: SourceRef, *, base_url: str = "") -> str:
    """A source as a footnote: "label: URL" (a site-relative URL made absolute with
    ``base_url``, so a printed summary still says where to look), or the label alone."""
    url = ref.url
    if url.startswith("/") and base_url:
        url = base_url.rstrip("/") + url
    return t.FOOTNOTE.format(label=ref.label, url=url) if url else ref.label


def rows_to_paragraphs(
    rows: Iterable[SummaryRow],
    *,
    footnotes: Literal["per_source", "per_paragraph"] = "per_source",
    base_url: str = "",
) -> list[ExportParagraph]:
    """Stored summary rows (as drafted or as the Chair edited them) as export paragraphs:
    headings stay headings, each paragraph's sources become its footnotes."""
    paragraphs: list[ExportParagraph] = []
    for row in rows:
        if row.kind == "heading":
            paragraphs.append(ExportParagraph(row.key, "heading", row.text))
            continue
        if footnotes == "per_paragraph" and row.sources:
            items = t.FOOTNOTE_SEPARATOR.join(
                source_note(s, base_url=base_url) for s in row.sources
            )
            notes: tuple[Footnote, ...] = (Footnote(t.FOOTNOTE_SOURCES.format(items=items)),)
        else:
            notes = tuple(Footnote(source_note(s, base_url=base_url)) for s in row.sources)
        paragraphs.append(ExportParagraph(row.key, "text", row.text, footnotes=notes))
    return paragraphs


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
    paragraphs = rows_to_paragraphs(summary_to_rows(summary), footnotes=footnotes)
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
