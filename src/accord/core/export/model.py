"""The document a writer exports: plain data, no Django, built by the drafts selectors.

A :class:`ExportDocument` is one version of a report in one language. Paragraphs are in
reading order; their ``key`` is the UN paragraph id (``PP3``, ``OP7bis``), which survives
revisions and so gives stable anchors (``eId`` in Akoma Ntoso, ``id`` in HTML).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

ParagraphKind: TypeAlias = Literal["heading", "pp", "op", "text"]
KINDS: tuple[ParagraphKind, ...] = ("heading", "pp", "op", "text")


class ExportError(ValueError):
    """The document cannot be exported as given (a message fit to show a user)."""


@dataclass(frozen=True, slots=True)
class Holder:
    """A member holding a bracket, and why (free text, may be empty)."""

    name: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BracketNote:
    """Who holds a bracketed span of a paragraph, and why.

    ``start``/``end`` are offsets into the paragraph text. The span may already include its
    typed ``[`` and ``]`` (the usual case), sit just inside them, or be unbracketed text
    (a bracket recorded on an issued text): then the writers add the brackets.
    """

    start: int
    end: int
    holders: tuple[Holder, ...] = ()
    reason: str = ""  # the category as a reader sees it: "Contested wording"
    linked_to: str = ""  # a paragraph key, for brackets linked to another paragraph


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote of the text itself; ``marker`` is its ``[^marker]`` in the text, if any."""

    text: str
    marker: str = ""


ChangeTag: TypeAlias = Literal["equal", "delete", "insert", "gap"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who stands where on a proposal: ``label`` in the reader's language ("Proposed by",
    "Co-sponsors", "Supported by", "Opposed by") and the names, in order."""

    label: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportProposal:
    """A proposal listed under its paragraph, as in a compilation text.

    ``change`` is the proposed change in its context, as runs of kept (``equal``), deleted,
    inserted text and left-out context (``gap``) — :func:`accord.core.amend.redline_segments`
    gives them; ``depth`` 1 is an amendment to the proposal listed before it. Every label is
    given in the reader's language; the writers add no words of their own.
    """

    action: str  # "Replace", "Delete the paragraph"
    change: tuple[tuple[ChangeTag, str], ...] = ()
    attributions: tuple[Attribution, ...] = ()
    status: str = ""  # "Withdrawn"; empty while proposed
    ref: str = ""  # "#12": how the record names it
    depth: int = 0


@dataclass(frozen=True, slots=True)
class ExportParagraph:
    key: str  # the UN id: "PP3", "OP7bis", "H2"
    kind: ParagraphKind
    text: str
    number: str = ""  # as displayed ("7."); operative paragraphs only
    footnotes: tuple[Footnote, ...] = ()
    brackets: tuple[BracketNote, ...] = ()
    # A compilation text: lines on the paragraph's state (status, positions), then proposals.
    remarks: tuple[str, ...] = ()
    proposals: tuple[ExportProposal, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportDocument:
    title: str
    paragraphs: tuple[ExportParagraph, ...]
    symbol: str = ""  # "WGEDC/2025/L.1"
    date: dt.date | None = None  # the version's issue date (or creation date of a draft)
    # The report's own date (the Work's, in Akoma Ntoso terms): the same for every version.
    work_date: dt.date | None = None
    language: str = "en"  # ISO 639-1 as used by Django ("en", "ar", "zh-hans")
    original_language: str = "en"
    version_label: str = ""  # "Rev.1"
    version_kind: str = ""  # "Revision", "Zero draft"
    version_number: int = 1
    status: str = ""  # "Issued" / "Draft (being prepared)"
    content_hash: str = ""  # SHA-256 of an issued version
    group_name: str = ""
    group_slug: str = ""
    report_slug: str = ""
    notices: tuple[str, ...] = field(default=())  # e.g. "Demonstration data: …"
    subtitle: str = ""  # what the document is, under the title: "Compilation text"
    preface: tuple[str, ...] = ()  # lines before the text ("Nothing is agreed until …")

    def __post_init__(self) -> None:
        for paragraph in self.paragraphs:
            if paragraph.kind not in KINDS:
                raise ExportError(f"Unknown paragraph kind {paragraph.kind!r}.")


# Language names for the "Original:" line, in English (the export's furniture is English).
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "zh-hans": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}

# ISO 639-2 alpha-3, which the Akoma Ntoso naming convention uses in Expression IRIs.
LANGUAGE_ISO3 = {
    "ar": "ara",
    "zh": "zho",
    "zh-hans": "zho",
    "en": "eng",
    "fr": "fra",
    "ru": "rus",
    "es": "spa",
    "de": "deu",
    "pt": "por",
}

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def eid_for_key(key: str) -> str:
    """A stable element id from a UN paragraph key: "OP7bis" → "para_op7bis".

    The same key gives the same id in every version, so links and Akoma Ntoso ``eId``s
    survive revisions. Characters outside ``[a-z0-9]`` become "-" (ids have no spaces).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", key.strip().lower()).strip("-") or "x"
    return f"para_{slug}"


def paragraph_eids(paragraphs: tuple[ExportParagraph, ...]) -> tuple[str, ...]:
    """:func:`eid_for_key` for each paragraph, made unique should two keys slug alike."""
    seen: set[str] = set()
    out: list[str] = []
    for paragraph in paragraphs:
        base = eid_for_key(paragraph.key)
        eid, n = base, 1
        while eid in seen:
            n += 1
            eid = f"{base}_{n}"
        seen.add(eid)
        out.append(eid)
    return tuple(out)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.lower(), code)


def language_iso3(code: str) -> str:
    code = code.lower()
    if code in LANGUAGE_ISO3:
        return LANGUAGE_ISO3[code]
    base = code.split("-")[0]
    return LANGUAGE_ISO3.get(base, "mul")  # "mul": the AKN code for an unknown/multiple language


def is_rtl(code: str) -> bool:
    return code.lower().split("-")[0] in RTL_LANGUAGES
