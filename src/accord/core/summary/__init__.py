"""The Chair's summary: drafted deterministically from the record, edited, exported.

When consensus fails the Chair issues a summary under the Chair's own responsibility. The
Django side builds a :class:`SummaryRecord` (``record``: plain frozen dataclasses) from the
database and calls :func:`draft_summary`; the result is stored as rows
(:func:`summary_to_rows`), edited by the Chair, rebuilt (:func:`summary_from_rows`,
:func:`with_edits`) and exported (:func:`summary_to_export`, then any writer of
:mod:`accord.core.export`). All sentences live in :mod:`accord.core.summary.templates`.

Pure Python: no Django, no accord app.
"""

from accord.core.summary.draft import (
    Support,
    assess_support,
    draft_summary,
    effective_stances,
    naming_issues,
    stance_counts,
)
from accord.core.summary.export import summary_to_export
from accord.core.summary.model import (
    DraftSummary,
    SummaryError,
    SummaryOptions,
    SummaryParagraph,
    SummaryRow,
    SummarySection,
    summary_from_rows,
    summary_to_rows,
    unsourced,
    with_edits,
)
from accord.core.summary.record import (
    AnnexPoint,
    AnnexTopic,
    ConsensusCall,
    Constituency,
    Consultation,
    ContributionCall,
    GroupInfo,
    Meeting,
    Member,
    MemberRef,
    NamingPolicy,
    NegotiatingGroup,
    Objection,
    Recommendation,
    SilenceBreak,
    SilenceProcedure,
    SourceKind,
    SourceRef,
    Stance,
    StanceKind,
    SummaryRecord,
    Version,
)

__all__ = [
    "AnnexPoint",
    "AnnexTopic",
    "ConsensusCall",
    "Constituency",
    "Consultation",
    "ContributionCall",
    "DraftSummary",
    "GroupInfo",
    "Meeting",
    "Member",
    "MemberRef",
    "NamingPolicy",
    "NegotiatingGroup",
    "Objection",
    "Recommendation",
    "SilenceBreak",
    "SilenceProcedure",
    "SourceKind",
    "SourceRef",
    "Stance",
    "StanceKind",
    "SummaryError",
    "SummaryOptions",
    "SummaryParagraph",
    "SummaryRecord",
    "SummaryRow",
    "SummarySection",
    "Support",
    "Version",
    "assess_support",
    "draft_summary",
    "effective_stances",
    "naming_issues",
    "stance_counts",
    "summary_from_rows",
    "summary_to_export",
    "summary_to_rows",
    "unsourced",
    "with_edits",
]
