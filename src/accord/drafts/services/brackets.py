"""Brackets: a delegation brackets a span; others join as holders; lifted by the last.

Two delegates bracketing the same span at the same moment must end with one bracket and two
holders. The paragraph's row in the version is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite takes its write lock at ``BEGIN IMMEDIATE``), so the look-up for an
existing bracket and the insert of a new one are serialised per paragraph.

``from_text`` marks a bracket whose ``[`` and ``]`` are already in the version's text
(read from an imported draft, or written in by an earlier revision); the next revision
removes those characters when it is lifted, and writes the others in while they are held.

The span is given by offsets or by quoting the words (``quote``, ``occurrence``: see
``services.quotes``). Each write has its check beside it (``bracket_add_check`` …, see
``services.checks``).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.core.amend import Edit, RebaseConflict, crossing, rebase_edit
from accord.core.brackets import bracket_spans
from accord.groups.models import Member

from ..models import Bracket, BracketHolder, Paragraph, Version, VersionParagraph
from ..selectors.amendments import latest_issued_version, version_item
from .amendment_common import ensure_issued, group_of, item_or_404
from .checks import Standing, standing_of
from .quotes import resolve_quote

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


def _bracketing_member(standing: Standing) -> Member:
    standing.require("drafts.bracket")
    if standing.member is None:
        raise PermissionDenied(_("Only a delegation's delegates can bracket text."))
    return standing.member


def bracket_add_check(
    *, actor: Any, version: Version, paragraph: Paragraph, standing: Standing | None = None
) -> None:
    """Raise what :func:`bracket_add` would refuse before reading the span: not a
    delegate, a paragraph of another report, a version not issued, a heading."""
    _add_member(actor, version, paragraph, standing)


def _add_member(
    actor: Any, version: Version, paragraph: Paragraph, standing: Standing | None
) -> Member:
    if standing is None:
        standing = standing_of(actor, group_of(version))
    member = _bracketing_member(standing)
    if paragraph.report_id != version.report_id:
        raise ValidationFailed(_("That paragraph is not in this report."))
    ensure_issued(version)
    if paragraph.kind == Paragraph.Kind.HEADING:
        raise ValidationFailed(
            _("%(key)s is a heading: headings and titles are not bracketed.")
            % {"key": paragraph.key},
            code="not_amendable",
        )
    return member


def bracket_add(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int | None = None,
    reason: str = Bracket.Reason.CONTESTED,
    linked_paragraph: Paragraph | None = None,
    note: str = "",
) -> Bracket:
    """Bracket ``text[start:end]`` of ``paragraph`` in ``version`` for the actor's member.

    The span is given by offsets, or by ``quote`` (and ``occurrence``, 1-based, when the
    words occur more than once; offsets sent with a quote pick among its occurrences).
    The same open span already bracketed: the member joins it as a holder instead.
    On an older version, the span is carried onto the latest issued one when its words
    are unchanged there, and refused (409) when they changed.
    """
    group = group_of(version)
    member = _add_member(actor, version, paragraph, None)
    if reason not in Bracket.Reason.values:
        raise ValidationFailed(
            _("Unknown reason %(reason)r.") % {"reason": reason}, fields={"reason": "invalid"}
        )
    if reason == Bracket.Reason.LINKED and linked_paragraph is None:
        raise ValidationFailed(
            _("Say which paragraph it is linked to."), fields={"linked_paragraph": "required"}
        )
    if linked_paragraph is not None and linked_paragraph.report_id != version.report_id:
        raise ValidationFailed(_("The linked paragraph is not in this report."))
    item = item_or_404(version, paragraph)
    text = item.text
    if quote is not None:
        start, end = resolve_quote(text, quote, occurrence=occurrence, start=start, end=end)
    if start is None or end is None:
        raise ValidationFailed(
            _("Say which words to bracket: quote them, or give their offsets."),
            fields={"quote": _("Required.")},
        )
    if not 0 <= start < end <= len(text):
        raise ValidationFailed(
            _(
                "Select some text: the span %(start)d–%(end)d is empty or outside the "
                "paragraph (0–%(length)d)."
            )
            % {"start": start, "end": end, "length": len(text)},
            fields={"start": "range"},
        )
    if not text[start:end].strip():
        raise ValidationFailed(_("Select words, not only spaces."), fields={"start": "blank"})
    latest = latest_issued_version(version.report)
    if latest is not None and latest.number > version.number:
        newer = version_item(latest, paragraph)
        try:
            if newer is None:
                raise RebaseConflict("paragraph dropped")
            moved = rebase_edit(text, newer.text, Edit(start, end, ""))
        except RebaseConflict:
            raise Conflict(
                _("%(key)s changed in %(version)s where you bracket it; reload %(version)s.")
                % {"key": paragraph.key, "version": latest.label},
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
                    _("Brackets must nest: this span crosses an existing bracket."),
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
        _holder, joined = _join(bracket, member, actor, note)
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


def bracket_join_check(*, actor: Any, bracket: Bracket, standing: Standing | None = None) -> None:
    """Raise what :func:`bracket_join` would refuse: not a delegate, a lifted bracket."""
    if standing is None:
        standing = standing_of(actor, group_of(bracket.version))
    _bracketing_member(standing)
    if bracket.lifted_at is not None:
        raise Conflict(_("This bracket has been lifted."), code="lifted")


def bracket_join(*, actor: Any, bracket: Bracket, note: str = "") -> Bracket:
    """The actor's member becomes a holder of an open bracket (again: no change)."""
    group = group_of(bracket.version)
    standing = standing_of(actor, group)
    bracket_join_check(actor=actor, bracket=bracket, standing=standing)
    member = _bracketing_member(standing)
    with transaction.atomic():
        current = Bracket.objects.select_for_update().get(pk=bracket.pk)
        bracket_join_check(actor=actor, bracket=current, standing=standing)
        _holder, joined = _join(current, member, actor, note.strip()[:MAX_NOTE])
        if joined:
            audit_record(
                actor=actor,
                action="accord.bracket.join",
                target=current,
                group_id=group.pk,
                data={"member": member.slug},
            )
    return current


