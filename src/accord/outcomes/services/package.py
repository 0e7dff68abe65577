"""Members' conditions on the package ("R7 only if R3 is in", "R3 must be in", "R5 never").

A condition that would contradict the member's own other conditions is refused before it is
recorded (the solver's own validation decides, so the rule lives in one place).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, PermissionDenied, ValidationFailed
from accord.core.consensus.problem import ProblemError
from accord.drafts.models import Paragraph, Version
from accord.groups.models import NegotiatingGroup

from ..models import PackageCondition
from ..package_input import package_input
from .common import acting_member, clean_reason, decided_text, paragraphs_of

K = PackageCondition.Kind


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def condition_add(
    *,
    actor: Any,
    version: Version,
    kind: str,
    paragraph: Paragraph,
    requires: Paragraph | None = None,
    note: str = "",
    on_behalf_of: NegotiatingGroup | None = None,
) -> PackageCondition:
    group = version.report.group
    member = acting_member(actor, group, "outcomes.record_stance", on_behalf_of)
    decided_text(version)
    if kind not in K.values:
        raise ValidationFailed(_("Choose the kind of condition."), fields={"kind": _("Unknown.")})
    if (kind == K.REQUIRES) != (requires is not None):
        raise ValidationFailed(
            _("“Only if” names the recommendation that must be in; the red lines name none."),
            fields={"requires": _("Check this field.")},
        )
    if requires is not None and requires.pk == paragraph.pk:
        raise ValidationFailed(
            _("A recommendation cannot require itself."), fields={"requires": _("Choose another.")}
        )
    for p in paragraphs_of(version, [paragraph, *([requires] if requires else [])]):
        if p.kind != Paragraph.Kind.OPERATIVE:
            raise ValidationFailed(_("Conditions are on recommendations (operative paragraphs)."))
    note = clean_reason(note, required=False, what="")
    try:
        with transaction.atomic():
            made = PackageCondition.objects.create(
                version=version,
                member=member,
                on_behalf_of=on_behalf_of,
                kind=kind,
                paragraph=paragraph,
                requires=requires,
                note=note,
                recorded_by=actor,
            )
            try:
                package_input(version)  # the solver's validation: contradictions are refused
            except ProblemError as exc:
                raise _Refused(str(exc)) from exc
            audit_record(
                actor=actor,
                action="accord.package_condition.add",
                target=made,
                group_id=group.pk,
                data={
                    "kind": kind,
                    "paragraph": paragraph.key,
                    "requires": requires.key if requires else None,
                },
            )
    except _Refused as refused:
        raise ValidationFailed(
            _("This condition contradicts the others on record: %(why)s")
            % {"why": refused.message},
            fields={"kind": _("Contradictory conditions.")},
        ) from None
    return made


def condition_withdraw(*, actor: Any, condition: PackageCondition) -> PackageCondition:
    group = condition.version.report.group
    member = acting_member(actor, group, "outcomes.record_stance", condition.on_behalf_of)
    if member.pk != condition.member_id and condition.on_behalf_of_id is None:
        raise PermissionDenied(_("Only the member that stated a condition withdraws it."))
    with transaction.atomic():
        locked = PackageCondition.objects.select_for_update().get(pk=condition.pk)
        if locked.withdrawn_at is not None:
            raise Conflict(_("This condition has already been withdrawn."))
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            action="accord.package_condition.withdraw",
            target=locked,
            group_id=group.pk,
            data={"paragraph": locked.paragraph.key},
        )
    return locked
