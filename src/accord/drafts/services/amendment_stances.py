"""Stances on an amendment and its end: co-sponsor, support, oppose; withdraw; the chair's
decision. Each write has its check beside it (see ``services.checks``)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import PermissionDenied, ValidationFailed
from accord.groups.models import Member
from accord.groups.permissions import require

from ..models import Amendment, AmendmentSupport, Version
from .amendment_common import ensure_proposed, group_of, locked_update, standing_for
from .checks import Standing, standing_of


def _supporting_member(standing: Standing) -> Member:
    standing.require("drafts.support_amendment")
    if standing.member is None:
        raise PermissionDenied(_("Only a delegation's delegates can support or oppose amendments."))
    return standing.member


def amendment_support_check(
    *, actor: Any, amendment: Amendment, standing: Standing | None = None
) -> None:
    """Raise what :func:`amendment_support` would refuse (any stance)."""
    member = _supporting_member(standing_for(actor, amendment, standing))
    if amendment.proposer_id == member.pk:
        raise ValidationFailed(_("Your delegation proposed this amendment."))
    ensure_proposed(amendment)


def amendment_support(*, actor: Any, amendment: Amendment, kind: str) -> AmendmentSupport:
    """Co-sponsor, support or oppose; one stance per member, changeable (history in audit)."""
    group = group_of(amendment.version)
    standing = standing_of(actor, group)
    member = _supporting_member(standing)
    if kind not in AmendmentSupport.Kind.values:
        raise ValidationFailed(
            _("Unknown stance %(kind)r.") % {"kind": kind}, fields={"kind": "invalid"}
        )
    amendment_support_check(actor=actor, amendment=amendment, standing=standing)
    with transaction.atomic():
        # Lock the amendment row so a decision and a support are serialised.
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        ensure_proposed(current)
        try:
            with transaction.atomic():
                support, created = AmendmentSupport.objects.get_or_create(
                    amendment=current, member=member, defaults={"kind": kind}
                )
        except IntegrityError:  # a concurrent first stance of the same member
            support, created = AmendmentSupport.objects.get(amendment=current, member=member), False
        previous = None if created else support.kind
        if not created and support.kind != kind:
            support.kind = kind
            support.save(update_fields=["kind"])
        audit_record(
            actor=actor,
            action="accord.amendment.support",
            target=current,
            group_id=group.pk,
            data={"member": member.slug, "kind": kind, "previous": previous},
        )
    return support


def amendment_support_remove_check(
    *, actor: Any, amendment: Amendment, standing: Standing | None = None
) -> None:
    """Raise what :func:`amendment_support_remove` would refuse."""
    _supporting_member(standing_for(actor, amendment, standing))


def amendment_support_remove(*, actor: Any, amendment: Amendment) -> None:
    group = group_of(amendment.version)
    standing = standing_of(actor, group)
    amendment_support_remove_check(actor=actor, amendment=amendment, standing=standing)
    member = _supporting_member(standing)
    with transaction.atomic():
        deleted, _count = AmendmentSupport.objects.filter(
            amendment=amendment, member=member
        ).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="accord.amendment.unsupport",
                target=amendment,
                group_id=group.pk,
                data={"member": member.slug},
            )


def amendment_withdraw_check(
    *, actor: Any, amendment: Amendment, standing: Standing | None = None
) -> None:
    """Raise what :func:`amendment_withdraw` would refuse: only the proposer (a delegate
    of the proposing member, or the proposing role) withdraws a proposed amendment."""
    standing = standing_for(actor, amendment, standing)
    standing.require("drafts.amend")
    member = standing.member
    own = (
        amendment.proposer_id is not None
        and member is not None
        and amendment.proposer_id == member.pk
    ) or (amendment.proposer_id is None and amendment.proposer_role in standing.kinds)
    if not own:
        raise PermissionDenied(_("Only the proposer can withdraw an amendment."))
    ensure_proposed(amendment)


def amendment_withdraw(
    *, actor: Any, amendment: Amendment, expected_lock_version: int | None = None
) -> Amendment:
    """The proposer withdraws: a delegate of the proposing member, or the proposing role."""
    group = group_of(amendment.version)
    amendment_withdraw_check(actor=actor, amendment=amendment)
    with transaction.atomic():
        locked_update(amendment, expected_lock_version, status=Amendment.Status.WITHDRAWN)
        audit_record(
            actor=actor,
            action="accord.amendment.withdraw",
            target=amendment,
            group_id=group.pk,
        )
    return amendment


DECISIONS = {
    "incorporated": Amendment.Status.INCORPORATED,
    "not_incorporated": Amendment.Status.NOT_INCORPORATED,
    "merged": Amendment.Status.MERGED,
}


def amendment_decide_check(
    *, actor: Any, amendment: Amendment, standing: Standing | None = None
) -> None:
    """Raise what :func:`amendment_decide` would refuse whatever the decision: only the
    chair decides, and only a proposed amendment."""
    standing_for(actor, amendment, standing).require("drafts.decide_amendment")
    ensure_proposed(amendment)


def amendment_decide(
    *,
    actor: Any,
    amendment: Amendment,
    decision: str,
    merged_into: Amendment | None = None,
    reason: str = "",
    expected_lock_version: int | None = None,
    incorporated_in: Version | None = None,
) -> Amendment:
    """The chair's decision. ``incorporated`` is normally set by issuing the next revision
    (which applies the text); deciding it here needs that revision (``incorporated_in``)."""
    group = group_of(amendment.version)
    require(actor, "drafts.decide_amendment", group)
    if decision not in DECISIONS:
        raise ValidationFailed(
            _("Unknown decision %(decision)r.") % {"decision": decision},
            fields={"decision": "invalid"},
        )
    changes: dict[str, Any] = {"status": DECISIONS[decision], "status_reason": reason.strip()}
    if decision == "merged":
        if merged_into is None or merged_into.pk == amendment.pk:
            raise ValidationFailed(
                _("Say which amendment it is merged into."), fields={"merged_into": "required"}
            )
        if merged_into.version_id != amendment.version_id:
            raise ValidationFailed(
                _("It can only be merged into an amendment of the same version.")
            )
        changes["merged_into"] = merged_into
    if decision == "incorporated":
        if incorporated_in is None:
            raise ValidationFailed(_("Amendments are incorporated by issuing the next revision."))
        changes["incorporated_in"] = incorporated_in
    amendment_decide_check(actor=actor, amendment=amendment)
    with transaction.atomic():
        locked_update(amendment, expected_lock_version, **changes)
        audit_record(
            actor=actor,
            action="accord.amendment.decide",
            target=amendment,
            group_id=group.pk,
            data={
                "decision": decision,
                "reason": changes["status_reason"],
                "merged_into": merged_into.pk if merged_into else None,
            },
        )
    return amendment
