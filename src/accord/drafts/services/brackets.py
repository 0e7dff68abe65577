"""Brackets: a delegation brackets a span; others join as holders; lifted by the last.

Two delegates bracketing the same span at the same moment must end with one bracket and two
holders. The paragraph's row in the version is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite takes its write lock at ``BEGIN IMMEDIATE``), so the look-up for an
existing bracket and the insert of a new one are serialised per paragraph.

``from_text`` marks a bracket whose ``[`` and ``]`` are already in the version's text
(read from an imported draft, or written in by an earlier revision); the next revision
removes those characters when it is lifted, and writes the others in while they are held.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.core.amend import Edit, RebaseConflict, crossing, rebase_edit
from accord.core.brackets import bracket_spans
from accord.groups.permissions import can, require

from ..models import Bracket, BracketHolder, Paragraph, Version, VersionParagraph
from ..selectors.amendments import latest_issued_version, version_item
from .amendments import ensure_issued, group_of, item_or_404, require_member

MAX_NOTE = 2_000


def _literal_spans(text: str) -> set[tuple[int, int]]:
    return {(s, e) for s, e, _ in bracket_spans(text)}


def _join(bracket: Bracket, member: Any, actor: Any, note: str) -> tuple[BracketHolder, bool]:
    """Add ``member`` as a holder; an existing active hold is returned as it is."""
    existing = BracketHolder.objects.filter(
        bracket=bracket, member=member, lifted_at__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            holder = BracketHolder.objects.create(
                bracket=bracket, member=member, reason=note, added_by=actor
            )
    except IntegrityError:  # the partial unique index: the same member at the same time
        holder = BracketHolder.objects.get(bracket=bracket, member=member, lifted_at__isnull=True)
        return holder, False
    return holder, True


def bracket_add(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    start: int,
    end: int,
    reason: str = Bracket.Reason.CONTESTED,
    linked_paragraph: Paragraph | None = None,
    note: str = "",
) -> Bracket:
    """Bracket ``text[start:end]`` of ``paragraph`` in ``version`` for the actor's member.

    The same open span already bracketed: the member joins it as a holder instead.
    On an older version, the span is carried onto the latest issued one when its words
    are unchanged there, and refused (409) when they changed.
    """
    group = group_of(version)
    require(actor, "drafts.bracket", group)
    member = require_member(actor, group, "bracket text")
    if paragraph.report_id != version.report_id:
        raise ValidationFailed("That paragraph is not in this report.")
    if reason not in Bracket.Reason.values:
        raise ValidationFailed(f"Unknown reason {reason!r}.", fields={"reason": "invalid"})
    if reason == Bracket.Reason.LINKED and linked_paragraph is None:
        raise ValidationFailed(
            "Say which paragraph it is linked to.", fields={"linked_paragraph": "required"}
        )
    if linked_paragraph is not None and linked_paragraph.report_id != version.report_id:
        raise ValidationFailed("The linked paragraph is not in this report.")
    ensure_issued(version)
    item = item_or_404(version, paragraph)
    text = item.text
    if not 0 <= start < end <= len(text):
        raise ValidationFailed(
            f"Select some text: the span {start}–{end} is empty or outside the paragraph "
            f"(0–{len(text)}).",
            fields={"start": "range"},
        )
    if not text[start:end].strip():
        raise ValidationFailed("Select words, not only spaces.", fields={"start": "blank"})
    latest = latest_issued_version(version.report)
    if latest is not None and latest.number > version.number:
        newer = version_item(latest, paragraph)
        try:
            if newer is None:
                raise RebaseConflict("paragraph dropped")
            moved = rebase_edit(text, newer.text, Edit(start, end, ""))
        except RebaseConflict:
            raise Conflict(
                f"{paragraph.key} changed in {latest.label} where you bracket it; "
                f"reload {latest.label}.",
                code="stale",
            ) from None
        version, text, start, end = latest, newer.text, moved.start, moved.end
    note = note.strip()[:MAX_NOTE]
    with transaction.atomic():
        # Serialise bracketing of this paragraph (a row lock, not a write: the issued
        # version's immutability triggers do not fire).
        list(
            VersionParagraph.objects.select_for_update()
            .filter(version=version, paragraph=paragraph)
            .values_list("pk", flat=True)
        )
        open_brackets = Bracket.objects.filter(
            version=version, paragraph=paragraph, lifted_at__isnull=True
        )
        bracket = open_brackets.filter(start=start, end=end).first()
        created = bracket is None
        if bracket is None:
            others = [(b.start, b.end) for b in open_brackets] + list(_literal_spans(text))
            pair = crossing([*others, (start, end)])
            if pair is not None:
                raise ValidationFailed(
                    "Brackets must nest: this span crosses an existing bracket.",
                    fields={"start": "crossing"},
                )
            bracket = Bracket.objects.create(
                version=version,
                paragraph=paragraph,
                start=start,
                end=end,
                text=text[start:end],
                reason=reason,
                linked_paragraph=linked_paragraph,
                from_text=(start, end) in _literal_spans(text),
            )
        _, joined = _join(bracket, member, actor, note)
        if created or joined:
            audit_record(
                actor=actor,
                action="accord.bracket.add" if created else "accord.bracket.join",
                target=bracket,
                group_id=group.pk,
                data={
                    "paragraph": paragraph.key,
                    "version": version.number,
                    "start": start,
                    "end": end,
                    "member": member.slug,
                    "reason": reason,
                },
            )
    return bracket


def bracket_join(*, actor: Any, bracket: Bracket, note: str = "") -> Bracket:
    """The actor's member becomes a holder of an open bracket."""
    group = group_of(bracket.version)
    require(actor, "drafts.bracket", group)
    member = require_member(actor, group, "bracket text")
    with transaction.atomic():
        current = Bracket.objects.select_for_update().get(pk=bracket.pk)
        if current.lifted_at is not None:
            raise Conflict("This bracket has been lifted.", code="lifted")
        _, joined = _join(current, member, actor, note.strip()[:MAX_NOTE])
        if joined:
            audit_record(
                actor=actor,
                action="accord.bracket.join",
                target=current,
                group_id=group.pk,
                data={"member": member.slug},
            )
    return current


def bracket_lift(*, actor: Any, bracket: Bracket) -> Bracket:
    """Lift the actor's member's hold; the bracket is lifted when its last holder lifts it.

    A bracket with no holders left (read from an imported text, holders unknown) is
    lifted by the chair.
    """
    group = group_of(bracket.version)
    now = timezone.now()
    with transaction.atomic():
        current = Bracket.objects.select_for_update().get(pk=bracket.pk)
        if current.lifted_at is not None:
            raise Conflict("This bracket has already been lifted.", code="lifted")
        active = BracketHolder.objects.filter(bracket=current, lifted_at__isnull=True)
        if can(actor, "drafts.bracket", group):
            member = require_member(actor, group, "lift brackets")
            lifted = active.filter(member=member).update(lifted_at=now)
            if not lifted:
                raise PermissionDenied("Your delegation does not hold this bracket.")
            data: dict[str, Any] = {"member": member.slug}
        elif can(actor, "drafts.decide_amendment", group) and not active.exists():
            data = {"by": "chair"}
        else:
            raise PermissionDenied("Only the delegations holding a bracket can lift it.")
        remaining = active.count()
        if remaining == 0:
            current.lifted_at = now
            current.save(update_fields=["lifted_at"])
        audit_record(
            actor=actor,
            action="accord.bracket.lift",
            target=current,
            group_id=group.pk,
            data={**data, "remaining_holders": remaining},
        )
    return current
