"""The compilation text as plain data: each paragraph (its text laid out with brackets and
notes, its status, the positions stated) and its proposals, attributed; and their labels in
the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.amend import Segment
from accord.core.export import (
    Attribution,
)
from accord.core.export.tokens import CloseTok, Laid, Note, NoteTok, OpenTok, TextTok
from accord.drafts.models import (
    Amendment,
    Paragraph,
    VersionParagraph,
)
from accord.groups.models import WorkingGroup

from .. import selectors
from ..models import PositionEvent, StatusEvent

ACTIONS = {
    Amendment.Kind.INSERT_TEXT: gettext_lazy("Insert"),
    Amendment.Kind.DELETE_TEXT: gettext_lazy("Delete"),
    Amendment.Kind.REPLACE_TEXT: gettext_lazy("Replace"),
    Amendment.Kind.ADD_PARAGRAPH: gettext_lazy("Add a paragraph after"),
    Amendment.Kind.DELETE_PARAGRAPH: gettext_lazy("Delete the paragraph"),
    Amendment.Kind.ALTERNATIVE: gettext_lazy("Alternative paragraph"),
}
AMENDMENT_STATUS = {
    Amendment.Status.PROPOSED: gettext_lazy("Proposed"),
    Amendment.Status.INCORPORATED: gettext_lazy("Incorporated"),
    Amendment.Status.NOT_INCORPORATED: gettext_lazy("Not incorporated"),
    Amendment.Status.WITHDRAWN: gettext_lazy("Withdrawn"),
    Amendment.Status.MERGED: gettext_lazy("Merged into another"),
}
PARAGRAPH_STATUS = {
    StatusEvent.Status.OPEN: gettext_lazy("Open"),
    StatusEvent.Status.BRACKETED: gettext_lazy("Bracketed"),
    StatusEvent.Status.AGREED_AD_REF: gettext_lazy("Agreed ad referendum (provisional)"),
    StatusEvent.Status.AGREED: gettext_lazy("Agreed (provisional)"),
    StatusEvent.Status.DROPPED: gettext_lazy("Dropped"),
}
POSITION_WORDS = {
    PositionEvent.Kind.SUPPORT: gettext_lazy("support"),
    PositionEvent.Kind.CAN_LIVE_WITH: gettext_lazy("can live with"),
    PositionEvent.Kind.OBJECT: gettext_lazy("object"),
    PositionEvent.Kind.RESERVE: gettext_lazy("reserve"),
}
NAMED_KINDS = {PositionEvent.Kind.OBJECT, PositionEvent.Kind.RESERVE}  # said by name
ROLES = {
    "chair": gettext_lazy("Chair"),
    "vice_chair": gettext_lazy("Vice-chair"),
    "facilitator": gettext_lazy("Facilitator"),
    "secretariat": gettext_lazy("Secretariat"),
}


def naeiea() -> str:
    return _(
        "Nothing is agreed until everything is agreed: an agreed paragraph is provisional "
        "until the whole text is adopted."
    )


def proposer_name(amendment: Amendment) -> str:
    """A delegation's name ("South Africa on behalf of the G77 and China" when it spoke for its
    negotiating group), or the role that tabled a compromise text (the chair, …)."""
    if amendment.proposer is not None:
        if amendment.on_behalf_of is not None:
            return selectors.on_behalf_label(amendment.proposer, amendment.on_behalf_of)
        return amendment.proposer.name
    role = amendment.proposer_role
    if role in ROLES:
        return str(ROLES[role])
    return role.replace("_", " ").capitalize() or _("Unknown")


@dataclass
class Proposal:
    amendment: Amendment
    cosponsors: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    objectors: list[str] = field(default_factory=list)
    sub_proposals: list[Proposal] = field(default_factory=list)
    change: tuple[Segment, ...] = ()
    url: str = ""

    @property
    def proposer(self) -> str:
        return proposer_name(self.amendment)

    @property
    def action(self) -> str:
        return str(ACTIONS.get(Amendment.Kind(self.amendment.kind), self.amendment.kind))

    @property
    def status_label(self) -> str:
        """The amendment's status, or "" while it is still proposed (the usual case)."""
        status = self.amendment.status
        return (
            ""
            if status == Amendment.Status.PROPOSED
            else str(AMENDMENT_STATUS[Amendment.Status(status)])
        )

    @property
    def ref(self) -> str:
        return f"#{self.amendment.pk}"

    def attributions(self) -> tuple[Attribution, ...]:
        rows = [
            (_("Proposed by"), [self.proposer]),
            (_("Co-sponsors"), self.cosponsors),
            (_("Supported by"), self.supporters),
            (_("Opposed by"), self.objectors),
        ]
        return tuple(Attribution(label, tuple(names)) for label, names in rows if names)

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


