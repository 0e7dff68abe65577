"""Record a member's position on a paragraph (its own, or its negotiating group's)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import PermissionDenied, ValidationFailed
from accord.drafts.models import Paragraph, Version
from accord.groups.models import Member, NegotiatingGroup
from accord.groups.selectors import member_may_speak_for

from ..models import PositionEvent
from .checks import REASON_MAX, Acting, may_record_position, raise_refusal


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
    acting = Acting(actor, version)
    raise_refusal(may_record_position(acting, paragraph))
    member = acting.member
    assert member is not None  # may_record_position
    if on_behalf_of is not None:
        _may_speak_for(member, version, on_behalf_of)
    if kind not in PositionEvent.Kind.values:
        raise ValidationFailed(
            _("Choose support, can live with, object or reserve."),
            fields={"kind": _("Unknown kind.")},
        )
    reason = reason.strip()
    if kind == PositionEvent.Kind.OBJECT and not reason:
        # Like the Datatracker's DISCUSS: a blocking position must say what would resolve it.
        raise ValidationFailed(
            _("An objection needs a reason: say what you object to and what would resolve it."),
            fields={"reason": _("A reason is required to object.")},
        )
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            _("The reason is too long (at most %(n)d characters).") % {"n": REASON_MAX},
            fields={"reason": _("Too long.")},
        )
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
