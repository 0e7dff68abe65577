"""A drafted (or edited) Chair's summary, the drafter's options, and the rows it is stored as.

A :class:`DraftSummary` is sections of paragraphs; each paragraph lists the sources of what
it states. The Django side stores a summary as :class:`SummaryRow` rows (one per heading and
per paragraph, in order) and rebuilds it with :func:`summary_from_rows`; an edited paragraph
is simply a row whose text the Chair changed, so drafts and edited summaries export alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from accord.core.summary.record import SourceRef


class SummaryError(ValueError):
    """The options, rows or edits cannot be used as given (a message fit to show a user)."""


@dataclass(frozen=True, slots=True)
class SummaryParagraph:
    key: str  # stable across re-drafts: "process.meetings", "broad.OP7", "annex.mechanism.for.1"
    text: str
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SummarySection:
    key: str  # "introduction", "process", "broad_support", "divergent", "annex.<topic key>"
    heading: str  # "III. Recommendations that had broad support"
    paragraphs: tuple[SummaryParagraph, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftSummary:
    title: str
    sections: tuple[SummarySection, ...]
    symbol: str = ""

    def paragraphs(self) -> Iterator[SummaryParagraph]:
        for section in self.sections:
            yield from section.paragraphs

    def section(self, key: str) -> SummarySection:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def paragraph(self, key: str) -> SummaryParagraph:
        for paragraph in self.paragraphs():
            if paragraph.key == key:
                return paragraph
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How the drafter decides that a recommendation had broad support, and the document's
    furniture.

    A recommendation had broad support when, among the members that stated a final position
    on it (every stance but ``reserve``; a group's position counts for each member it stands
    for), all of these hold:

    - at least ``min_positions`` members stated one;
    - those that supported or accepted it (``support``, ``can_live_with``/``no_objection``,
      ``reservation``) are at least ``min_acceptance`` of them (≥, so exactly two thirds
      passes by default);
    - in every constituency, those objecting are at most ``max_constituency_objection`` of
      the constituency's members that stated a position (≤, so exactly half passes by
      default: objectors must form a *majority* to fail it). ``None`` switches this test off.
    """

    min_acceptance: Fraction = Fraction(2, 3)
    max_constituency_objection: Fraction | None = Fraction(1, 2)
    min_positions: int = 1
    symbol: str = ""  # the document symbol, if the secretariat has assigned one
    title: str = ""  # overrides the drafted title

    def __post_init__(self) -> None:
        if not 0 < self.min_acceptance <= 1:
            raise SummaryError("The acceptance threshold must be a share above 0 and at most 1.")
        limit = self.max_constituency_objection
        if limit is not None and not 0 <= limit < 1:
            raise SummaryError(
                "The objection threshold within a constituency must be a share from 0 to "
                "less than 1."
            )
        if self.min_positions < 1:
            raise SummaryError("At least one stated position must be required.")


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One stored line of a summary: a section heading (``key`` is the section's key) or a
    paragraph of the section above it."""

    key: str
    kind: Literal["heading", "text"]
    text: str
    sources: tuple[SourceRef, ...] = ()


def summary_to_rows(summary: DraftSummary) -> tuple[SummaryRow, ...]:
    """The summary as rows in reading order (headings carry no sources)."""
    rows: list[SummaryRow] = []
    for section in summary.sections:
        rows.append(SummaryRow(section.key, "heading", section.heading))
        rows.extend(SummaryRow(p.key, "text", p.text, p.sources) for p in section.paragraphs)
    return tuple(rows)


def summary_from_rows(rows: Iterable[SummaryRow], *, title: str, symbol: str = "") -> DraftSummary:
    """A summary from stored rows (as drafted, or as edited by the Chair)."""
    sections: list[SummarySection] = []
    current: SummarySection | None = None
    paragraphs: list[SummaryParagraph] = []
    seen: set[str] = set()
    for row in rows:
        if row.key in seen:
            raise SummaryError(f"The key {row.key!r} is used twice.")
        seen.add(row.key)
        if row.kind == "heading":
            if current is not None:
                sections.append(replace(current, paragraphs=tuple(paragraphs)))
            current, paragraphs = SummarySection(row.key, row.text), []
        elif row.kind == "text":
            if current is None:
                raise SummaryError(f"The paragraph {row.key!r} comes before any heading.")
            paragraphs.append(SummaryParagraph(row.key, row.text, tuple(row.sources)))
        else:
            raise SummaryError(f"Unknown row kind {row.kind!r}.")
    if current is not None:
        sections.append(replace(current, paragraphs=tuple(paragraphs)))
    return DraftSummary(title=title, sections=tuple(sections), symbol=symbol)


def with_edits(summary: DraftSummary, edits: Mapping[str, str]) -> DraftSummary:
    """The summary with some texts replaced: paragraph key → its new text, section key → its
    new heading. Sources are kept. An unknown key is an error (nothing is silently lost)."""
    known = {s.key for s in summary.sections} | {p.key for p in summary.paragraphs()}
    unknown = sorted(set(edits) - known)
    if unknown:
        raise SummaryError(f"No heading or paragraph with the key {unknown[0]!r}.")
    return replace(
        summary,
        sections=tuple(
            replace(
                section,
                heading=edits.get(section.key, section.heading),
                paragraphs=tuple(
                    replace(p, text=edits.get(p.key, p.text)) for p in section.paragraphs
                ),
            )
            for section in summary.sections
        ),
    )


def unsourced(summary: DraftSummary) -> tuple[str, ...]:
    """Keys of the paragraphs that cite no source (a drafted one never should; an edited one
    may, and the Chair should be told)."""
    return tuple(p.key for p in summary.paragraphs() if not p.sources)
