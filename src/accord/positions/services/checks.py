"""Whether an action on positions or statuses is allowed: each ``may_*`` returns the refusal
its write would raise, or ``None``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from accord.common.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from accord.drafts.models import InformalConsultation, Paragraph, Version, VersionParagraph
from accord.groups.models import Member
from accord.groups.permissions import CHAIR, can, user_role_kinds
from accord.groups.selectors import member_for_user

from .. import selectors
from ..models import StatusEvent

Refusal = ApplicationError  # what a check answers when the action is not allowed

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


class Acting:
    """Who acts on ``version``: read lazily, at most once each, or given by a screen that has
    already read it (``member``, ``facilitates``: paragraph ids of the actor's open informal
    consultations, ``paragraph_ids``: the paragraphs of the version)."""

    _UNSET: Any = object()

    def __init__(
        self,
        actor: Any,
        version: Version,
        *,
        member: Member | None = _UNSET,
        facilitates: Iterable[int] | None = None,
        paragraph_ids: Iterable[int] | None = None,
    ) -> None:
        self.actor = actor
        self.version = version
        self.group = version.report.group
        if member is not Acting._UNSET:
            self.__dict__["member"] = member
        if facilitates is not None:
            self.__dict__["facilitates"] = frozenset(facilitates)
        if paragraph_ids is not None:
            self.__dict__["paragraph_ids"] = frozenset(paragraph_ids)

    @cached_property
    def member(self) -> Member | None:
        """The member the actor acts for (a delegate's delegation), if any."""
        return member_for_user(user=self.actor, group=self.group)

    @cached_property
    def is_chair(self) -> bool:
        return bool(getattr(self.actor, "is_superuser", False)) or CHAIR in user_role_kinds(
            self.actor, self.group
        )

    @cached_property
    def facilitates(self) -> frozenset[int]:
        if not getattr(self.actor, "is_authenticated", False):
            return frozenset()
        return frozenset(
            pid
            for pid in InformalConsultation.objects.filter(
                report_id=self.version.report_id, facilitator=self.actor, is_open=True
            ).values_list("paragraphs", flat=True)
            if pid is not None
        )

    @cached_property
    def paragraph_ids(self) -> frozenset[int]:
        return frozenset(
            VersionParagraph.objects.filter(version=self.version).values_list(
                "paragraph_id", flat=True
            )
        )

    @cached_property
    def not_negotiable(self) -> Refusal | None:
        """Why nothing can be negotiated on the version, or ``None``."""
        version = self.version
        if version.status != Version.Status.ISSUED:
            return ValidationFailed(_("Positions and statuses apply to issued versions only."))
        if not (version.is_circulated or version.is_published):
            return ValidationFailed(_("This version has not been circulated to members yet."))
        return None


def _not_here(acting: Acting, paragraph: Paragraph) -> Refusal | None:
    """The version takes positions, the paragraph is part of it and is not a heading."""
    if acting.not_negotiable is not None:
        return acting.not_negotiable
    if paragraph.report_id != acting.version.report_id or paragraph.pk not in acting.paragraph_ids:
        return ValidationFailed(
            _("Paragraph %(key)s is not in %(version)s.")
            % {"key": paragraph.key, "version": acting.version.label}
        )
    if paragraph.kind == Paragraph.Kind.HEADING:
        return ValidationFailed(
            _("%(key)s is a heading: headings take no positions and no status.")
            % {"key": paragraph.key}
        )
    return None


def may_take_positions(acting: Acting) -> Refusal | None:
    """The actor records positions for a full member of the group (on any paragraph)."""
    if not can(acting.actor, "positions.record", acting.group):
        return PermissionDenied(_("You do not have permission to do this in this group."))
    if acting.member is None:
        return PermissionDenied(_("Your account does not act for a member of this group."))
    if acting.member.status != Member.Status.MEMBER:
        return PermissionDenied(_("Observers cannot take positions."))
    return None


def may_record_position(acting: Acting, paragraph: Paragraph) -> Refusal | None:
    """May the actor record its member's position on ``paragraph`` of the version?"""
    return may_take_positions(acting) or _not_here(acting, paragraph)


def may_set_status(acting: Acting, paragraph: Paragraph) -> Refusal | None:
    """May the actor move the paragraph's status (the Chair; a facilitator only on the
    paragraphs of their open consultations)?"""
    if not can(acting.actor, "positions.set_status", acting.group):
        return PermissionDenied(_("You do not have permission to do this in this group."))
    if not acting.is_chair and paragraph.pk not in acting.facilitates:
        return PermissionDenied(
            _(
                "A facilitator sets the status only of the paragraphs of their consultation; "
                "%(key)s is not in yours."
            )
            % {"key": paragraph.key}
        )
    return _not_here(acting, paragraph)


def may_determine(acting: Acting) -> Refusal | None:
    """May the actor agree a paragraph over standing objections (a determination)?"""
    if not acting.is_chair:
        return PermissionDenied(
            _("Only the Chair can determine that a paragraph is agreed over objections.")
        )
    return None


def status_moves(current: str) -> list[str]:
    """The statuses a paragraph may move to from ``current``, in the order of the choices."""
    allowed = FORWARD[current] | {S.DROPPED, S.OPEN}
    return [s for s in S.values if s in allowed and s != current]


def may_move(key: str, current: str, status: str) -> Refusal | None:
    """May a paragraph at ``current`` become ``status``?"""
    if status in status_moves(current):
        return None
    return Conflict(
        _("%(key)s is %(current)s; it cannot become %(status)s.")
        % {
            "key": key,
            "current": selectors.STATUS_LABELS[S(current)].lower(),
            "status": selectors.STATUS_LABELS[S(status)].lower(),
        }
    )


def may_confirm(
    acting: Acting, paragraph: Paragraph, current: selectors.ParagraphStatus
) -> Refusal | None:
    """May the actor confirm, for its member, the paragraph's ad referendum agreement?"""
    refusal = may_take_positions(acting) or _not_here(acting, paragraph)
    if refusal is not None:
        return refusal
    if current.status != S.AGREED_AD_REF:
        return Conflict(_("%(key)s is not agreed ad referendum.") % {"key": paragraph.key})
    assert acting.member is not None  # may_take_positions
    if acting.member.pk not in {m.pk for m in current.pending_members}:
        return PermissionDenied(
            _("%(key)s does not await %(member)s's confirmation.")
            % {"key": paragraph.key, "member": acting.member.name}
        )
    return None


def raise_refusal(refusal: Refusal | None) -> None:
    if refusal is not None:
        raise refusal
