"""Exports of one version of a report: DOCX, HTML, PDF and Akoma Ntoso XML.

Pure Python (no Django). Build an :class:`ExportDocument` (the drafts selectors do it from
the database) and call a writer; each returns bytes::

    >>> doc = ExportDocument(title="Report", paragraphs=(
    ...     ExportParagraph("OP1", "op", "Decides [to act]."),))
    >>> to_html(doc)[:15]
    b'<!DOCTYPE html>'

Paragraph ids come from the UN key (``OP7bis`` → ``para_op7bis``), so the same paragraph has
the same anchor and Akoma Ntoso ``eId`` in every version.
"""

from accord.core.export.akn import (
    AKN_NS,
    expression_iri,
    manifestation_iri,
    to_akn,
    work_iri,
)
from accord.core.export.html import to_html
from accord.core.export.model import (
    Attribution,
    BracketNote,
    ExportDocument,
    ExportError,
    ExportParagraph,
    ExportProposal,
    Footnote,
    Holder,
    eid_for_key,
    language_iso3,
    paragraph_eids,
)
from accord.core.export.pdf import to_pdf
from accord.core.export.tokens import bracket_note_text, layout, plain_text
from accord.core.export.word import to_docx

FORMATS = ("docx", "html", "pdf", "xml")

__all__ = [
    "AKN_NS",
    "FORMATS",
    "Attribution",
    "BracketNote",
    "ExportDocument",
    "ExportError",
    "ExportParagraph",
    "ExportProposal",
    "Footnote",
    "Holder",
    "bracket_note_text",
    "eid_for_key",
    "expression_iri",
    "language_iso3",
    "layout",
    "manifestation_iri",
    "paragraph_eids",
    "plain_text",
    "to_akn",
    "to_docx",
    "to_html",
    "to_pdf",
    "work_iri",
]
