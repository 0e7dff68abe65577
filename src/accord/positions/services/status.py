"""Move a paragraph's status; confirm an ad referendum agreement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member

from .. import selectors
from ..models import StatusEvent
from .checks import (
    REASON_MAX,
    Acting,
    S,
    may_confirm,
    may_determine,
    may_move,
    may_set_status,
    may_take_positions,
    raise_refusal,
)


def _blocked(key: str, blockers: selectors.Blockers) -> Conflict:
    return Conflict(
        blockers.describe(key)
        + " "
        + _(
            "To agree it over them, the Chair must record a determination and give its reason; "
            "otherwise resolve them first."
        ),
        code="standing_objections",
        fields={
            "determination": _("Give the reason for the Chair's determination."),
            "objections": ", ".join(blockers.objector_names),
            "brackets": ", ".join(blockers.holder_names),
        },
    )


def _pending(version: Version, pending_members: Iterable[Member]) -> list[Member]:
    members = list({m.pk: m for m in pending_members}.values())
    for m in members:
        if m.group_id != version.report.group_id or m.status != Member.Status.MEMBER:
            raise ValidationFailed(
                _("%(member)s is not a member of this group.") % {"member": m.name},
                fields={"pending_members": _("Choose members of the group.")},
            )
    return members


def status_set(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    status: str,
    pending_members: Iterable[Member] = (),
    note: str = "",
    determination: str | None = None,
) -> StatusEvent:
    """Move a paragraph's status (chair; a facilitator only within their consultation).

    Agreeing (or agreeing ad referendum) while members object — on their own or through their
    negotiating group — or hold brackets is a ``Conflict`` naming them, unless the Chair makes
    a ``determination`` (its reason): the event then records it and the overruled objections
    and brackets as they stood.
    """
    acting = Acting(actor, version)
    raise_refusal(may_set_status(acting, paragraph))
    if status not in S.values:
        raise ValidationFailed(_("Unknown status."), fields={"status": _("Unknown status.")})
    determination = (determination or "").strip()
    if determination:
        if status not in selectors.PROVISIONAL:
            raise ValidationFailed(
                _(
                    "A determination of the Chair agrees a paragraph; it applies only to agreed "
                    "or agreed ad referendum."
                ),
                fields={"determination": _("Leave empty for this status.")},
            )
        raise_refusal(may_determine(acting))
        if len(determination) > REASON_MAX:
            raise ValidationFailed(
                _("The determination is too long (at most %(n)d characters).") % {"n": REASON_MAX},
                fields={"determination": _("Too long.")},
            )
    pending = _pending(version, pending_members)
    if status == S.AGREED_AD_REF and not pending:
        raise ValidationFailed(
            _("Agreed ad referendum needs the members whose confirmation is awaited."),
            fields={"pending_members": _("Name at least one member.")},
        )
    if status != S.AGREED_AD_REF and pending:
        raise ValidationFailed(
            _("Only an ad referendum agreement awaits members' confirmation."),
            fields={"pending_members": _("Leave empty for this status.")},
        )
    with transaction.atomic():
        # Serialise status changes on one paragraph: the check below reads the latest event.
        Paragraph.objects.select_for_update().filter(pk=paragraph.pk).first()
        current = selectors.status_of(version, paragraph).status
        raise_refusal(may_move(paragraph.key, current, status))
        overruled: list[dict[str, Any]] = []
        if status in selectors.PROVISIONAL:
            blockers = selectors.paragraph_blockers(version, paragraph)
            if blockers and not determination:
                raise _blocked(paragraph.key, blockers)
            overruled = blockers.as_record()
        return _status_event(
            actor,
            version,
            paragraph,
            status,
            pending,
            note.strip(),
            determination=determination,
            determined_by=actor if determination else None,
            overruled=overruled,
        )


def _status_event(
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    status: str,
    pending: list[Member],
    note: str,
    *,
    determination: str = "",
    determined_by: Any = None,
    overruled: list[dict[str, Any]] | None = None,
) -> StatusEvent:
    event = StatusEvent.objects.create(
        paragraph=paragraph,
        version=version,
        status=status,
        note=note,
        actor=actor,
        determination=determination,
        determined_by=determined_by if getattr(determined_by, "is_authenticated", False) else None,
        overruled=overruled or [],
    )
    if pending:
        event.pending_members.set(pending)
    data: dict[str, Any] = {
        "paragraph": paragraph.key,
        "version": version.number,
        "status": status,
        "pending": sorted(m.slug for m in pending),
    }
    if determination:
        data["determination"] = determination
        data["overruled"] = event.overruled
    audit_record(
        actor=actor,
        action="accord.paragraph_status.set",
        target=event,
        group_id=version.report.group_id,
        data=data,
    )
    return event


def _carried_determination(
    version: Version, paragraph: Paragraph, previous: StatusEvent | None
) -> dict[str, Any]:
    """An ad referendum agreement made by determination stays one as members confirm; the last
    confirmation may not agree the paragraph over objections or brackets raised since."""
    blockers = selectors.paragraph_blockers(version, paragraph)
    covered: set[tuple[str, object]] = set()
    if previous is not None and previous.determination:
        for item in previous.overruled or []:
            if item.get("kind") == "objection":
                covered.add(("objection", item.get("member")))
            elif item.get("kind") == "bracket":
                covered.add(("bracket", item.get("bracket")))
    new = selectors.Blockers(
        objections=tuple(
            o for o in blockers.objections if ("objection", o.member.slug) not in covered
        ),
        brackets=tuple(b for b in blockers.brackets if ("bracket", b.bracket.pk) not in covered),
    )
    if new:
        raise Conflict(
            blockers.describe(paragraph.key)
            + " "
            + _(
                "The confirmation cannot make it agreed over them: the Chair must decide "
                "(reopen it, or agree it by a determination)."
            ),
            code="standing_objections",
        )
    if previous is None or not previous.determination:
        return {}
    return {
        "determination": previous.determination,
        "determined_by": previous.determined_by,
        "overruled": blockers.as_record(),
    }


def ad_referendum_confirm(*, actor: Any, version: Version, paragraph: Paragraph) -> StatusEvent:
    """A pending member's delegate confirms; the last confirmation makes the paragraph agreed."""
    acting = Acting(actor, version)
    raise_refusal(may_take_positions(acting))
    member = acting.member
    assert member is not None  # may_take_positions
    with transaction.atomic():
        Paragraph.objects.select_for_update().filter(pk=paragraph.pk).first()
        current = selectors.status_of(version, paragraph)
        raise_refusal(may_confirm(acting, paragraph, current))
        remaining = [m for m in current.pending_members if m.pk != member.pk]
        note = f"Confirmed by {member.name}."
        previous = current.event
        if remaining:
            # Still ad referendum, awaiting fewer members: a new event, the old one untouched.
            carried: dict[str, Any] = {}
            if previous is not None and previous.determination:
                carried = {
                    "determination": previous.determination,
                    "determined_by": previous.determined_by,
                    "overruled": list(previous.overruled or []),
                }
            return _status_event(
                actor, version, paragraph, S.AGREED_AD_REF, remaining, note, **carried
            )
        carried = _carried_determination(version, paragraph, previous)
        return _status_event(actor, version, paragraph, S.AGREED, [], note, **carried)