def _holder_ids(bracket: Bracket) -> set[int]:
    """The members holding ``bracket`` now (``active_holders`` when prefetched)."""
    active = getattr(bracket, "active_holders", None)
    if active is not None:
        return {h.member_id for h in active}
    return set(
        BracketHolder.objects.filter(bracket=bracket, lifted_at__isnull=True).values_list(
            "member_id", flat=True
        )
    )


def bracket_lift_check(*, actor: Any, bracket: Bracket, standing: Standing | None = None) -> None:
    """Raise what :func:`bracket_lift` would refuse: a delegation lifts its own hold; the
    chair lifts a bracket nobody holds (read from an imported text)."""
    if standing is None:
        standing = standing_of(actor, group_of(bracket.version))
    if bracket.lifted_at is not None:
        raise Conflict(_("This bracket has already been lifted."), code="lifted")
    holders = _holder_ids(bracket)
    if standing.can("drafts.bracket"):
        member = standing.member
        if member is None:
            raise PermissionDenied(_("Only a delegation's delegates can lift brackets."))
        if member.pk not in holders:
            raise PermissionDenied(_("Your delegation does not hold this bracket."))
    elif not (standing.can("drafts.decide_amendment") and not holders):
        raise PermissionDenied(_("Only the delegations holding a bracket can lift it."))


def bracket_lift(*, actor: Any, bracket: Bracket) -> Bracket:
    """Lift the actor's member's hold; the bracket is lifted when its last holder lifts it.

    A bracket with no holders left (read from an imported text, holders unknown) is
    lifted by the chair.
    """
    group = group_of(bracket.version)
    standing = standing_of(actor, group)
    now = timezone.now()
    with transaction.atomic():
        current = Bracket.objects.select_for_update().get(pk=bracket.pk)
        bracket_lift_check(actor=actor, bracket=current, standing=standing)
        active = BracketHolder.objects.filter(bracket=current, lifted_at__isnull=True)
        if standing.can("drafts.bracket") and standing.member is not None:
            active.filter(member=standing.member).update(lifted_at=now)
            data: dict[str, Any] = {"member": standing.member.slug}
        else:
            data = {"by": "chair"}
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
