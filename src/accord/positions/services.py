"""Writes: record a position, move a paragraph's status, confirm an ad referendum agreement.

Everything here appends an event; no row is ever updated (the current state is read by the
selectors). Positions and statuses apply to issued, circulated versions only: members negotiate
on the text they were sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import Paragraph, Version, VersionParagraph
from accord.drafts.permissions import facilitator_may_act
from accord.groups.models import Member, NegotiatingGroup
from accord.groups.permissions import CHAIR, require, user_role_kinds
from accord.groups.selectors import member_for_user, member_may_speak_for

from . import selectors
from .models import PositionEvent, StatusEvent

REASON_MAX = 5000
S = StatusEvent.Status
# Forward moves along open → bracketed → agreed ad referendum → agreed; any status may be
# dropped or reopened (back to open). A clean paragraph may be agreed without brackets first.
FORWARD: dict[str, set[str]] = {
    S.OPEN: {S.BRACKETED, S.AGREED_AD_REF, S.AGREED},
    S.BRACKETED: {S.AGREED_AD_REF, S.AGREED},
    S.AGREED_AD_REF: {S.AGREED},
    S.AGREED: set(),
    S.DROPPED: set(),
}


def _negotiable(version: Version, paragraph: Paragraph) -> None:
    """The version is issued and circulated, and the paragraph is part of it."""
    if version.status != Version.Status.ISSUED:
        raise ValidationFailed("Positions and statuses apply to issued versions only.")
    if not (version.is_circulated or version.is_published):
        raise ValidationFailed("This version has not been circulated to members yet.")
    if (
        paragraph.report_id != version.report_id
        or not VersionParagraph.objects.filter(version=version, paragraph=paragraph).exists()
    ):
        raise ValidationFailed(f"Paragraph {paragraph.key} is not in {version.label}.")


def _acting_member(actor: Any, version: Version) -> Member:
    group = version.report.group
    require(actor, "positions.record", group)
    member = member_for_user(user=actor, group=group)
    if member is None:
        raise PermissionDenied("Your account does not act for a member of this group.")
    if member.status != Member.Status.MEMBER:
        raise PermissionDenied("Observers cannot take positions.")
    return member


def _may_speak_for(member: Member, version: Version, negotiating_group: NegotiatingGroup) -> None:
    if negotiating_group.group_id != version.report.group_id or not member_may_speak_for(
        member, negotiating_group
    ):
        raise PermissionDenied(
            _("%(member)s is not a member of the %(group)s, so it cannot speak on its behalf.")
            % {"member": member.name, "group": negotiating_group},
            fields={"on_behalf_of": _("Choose a negotiating group your delegation belongs to.")},
        )


def position_record(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    kind: str,
    reason: str = "",
    on_behalf_of: NegotiatingGroup | None = None,
) -> PositionEvent:
    """Record the actor's member's position on a paragraph of a version (a new event, always).

    ``on_behalf_of``: the member speaks for its negotiating group; the position is the group's
    and counts for each member of the group without its own (``selectors.current_positions``).
    """
    member = _acting_member(actor, version)
    if on_behalf_of is not None:
        _may_speak_for(member, version, on_behalf_of)
    if kind not in PositionEvent.Kind.values:
        raise ValidationFailed(
            "Choose support, can live with, object or reserve.", fields={"kind": "Unknown kind."}
        )
    reason = reason.strip()
    if kind == PositionEvent.Kind.OBJECT and not reason:
        # Like the Datatracker's DISCUSS: a blocking position must say what would resolve it.
        raise ValidationFailed(
            "An objection needs a reason: say what you object to and what would resolve it.",
            fields={"reason": "A reason is required to object."},
        )
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"The reason is too long (at most {REASON_MAX} characters).",
            fields={"reason": "Too long."},
        )
    _negotiable(version, paragraph)
    with transaction.atomic():
        event = PositionEvent.objects.create(
            paragraph=paragraph,
            version=version,
            member=member,
            on_behalf_of=on_behalf_of,
            kind=kind,
            reason=reason,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="accord.position.record",
            target=event,
            group_id=version.report.group_id,
            data={
                "paragraph": paragraph.key,
                "version": version.number,
                "kind": kind,
                "member": member.slug,
                "on_behalf_of": on_behalf_of.slug if on_behalf_of else None,
            },
        )
    return event


def _require_status_power(actor: Any, version: Version, paragraph: Paragraph) -> None:
    group = version.report.group
    require(actor, "positions.set_status", group)
    if getattr(actor, "is_superuser", False) or CHAIR in user_role_kinds(actor, group):
        return
    if not facilitator_may_act(actor, paragraph):
        raise PermissionDenied(
            f"A facilitator sets the status only of the paragraphs of their consultation; "
            f"{paragraph.key} is not in yours."
        )


def _is_chair(actor: Any, version: Version) -> bool:
    return bool(getattr(actor, "is_superuser", False)) or CHAIR in user_role_kinds(
        actor, version.report.group
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
                f"{m.name} is not a member of this group.",
                fields={"pending_members": "Choose members of the group."},
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
    _require_status_power(actor, version, paragraph)
    if status not in S.values:
        raise ValidationFailed("Unknown status.", fields={"status": "Unknown status."})
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
        if not _is_chair(actor, version):
            raise PermissionDenied(
                _("Only the Chair can determine that a paragraph is agreed over objections.")
            )
        if len(determination) > REASON_MAX:
            raise ValidationFailed(
                _("The determination is too long (at most %(n)d characters).") % {"n": REASON_MAX},
                fields={"determination": _("Too long.")},
            )
    pending = _pending(version, pending_members)
    if status == S.AGREED_AD_REF and not pending:
        raise ValidationFailed(
            "Agreed ad referendum needs the members whose confirmation is awaited.",
            fields={"pending_members": "Name at least one member."},
        )
    if status != S.AGREED_AD_REF and pending:
        raise ValidationFailed(
            "Only an ad referendum agreement awaits members' confirmation.",
            fields={"pending_members": "Leave empty for this status."},
        )
    _negotiable(version, paragraph)
    with transaction.atomic():
        # Serialise status changes on one paragraph: the check below reads the latest event.
        Paragraph.objects.select_for_update().filter(pk=paragraph.pk).first()
        current = selectors.status_of(version, paragraph).status
        allowed = FORWARD[current] | {S.DROPPED, S.OPEN}
        if status == current or status not in allowed:
            raise Conflict(
                f"{paragraph.key} is {selectors.STATUS_LABELS[S(current)].lower()}; "
                f"it cannot become {selectors.STATUS_LABELS[S(status)].lower()}."
            )
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
    member = _acting_member(actor, version)
    _negotiable(version, paragraph)
    with transaction.atomic():
        Paragraph.objects.select_for_update().filter(pk=paragraph.pk).first()
        current = selectors.status_of(version, paragraph)
        if current.status != S.AGREED_AD_REF:
            raise Conflict(f"{paragraph.key} is not agreed ad referendum.")
        if member.pk not in {m.pk for m in current.pending_members}:
            raise PermissionDenied(f"{paragraph.key} does not await {member.name}'s confirmation.")
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
