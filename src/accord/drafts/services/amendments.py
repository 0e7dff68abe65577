"""Amendments: propose, support, withdraw, decide; optimistic locking against lost updates.

Amendments are made on circulated text, i.e. on an issued version. One proposed on an
older version than the latest issued one is carried onto the latest when the words it
changes are the same there (offsets rebased, ``rebased_from`` keeps the older version),
and refused with 409 when they changed: never applied blindly.

The span of a text amendment is given by offsets, or by quoting the words
(``quote``, and ``occurrence`` when they occur more than once: ``services.quotes``).
Proposing by editing the whole paragraph is ``services.amendment_edit``; stances and
decisions are ``services.amendment_stances`` (also importable from here).

Each write has a check beside it (``amendment_propose_check`` …, see ``services.checks``)
that raises what the write would raise; the write calls it first, screens ask it.

Every change of an amendment's state bumps ``lock_version`` with
``UPDATE … WHERE id = ? AND lock_version = ?``; a writer holding a stale copy gets 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from accord.core.amend import Edit, EditRangeError, RebaseConflict, check_range, rebase_edit
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import CHAIR, FACILITATOR, VICE_CHAIR
from accord.groups.selectors import member_may_speak_for

from ..models import Amendment, AmendmentPart, Paragraph, Version
from ..selectors.amendments import latest_issued_version, text_hash, version_item
from .amendment_common import (
    MAX_TEXT,
    acting_member,
    ensure_issued,
    ensure_proposed,
    group_of,
    item_or_404,
    locked_update,
    require_member,
)
from .amendment_stances import (
    DECISIONS,
    amendment_decide,
    amendment_decide_check,
    amendment_support,
    amendment_support_check,
    amendment_support_remove,
    amendment_support_remove_check,
    amendment_withdraw,
    amendment_withdraw_check,
)
from .checks import Standing, standing_of
from .indexing import index_amendment
from .quotes import resolve_quote

__all__ = [
    "DECISIONS",
    "MAX_TEXT",
    "acting_member",
    "amendment_decide",
    "amendment_decide_check",
    "amendment_propose",
    "amendment_propose_check",
    "amendment_support",
    "amendment_support_check",
    "amendment_support_remove",
    "amendment_support_remove_check",
    "amendment_withdraw",
    "amendment_withdraw_check",
    "ensure_issued",
    "ensure_proposed",
    "group_of",
    "item_or_404",
    "locked_update",
    "may_speak_for",
    "propose_attribution",
    "rebase_or_conflict",
    "record_amendment",
    "require_member",
]

SPAN_KINDS = frozenset(
    {Amendment.Kind.INSERT_TEXT, Amendment.Kind.DELETE_TEXT, Amendment.Kind.REPLACE_TEXT}
)
NEW_TEXT_KINDS = frozenset(
    {
        Amendment.Kind.INSERT_TEXT,
        Amendment.Kind.REPLACE_TEXT,
        Amendment.Kind.ADD_PARAGRAPH,
        Amendment.Kind.ALTERNATIVE,
    }
)


def _attribute(standing: Standing, paragraph: Paragraph) -> tuple[Member | None, str]:
    """Who an amendment is from: the delegate's member, else the bureau role.

    A facilitator (with no other role) acts only on their consultation's paragraphs.
    """
    standing.require("drafts.amend")
    if standing.member is not None:
        return standing.member, ""
    for role in (CHAIR, VICE_CHAIR):
        if role in standing.kinds:
            return None, role
    if FACILITATOR in standing.kinds:
        if paragraph.pk not in standing.facilitated:
            raise PermissionDenied(
                _("A facilitator acts only on the paragraphs of their consultation.")
            )
        return None, FACILITATOR
    if standing.superuser:
        return None, CHAIR
    raise PermissionDenied(_("Only a delegation's delegates can propose amendments."))


def _not_amendable(paragraph: Paragraph, kind: str) -> None:
    # A heading or title is structure, not negotiated text; a paragraph may follow it.
    if paragraph.kind == Paragraph.Kind.HEADING and kind != Amendment.Kind.ADD_PARAGRAPH:
        raise ValidationFailed(
            _("%(key)s is a heading: headings and titles are not amended.")
            % {"key": paragraph.key},
            code="not_amendable",
        )


def amendment_propose_check(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    kind: str = Amendment.Kind.REPLACE_TEXT,
    standing: Standing | None = None,
) -> None:
    """Raise what :func:`amendment_propose` would refuse before reading the text: an
    unknown kind, a paragraph of another report, who may not propose (a facilitator
    outside their consultation), a version not issued, a heading."""
    propose_attribution(actor, version, paragraph, kind, standing)


def propose_attribution(
    actor: Any, version: Version, paragraph: Paragraph, kind: str, standing: Standing | None
) -> tuple[Member | None, str]:
    """The proposer and role of an amendment of ``kind`` (the check, then who it is from)."""
    if kind not in Amendment.Kind.values:
        raise ValidationFailed(
            _("Unknown amendment type %(kind)r.") % {"kind": kind}, fields={"kind": "invalid"}
        )
    if paragraph.report_id != version.report_id:
        raise NotFound(_("No such paragraph in this version."))
    if standing is None:
        standing = standing_of(actor, group_of(version), version.report)
    attributed = _attribute(standing, paragraph)
    ensure_issued(version)
    _not_amendable(paragraph, kind)
    return attributed


def may_speak_for(
    proposer: Member | None, group: WorkingGroup, negotiating_group: NegotiatingGroup
) -> None:
    if proposer is None:
        raise PermissionDenied(
            _("Only a delegation's delegates can propose on behalf of a negotiating group.")
        )
    if negotiating_group.group_id != group.pk or not member_may_speak_for(
        proposer, negotiating_group
    ):
        raise PermissionDenied(
            _("%(member)s is not a member of the %(group)s, so it cannot propose on its behalf.")
            % {"member": proposer.name, "group": negotiating_group},
            fields={"on_behalf_of": _("Choose a negotiating group your delegation belongs to.")},
        )


def _check_span(kind: str, text: str, start: int | None, end: int | None, new_text: str) -> Edit:
    if start is None:
        raise ValidationFailed(
            _("Say where the change goes: quote the words, or give the start offset."),
            fields={"start": "required"},
        )
    if kind == Amendment.Kind.INSERT_TEXT:
        end = start
    if end is None:
        raise ValidationFailed(
            _("Say where the change ends (end offset)."), fields={"end": "required"}
        )
    edit = Edit(start, end, new_text)
    try:
        check_range(text, edit)
    except EditRangeError as exc:
        raise ValidationFailed(
            _("The span is outside the paragraph: %(detail)s.") % {"detail": exc},
            fields={"start": "range"},
        ) from None
    if kind != Amendment.Kind.INSERT_TEXT and start == end:
        raise ValidationFailed(_("Select the words to delete or replace."), fields={"end": "empty"})
    if kind == Amendment.Kind.REPLACE_TEXT and text[start:end] == new_text:
        raise ValidationFailed(_("The replacement is the same as the current text."))
    return edit


def _check_text(kind: str, new_text: str) -> str:
    if kind in NEW_TEXT_KINDS:
        if not new_text.strip():
            raise ValidationFailed(_("Give the proposed text."), fields={"new_text": "required"})
        if len(new_text) > MAX_TEXT:
            raise ValidationFailed(
                _("The proposed text is too long."), fields={"new_text": "too_long"}
            )
        return new_text
    return ""


QUOTE_KINDS = frozenset({Amendment.Kind.REPLACE_TEXT, Amendment.Kind.DELETE_TEXT})


def amendment_propose(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    kind: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int | None = None,
    new_text: str = "",
    after: Paragraph | None = None,
    rationale: str = "",
    parent: Amendment | None = None,
    expected_text_hash: str | None = None,
    on_behalf_of: NegotiatingGroup | None = None,
) -> Amendment:
    """Propose a change to ``paragraph`` as it reads in ``version`` (an issued version).

    ``on_behalf_of``: the delegate's member proposes it for its negotiating group ("South
    Africa on behalf of the G77 and China"); only a member of that group may.

    The words a replacement or deletion changes are given by offsets into the paragraph's
    text (for a ``parent``: into the parent's proposed text), or by ``quote`` (with
    ``occurrence``, 1-based, when they occur more than once; offsets sent with a quote
    pick among its occurrences). ``after`` is accepted for ``add_paragraph`` as the
    paragraph the new one follows (it must be ``paragraph`` itself when both are given).
    ``expected_text_hash`` (SHA-256 of the text the proposer saw) turns a mismatch into
    409 instead of a misplaced change.
    """
    group = group_of(version)
    proposer, role = propose_attribution(actor, version, paragraph, kind, None)
    if after is not None and (kind != Amendment.Kind.ADD_PARAGRAPH or after.pk != paragraph.pk):
        raise ValidationFailed(_("'after' names the paragraph a new paragraph follows."))
    if on_behalf_of is not None:
        may_speak_for(proposer, group, on_behalf_of)
    if quote is not None and kind not in QUOTE_KINDS:
        raise ValidationFailed(
            _("Quote the words to replace or delete; to insert words, edit the paragraph."),
            fields={"quote": "kind"},
        )
    new_text = _check_text(kind, new_text)
    with transaction.atomic():
        item = item_or_404(version, paragraph)
        base_text = item.text
        rebased_from: Version | None = None
        if parent is not None:
            parent = Amendment.objects.select_related("version").get(pk=parent.pk)
            if parent.version_id != version.pk or parent.paragraph_id != paragraph.pk:
                raise ValidationFailed(
                    _("A sub-amendment must be on the same paragraph and version.")
                )
            if parent.status != Amendment.Status.PROPOSED or parent.parent_id is not None:
                raise ValidationFailed(_("Only a proposed, first-level amendment can be amended."))
            if parent.kind not in NEW_TEXT_KINDS or kind not in SPAN_KINDS:
                raise ValidationFailed(
                    _(
                        "A sub-amendment inserts, deletes or replaces words of "
                        "the text an amendment proposes."
                    )
                )
            base_text = parent.new_text
        if expected_text_hash is not None and expected_text_hash != text_hash(base_text):
            raise Conflict(
                _("The text you amended is not the text of this version; reload."),
                code="stale_text",
            )
        if quote is not None:
            start, end = resolve_quote(
                base_text, quote, occurrence=occurrence, start=start, end=end
            )
        edit = _check_span(kind, base_text, start, end, new_text) if kind in SPAN_KINDS else None
        latest = latest_issued_version(version.report)
        if parent is None and latest is not None and latest.number > version.number:
            # Carry it onto the latest text, or refuse: never apply on changed words.
            newer = version_item(latest, paragraph)
            if newer is None:
                raise Conflict(
                    _("%(key)s is no longer in %(version)s.")
                    % {"key": paragraph.key, "version": latest.label},
                    code="stale",
                )
            if edit is not None:
                edit = rebase_or_conflict(base_text, newer.text, edit, paragraph, latest)
            rebased_from, version, base_text = version, latest, newer.text
        return record_amendment(
            actor=actor,
            version=version,
            paragraph=paragraph,
            kind=kind,
            parent=parent,
            proposer=proposer,
            role=role,
            on_behalf_of=on_behalf_of,
            base_text=base_text,
            edit=edit,
            new_text=new_text,
            rationale=rationale,
            rebased_from=rebased_from,
        )


def rebase_or_conflict(
    old_text: str, new_text: str, edit: Edit, paragraph: Paragraph, latest: Version
) -> Edit:
    """``edit`` carried onto the latest text, or 409 when the words it touches changed."""
    try:
        return rebase_edit(old_text, new_text, edit)
    except RebaseConflict:
        raise Conflict(
            _(
                "%(key)s changed in %(version)s where you amend it; "
                "reload %(version)s and propose again."
            )
            % {"key": paragraph.key, "version": latest.label},
            code="stale",
        ) from None


def record_amendment(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    kind: str,
    proposer: Member | None,
    role: str,
    base_text: str,
    edit: Edit | None,
    new_text: str,
    rationale: str,
    parent: Amendment | None = None,
    on_behalf_of: NegotiatingGroup | None = None,
    rebased_from: Version | None = None,
    parts: Sequence[Edit] = (),
) -> Amendment:
    """Create the amendment (and its ``parts``, two or more, covered by ``edit``), index
    it and audit it; inside the caller's transaction, after every check."""
    amendment = Amendment.objects.create(
        version=version,
        paragraph=paragraph,
        kind=kind,
        parent=parent,
        proposer=proposer,
        proposer_role=role,
        on_behalf_of=on_behalf_of,
        submitted_by=actor,
        start=edit.start if edit else None,
        end=edit.end if edit else None,
        old_text=base_text[edit.start : edit.end] if edit else "",
        new_text=new_text,
        base_text_hash=text_hash(base_text),
        rationale=rationale.strip()[:MAX_TEXT],
        rebased_from=rebased_from,
    )
    if parts:
        AmendmentPart.objects.bulk_create(
            AmendmentPart(
                amendment=amendment,
                position=position,
                start=part.start,
                end=part.end,
                old_text=base_text[part.start : part.end],
                new_text=part.new,
            )
            for position, part in enumerate(parts)
        )
    index_amendment(amendment)
    audit_record(
        actor=actor,
        action="accord.amendment.propose",
        target=amendment,
        group_id=group_of(version).pk,
        data={
            "version": version.number,
            "paragraph": paragraph.key,
            "kind": kind,
            "start": amendment.start,
            "end": amendment.end,
            "new_text": new_text,
            "parts": [[p.start, p.end, p.new] for p in parts],
            "parent": parent.pk if parent else None,
            "rebased_from": rebased_from.number if rebased_from else None,
            "on_behalf_of": on_behalf_of.slug if on_behalf_of else None,
        },
    )
    return amendment