@dataclass(frozen=True)
class PositionCount:
    kind: str
    label: str  # "can live with"
    count: int
    names: tuple[str, ...] = ()  # for objections and reservations: who


@dataclass(frozen=True)
class PositionLine:
    """The positions stated (in one constituency, or in all), only the kinds someone took."""

    constituency: str
    counts: tuple[PositionCount, ...]

    @property
    def counts_text(self) -> str:
        """ "support 8 · can live with 30 · object 3 (Cuba, Egypt)"."""
        parts = []
        for c in self.counts:
            part = f"{c.label} {c.count}"
            if c.names:
                part += f" ({', '.join(c.names)})"
            parts.append(part)
        return " · ".join(parts)

    @property
    def text(self) -> str:
        """ "Member States: support 8 · can live with 30 · object 3 (Cuba, Egypt)"."""
        return f"{self.constituency}: {self.counts_text}"


@dataclass
class CompilationEntry:
    item: VersionParagraph
    status: selectors.ParagraphStatus
    proposals: list[Proposal]
    # The positions that count (member id → position), or None: the viewer may not see them.
    counted: dict[int, selectors.CurrentPosition] | None
    statements: list[selectors.BlocStatement] = field(default_factory=list)  # members only
    laid: Laid | None = None  # the text with its brackets and notes, as the exports lay it out
    positions: list[PositionLine] = field(default_factory=list)  # by constituency
    positions_total: PositionLine | None = None  # all constituencies together
    frame: selectors.TallyFrame | None = None
    group: WorkingGroup | None = None

    @property
    def tallies(self) -> list[selectors.ConstituencyTally] | None:
        """Counts by constituency, zeros included (the API's shape), or None."""
        if self.counted is None or self.group is None:
            return None
        return selectors.tallies_of(self.group, self.counted, frame=self.frame)

    @property
    def key(self) -> str:
        return self.item.paragraph.key

    @property
    def is_heading(self) -> bool:
        return self.item.paragraph.kind == Paragraph.Kind.HEADING

    @property
    def number(self) -> str:
        """The number as the text prints it ("7."), or "" (preambular and text paragraphs)."""
        return self.laid.number if self.laid is not None else self.item.display_number

    @property
    def status_label(self) -> str:
        label = str(PARAGRAPH_STATUS[StatusEvent.Status(self.status.status)])
        if self.status.pending_members:
            names = ", ".join(m.name for m in self.status.pending_members)
            label = _("%(status)s, pending %(names)s") % {"status": label, "names": names}
        return label

    @property
    def marked(self) -> bool:
        """Whether its status is worth a mark: open is what a paragraph is unless said."""
        return not self.is_heading and self.status.status != StatusEvent.Status.OPEN

    @property
    def pieces(self) -> list[tuple[str, str]]:
        """The text for the template: ("text", …), ("open", "["), ("close", "]"), ("note", n)."""
        if self.laid is None:
            return [("text", self.item.text)]
        out: list[tuple[str, str]] = []
        for token in self.laid.tokens:
            if isinstance(token, TextTok):
                out.append(("text", token.text))
            elif isinstance(token, OpenTok):
                out.append(("open", token.mark))
            elif isinstance(token, CloseTok):
                out.append(("close", token.mark))
            elif isinstance(token, NoteTok):
                out.append(("note", str(token.number)))
        return out

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.laid.notes if self.laid is not None else ()

    def remarks(self) -> tuple[str, ...]:
        """The paragraph's state in plain lines (the exports print them under it)."""
        if self.is_heading:
            return ()
        lines = [self.status_label]
        if self.status.determination:
            lines.append(self.status.determination)
        if self.positions_total is not None:
            lines.append(_("Positions: %(counts)s") % {"counts": self.positions_total.counts_text})
            if len(self.positions) > 1:
                by = "; ".join(line.text for line in self.positions)
                lines.append(_("By constituency: %(lines)s") % {"lines": by})
        if self.statements:
            said = " · ".join(self.statement_texts)
            lines.append(_("Negotiating groups: %(statements)s") % {"statements": said})
        return tuple(lines)

    @property
    def statement_texts(self) -> list[str]:
        """ "South Africa on behalf of the G77 and China: Object — reason"."""
        return [st.summary for st in self.statements]


def tally_line(tallies: list[selectors.ConstituencyTally]) -> str:
    """Every count by constituency, zeros included, with the objectors (a plain-text form)."""
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
