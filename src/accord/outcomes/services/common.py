"""Checks every decision service makes: who acts for which member (and group), on which text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from accord.common.errors import PermissionDenied, ValidationFailed
from accord.drafts.models import Paragraph, Version, VersionParagraph
from accord.groups.models import Member, NegotiatingGroup, NegotiatingGroupMembership, WorkingGroup
from accord.groups.permissions import require
from accord.groups.selectors import member_for_user

REASON_MAX = 5000


def decided_text(version: Version) -> None:
    """Decisions are taken on an issued version that members have received."""
    if version.status != Version.Status.ISSUED:
        raise ValidationFailed(_("A decision is taken on an issued version, not on a draft."))
    if not (version.is_circulated or version.is_published):
        raise ValidationFailed(_("This version has not been circulated to members yet."))


def acting_member(
    actor: Any, group: WorkingGroup, action: str, on_behalf_of: NegotiatingGroup | None
) -> Member:
    """The member the actor's delegate role acts for; it must belong to ``on_behalf_of``."""
    require(actor, action, group)
    member = member_for_user(user=actor, group=group)
    if member is None:
        raise PermissionDenied(_("Your account does not act for a member of this group."))
    if member.status != Member.Status.MEMBER:
        raise PermissionDenied(_("Observers do not take part in decisions."))
    if on_behalf_of is not None:
        if on_behalf_of.group_id != group.pk:
            raise ValidationFailed(
                _("That negotiating group belongs to another working group."),
                fields={"on_behalf_of": _("Choose one of this group's negotiating groups.")},
            )
        speaks = NegotiatingGroupMembership.objects.filter(
            negotiating_group=on_behalf_of, member=member
        ).exists()
        if not speaks:
            raise PermissionDenied(
                _("%(member)s is not a member of %(group)s and cannot speak for it.")
                % {"member": member.name, "group": on_behalf_of.name}
            )
    return member


def paragraphs_of(version: Version, paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """The named paragraphs, each checked to be part of ``version`` (deduplicated, in order)."""
    chosen = list({p.pk: p for p in paragraphs}.values())
    if not chosen:
        return []
    present = set(
        VersionParagraph.objects.filter(
            version=version, paragraph_id__in=[p.pk for p in chosen]
        ).values_list("paragraph_id", flat=True)
    )
    missing = [p.key for p in chosen if p.pk not in present]
    if missing:
        raise ValidationFailed(
            _("Not in %(version)s: %(keys)s.")
            % {"version": version.label, "keys": ", ".join(missing)},
            fields={"paragraphs": _("Name paragraphs of this version.")},
        )
    return chosen


def clean_reason(reason: str, *, required: bool, what: str) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationFailed(what, fields={"reason": _("A reason is required.")})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            _("The text is too long (at most %(n)d characters).") % {"n": REASON_MAX},
            fields={"reason": _("Too long.")},
        )
    return reason
