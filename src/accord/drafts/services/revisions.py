"""Issue the next revision from a version and the amendments the chair incorporates.

One transaction: a new version is created with the chosen amendments applied (exactly
the text :func:`accord.drafts.selectors.final.final_text` previews), the options the chair
chose (the others dropped), and the brackets still held written into the text; the
amendments are marked incorporated in it, the others of the version not incorporated
(unless the chair leaves them proposed), and the version is issued through
:func:`accord.drafts.services.versions.version_issue` (content hash and all).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.core.amend import OverlayError, Span, map_span, render_brackets
from accord.core.paragraph_ids import InvalidKey, display_numbers
from accord.groups.permissions import require

from ..models import (
    Amendment,
    Bracket,
    BracketHolder,
    OptionGroup,
    Paragraph,
    Version,
    VersionParagraph,
)
from ..selectors.amendments import latest_issued_version
from ..selectors.final import FinalItem, compose, option_choices
from .amendments import ensure_issued, group_of
from .versions import version_create, version_issue


def _brackets_into(
    item: FinalItem, brackets: Sequence[Bracket]
) -> tuple[str, list[tuple[Bracket, Span]]]:
    """The item's new text with held brackets written in and lifted ones taken out.

    Returns the text and, for every bracket still held, its span in that text.
    """
    text = item.text
    add: list[tuple[Bracket, Span]] = []
    keep: list[tuple[Bracket, Span]] = []
    lift: list[Span] = []
    for bracket in brackets:
        span = map_span(item.edits, bracket.start, bracket.end)
        if span is None:  # the bracketed words were deleted by an incorporated amendment
            continue
        s, e = span
        literal = bracket.from_text and text[s] == "[" and text[e - 1] == "]"
        if bracket.lifted_at is not None:
            if literal:
                lift.append(span)
        elif literal:
            keep.append((bracket, span))
        else:
            add.append((bracket, span))
    try:
        rendered = render_brackets(text, [s for _, s in add], lift=lift, keep=[s for _, s in keep])
    except OverlayError as exc:
        raise ValidationFailed(
            _(
                "The brackets of %(key)s cannot be written into the amended text (%(exc)s); "
                "lift or re-bracket them first."
            )
            % {"key": item.key, "exc": exc}
        ) from None
    added = dict.fromkeys(s for _, s in add)
    positions = dict(zip(added, rendered.added, strict=True))
    carried = [(b, positions[s]) for b, s in add] + [
        (b, span) for (b, _), span in zip(keep, rendered.kept, strict=True)
    ]
    return rendered.text, carried


def _numbers(keys: list[str]) -> list[str]:
    try:
        return display_numbers(keys)
    except InvalidKey:  # keys outside the UN scheme: no printed numbers
        return [""] * len(keys)


def revision_issue_from_amendments(
    *,
    actor: Any,
    version: Version,
    incorporate: Sequence[Amendment],
    label: str,
    kind: str = Version.Kind.REVISION,
    leave_others_proposed: bool = False,
) -> Version:
    """Issue the next version of ``version``'s report (the chair only). See the module doc."""
    report = version.report
    group = group_of(version)
    require(actor, "drafts.issue", group)
    ensure_issued(version)
    latest = latest_issued_version(report)
    if latest is not None and latest.pk != version.pk:
        raise Conflict(
            _("%(label)s is newer; issue the next revision from it.") % {"label": latest.label},
            code="stale",
        )
    with transaction.atomic():
        ids = [a.pk for a in incorporate]
        seen = {a.pk: a.lock_version for a in incorporate}
        chosen = list(
            Amendment.objects.select_for_update()
            .select_related("paragraph", "version")
            .prefetch_related("parts")
            .filter(pk__in=ids)
        )
        if len(chosen) != len(set(ids)):
            raise ValidationFailed(_("Some of these amendments do not exist."))
        for amendment in chosen:
            if amendment.lock_version != seen[amendment.pk]:
                raise Conflict(
                    _("Amendment #%(pk)s was changed by someone else; reload.")
                    % {"pk": amendment.pk},
                    code="stale",
                )
        settled = option_choices(version)
        final = compose(version, chosen, options=settled)
        if final.conflicts:
            raise ValidationFailed(
                _("Cannot issue: %(conflicts)s") % {"conflicts": " ".join(final.conflicts)},
                fields={"amendments": "conflict"},
            )
        new = version_create(actor=actor, report=report, kind=kind, label=label)
        Version.objects.filter(pk=new.pk).update(based_on=version)
        dropped = {pid for choice in settled for pid in choice.options if pid != choice.chosen}
        brackets: dict[int, list[Bracket]] = {}
        for bracket in Bracket.objects.filter(version=version):
            brackets.setdefault(bracket.paragraph_id, []).append(bracket)
        kept = final.kept  # without the deleted paragraphs and the options not chosen
        rows: list[VersionParagraph] = []
        carried: list[tuple[Bracket, Paragraph, Span, str]] = []
        alternatives: list[tuple[Paragraph, Paragraph]] = []
        numbers = _numbers([item.key for item in kept])
        for order, (item, number) in enumerate(zip(kept, numbers, strict=True), start=1):
            paragraph = item.paragraph
            text = item.text
            if paragraph is None:
                paragraph = Paragraph.objects.create(
                    report=report,
                    key=item.key,
                    kind=item.kind,
                    derived_from=item.anchor,
                    created_in=new,
                )
                if item.change == "alternative" and item.anchor is not None:
                    alternatives.append((item.anchor, paragraph))
            else:
                text, spans = _brackets_into(item, brackets.get(paragraph.pk, []))
                carried += [(b, paragraph, span, text) for b, span in spans]
            rows.append(
                VersionParagraph(
                    version=new,
                    paragraph=paragraph,
                    order=order,
                    display_number=number,
                    text=text,
                    footnotes=item.footnotes,
                )
            )
        VersionParagraph.objects.bulk_create(rows)
        for bracket, paragraph, (s, e), text in carried:
            copy = Bracket.objects.create(
                version=new,
                paragraph=paragraph,
                start=s,
                end=e,
                text=text[s:e],
                reason=bracket.reason,
                linked_paragraph=bracket.linked_paragraph,
                from_text=True,
            )
            BracketHolder.objects.bulk_create(
                BracketHolder(
                    bracket=copy, member_id=h.member_id, reason=h.reason, added_by_id=h.added_by_id
                )
                for h in bracket.holders.filter(lifted_at__isnull=True)
            )
        surviving = {row.paragraph.pk for row in rows}
        for option_group in OptionGroup.objects.filter(version=version, chosen__isnull=True):
            options = [p for p in option_group.paragraphs.all() if p.pk in surviving]
            if len(options) >= 2:
                OptionGroup.objects.create(version=new, label=option_group.label).paragraphs.set(
                    options
                )
        for anchor, alternative in alternatives:
            if anchor.pk in surviving:
                OptionGroup.objects.create(
                    version=new, label=f"{anchor.key} or {alternative.key}"
                ).paragraphs.set([anchor, alternative])
        Amendment.objects.filter(pk__in=ids).update(
            status=Amendment.Status.INCORPORATED,
            incorporated_in=new,
            status_reason=f"Incorporated in {new.label}.",
            lock_version=F("lock_version") + 1,
        )
        others = 0
        if not leave_others_proposed:
            others = (
                Amendment.objects.filter(version=version, status=Amendment.Status.PROPOSED)
                .exclude(pk__in=ids)
                .update(
                    status=Amendment.Status.NOT_INCORPORATED,
                    status_reason=f"Not incorporated in {new.label}.",
                    lock_version=F("lock_version") + 1,
                )
            )
        new = version_issue(actor=actor, version=new)
        audit_record(
            actor=actor,
            action="accord.version.revise",
            target=new,
            group_id=group.pk,
            data={
                "from": version.number,
                "label": new.label,
                "incorporated": sorted(ids),
                "not_incorporated": others,
                "dropped_options": sorted(dropped),
                "brackets_carried": len(carried),
            },
        )
    return new
