"""Propose an amendment by editing the paragraph's text as the delegation wants it to read.

accord computes the amendment: the minimal word-level edits from the paragraph to the
edited text (:func:`accord.core.amend.edits_between`). :func:`amendment_edit_prepare`
gives them for the preview (the redline and the parts) without recording anything;
:func:`amendment_propose_edit` records them as one amendment: a single edit as an
insertion, deletion or replacement like any other, several as one replace over the span
covering them with its parts (``AmendmentPart``).

Same rules as every amendment (``amendment_propose_check``): issued text, who may
propose, no headings. Refused with a clear 4xx and nothing recorded: an empty or
unchanged text (400), a text the proposer did not see (``expected_text_hash``, 409), and
a paragraph changed by a newer issued version where the edits fall (409); edits on
words that newer version left alone are carried onto it, like any amendment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.errors import Conflict, ValidationFailed
from accord.core.amend import (
    Edit,
    EditConflict,
    Segment,
    apply_edits,
    covering_edit,
    edits_between,
    redline_segments,
)
from accord.core.amend.segments import last_words
from accord.groups.models import Member, NegotiatingGroup

from ..models import Amendment, Paragraph, Version
from ..selectors.amendments import latest_issued_version, text_hash, version_item
from .amendment_common import MAX_TEXT, group_of, item_or_404
from .amendments import may_speak_for, propose_attribution, rebase_or_conflict, record_amendment

EDIT_KIND = Amendment.Kind.REPLACE_TEXT  # what the check is asked for an edited text


@dataclass(frozen=True)
class EditProposal:
    """What an edited paragraph amounts to, on the text it will be recorded on.

    ``version`` is the latest issued version (the one edited, or a newer one the edits
    were carried onto: then ``carried_from`` is the one edited); ``base_text`` is the
    paragraph there and ``edits`` apply to it, giving ``new_text``.
    """

    version: Version
    paragraph: Paragraph
    base_text: str
    edits: tuple[Edit, ...]
    new_text: str
    carried_from: Version | None = None
    proposer: Member | None = None
    role: str = ""
    on_behalf_of: NegotiatingGroup | None = None

    @property
    def cover(self) -> Edit:
        return covering_edit(self.base_text, self.edits)

    @property
    def kind(self) -> str:
        if len(self.edits) > 1:
            return Amendment.Kind.REPLACE_TEXT
        edit = self.edits[0]
        if edit.start == edit.end:
            return Amendment.Kind.INSERT_TEXT
        if not edit.new:
            return Amendment.Kind.DELETE_TEXT
        return Amendment.Kind.REPLACE_TEXT

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The redline of the whole paragraph."""
        return redline_segments(self.base_text, self.edits)

    @property
    def parts(self) -> list[EditPart]:
        """Each edit in words, in text order."""
        out = []
        for edit in self.edits:
            old = self.base_text[edit.start : edit.end]
            kind = "insert" if not old else "delete" if not edit.new else "replace"
            after = last_words(self.base_text[: edit.start], 1).strip()
            out.append(EditPart(kind, old, edit.new, after))
        return out


@dataclass(frozen=True)
class EditPart:
    """One edit as a delegate reads it: ``kind`` insert / delete / replace, the words it
    removes and adds, and the word before it (where an insertion goes)."""

    kind: str
    old: str
    new: str
    after: str


def normalise(text: str, base: str) -> str:
    """The edited text as the paragraph would hold it: a textarea's CRLF line breaks as
    LF, and no spaces or line breaks added at its ends when the paragraph has none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if base == base.strip():
        text = text.strip()
    return text


def amendment_edit_prepare(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    text: str,
    expected_text_hash: str | None = None,
    on_behalf_of: NegotiatingGroup | None = None,
) -> EditProposal:
    """The amendment ``text`` would be (see the module docstring); records nothing.

    ``on_behalf_of`` is checked as the proposal would check it (the delegate's member
    must belong to that negotiating group)."""
    proposer, role = propose_attribution(actor, version, paragraph, EDIT_KIND, None)
    if on_behalf_of is not None:
        may_speak_for(proposer, group_of(version), on_behalf_of)
    who: dict[str, Any] = {"proposer": proposer, "role": role, "on_behalf_of": on_behalf_of}
    item = item_or_404(version, paragraph)
    base = item.text
    text = normalise(text, base)
    if not text.strip():
        raise ValidationFailed(
            _(
                "The edited text is empty. To propose deleting %(key)s, choose “Delete the "
                "paragraph” among the other changes."
            )
            % {"key": paragraph.key},
            fields={"text": _("Required.")},
        )
    if len(text) > MAX_TEXT:
        raise ValidationFailed(_("The edited text is too long."), fields={"text": "too_long"})
    if expected_text_hash is not None and expected_text_hash != text_hash(base):
        raise Conflict(
            _(
                "%(key)s does not read as it did when you opened it; reload it and make "
                "your changes again."
            )
            % {"key": paragraph.key},
            code="stale_text",
        )
    edits = edits_between(base, text)
    if not edits:
        raise ValidationFailed(
            _("You have not changed the text of %(key)s.") % {"key": paragraph.key},
            fields={"text": _("Unchanged.")},
        )
    latest = latest_issued_version(version.report)
    if latest is None or latest.number <= version.number:
        return EditProposal(version, paragraph, base, edits, text, **who)
    newer = version_item(latest, paragraph)
    if newer is None:
        raise Conflict(
            _("%(key)s is no longer in %(version)s.")
            % {"key": paragraph.key, "version": latest.label},
            code="stale",
        )
    moved = tuple(rebase_or_conflict(base, newer.text, e, paragraph, latest) for e in edits)
    try:
        carried = apply_edits(newer.text, moved)
    except EditConflict:  # pragma: no cover - rebased edits keep their order
        raise Conflict(
            _("%(key)s changed in %(version)s where you amend it; reload it.")
            % {"key": paragraph.key, "version": latest.label},
            code="stale",
        ) from None
    return EditProposal(latest, paragraph, newer.text, moved, carried, carried_from=version, **who)


def amendment_propose_edit(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    text: str,
    expected_text_hash: str | None = None,
    rationale: str = "",
    on_behalf_of: NegotiatingGroup | None = None,
) -> Amendment:
    """Record the amendment ``text`` amounts to: one amendment, with its parts when the
    paragraph changes in several places. See the module docstring for refusals."""
    with transaction.atomic():
        proposal = amendment_edit_prepare(
            actor=actor,
            version=version,
            paragraph=paragraph,
            text=text,
            expected_text_hash=expected_text_hash,
            on_behalf_of=on_behalf_of,
        )
        cover = proposal.cover
        return record_amendment(
            actor=actor,
            version=proposal.version,
            paragraph=paragraph,
            kind=proposal.kind,
            proposer=proposal.proposer,
            role=proposal.role,
            on_behalf_of=on_behalf_of,
            base_text=proposal.base_text,
            edit=cover,
            new_text=cover.new,
            rationale=rationale,
            rebased_from=proposal.carried_from,
            parts=proposal.edits if len(proposal.edits) > 1 else (),
        )
