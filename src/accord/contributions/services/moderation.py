"""Moderation: the secretariat publishes or rejects; a member (or the secretariat) withdraws."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.groups.permissions import can, require
from accord.groups.selectors import member_for_user

from ..models import Contribution
from ..permissions import MODERATE, SUBMIT
from .common import index_contribution

Status = Contribution.Status


def _locked(contribution: Contribution) -> Contribution:
    # Re-read under a row lock so two moderators cannot both act on the old status.
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("call__group", "member__constituency", "public_constituency")
        .get(pk=contribution.pk)
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give a reason; it is shown with the contribution."), fields={"reason": "required"}
        )
    return reason


def _finish(actor: Any, contribution: Contribution, verb: str, data: dict[str, Any]) -> None:
    index_contribution(contribution)
    audit_record(
        actor=actor,
        action=f"accord.contribution.{verb}",
        target=contribution,
        group_id=contribution.call.group_id,
        data=data,
    )


def contribution_publish(*, actor: Any, contribution: Contribution) -> Contribution:
    require(actor, MODERATE, contribution.call.group)
    with transaction.atomic():
        contribution = _locked(contribution)
        if contribution.status != Status.SUBMITTED:
            raise Conflict(
                _("This contribution is %(lower)s; only a submitted contribution can be published.")
                % {"lower": contribution.get_status_display().lower()}
            )
        contribution.status = Status.PUBLISHED
        contribution.published_at = timezone.now()
        contribution.moderation_reason = ""
        contribution.save(update_fields=["status", "published_at", "moderation_reason"])
        _finish(actor, contribution, "publish", {})
    return contribution


def contribution_reject(*, actor: Any, contribution: Contribution, reason: str) -> Contribution:
    require(actor, MODERATE, contribution.call.group)
    reason = _reason(reason)
    with transaction.atomic():
        contribution = _locked(contribution)
        if contribution.status not in (Status.SUBMITTED, Status.PUBLISHED):
            raise Conflict(
                _("This contribution is already %(lower)s.")
                % {"lower": contribution.get_status_display().lower()}
            )
        previous = contribution.status
        contribution.status = Status.REJECTED
        contribution.moderation_reason = reason
        contribution.save(update_fields=["status", "moderation_reason"])
        _finish(actor, contribution, "reject", {"reason": reason, "from": previous})
    return contribution


def may_withdraw(actor: Any, contribution: Contribution) -> bool:
    """The secretariat, or a delegate/observer acting for the contribution's member."""
    group = contribution.call.group
    if can(actor, MODERATE, group):
        return True
    if contribution.member_id is None or not can(actor, SUBMIT, group):
        return False
    member = member_for_user(user=actor, group=group)
    return member is not None and member.pk == contribution.member_id


def contribution_withdraw(*, actor: Any, contribution: Contribution, reason: str) -> Contribution:
    if not may_withdraw(actor, contribution):
        raise PermissionDenied(
            _("Only the delegation that sent this contribution or the secretariat can withdraw it.")
        )
    reason = _reason(reason)
    with transaction.atomic():
        contribution = _locked(contribution)
        if contribution.status not in (Status.SUBMITTED, Status.PUBLISHED):
            raise Conflict(
                _("This contribution is already %(lower)s.")
                % {"lower": contribution.get_status_display().lower()}
            )
        previous = contribution.status
        contribution.status = Status.WITHDRAWN
        contribution.moderation_reason = reason
        contribution.save(update_fields=["status", "moderation_reason"])
        _finish(actor, contribution, "withdraw", {"reason": reason, "from": previous})
    return contribution


def contribution_moderate(
    *, actor: Any, contribution: Contribution, action: str, reason: str = ""
) -> Contribution:
    """One entry point for forms and the API: ``action`` is publish, reject or withdraw."""
    if action == "publish":
        return contribution_publish(actor=actor, contribution=contribution)
    if action == "reject":
        return contribution_reject(actor=actor, contribution=contribution, reason=reason)
    if action == "withdraw":
        return contribution_withdraw(actor=actor, contribution=contribution, reason=reason)
    raise ValidationFailed(
        _("Unknown moderation action '%(action)s': use publish, reject or withdraw.")
        % {"action": action},
        fields={"action": "invalid"},
    )
