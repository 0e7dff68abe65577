"""Informal consultations: the chair gives a facilitator a set of paragraphs to consult on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.groups.models import Role
from accord.groups.permissions import require

from ..models import InformalConsultation, Paragraph, Report


def informal_consultation_create(
    *, actor: Any, report: Report, title: str, facilitator: Any, paragraphs: Iterable[Paragraph]
) -> InformalConsultation:
    group = report.group
    require(actor, "drafts.manage_consultations", group)
    title = title.strip()
    if not title:
        raise ValidationFailed(_("Give the consultation a title."), fields={"title": "required"})
    if not Role.objects.filter(group=group, user=facilitator, kind=Role.Kind.FACILITATOR).exists():
        raise ValidationFailed(
            _("The facilitator must hold the facilitator role in this group."),
            fields={"facilitator": "invalid"},
        )
    chosen = list(paragraphs)
    if not chosen:
        raise ValidationFailed(_("Choose the paragraphs of the consultation."))
    if any(p.report_id != report.pk for p in chosen):
        raise ValidationFailed(_("All paragraphs must belong to this report."))
    with transaction.atomic():
        consultation = InformalConsultation.objects.create(
            report=report, title=title[:300], facilitator=facilitator
        )
        consultation.paragraphs.set(chosen)
        audit_record(
            actor=actor,
            action="accord.consultation.create",
            target=consultation,
            group_id=group.pk,
            data={"facilitator": facilitator.pk, "paragraphs": [p.key for p in chosen]},
        )
    return consultation


def informal_consultation_close(
    *, actor: Any, consultation: InformalConsultation
) -> InformalConsultation:
    require(actor, "drafts.manage_consultations", consultation.report.group)
    if not consultation.is_open:
        raise Conflict(_("This consultation is already closed."))
    with transaction.atomic():
        InformalConsultation.objects.filter(pk=consultation.pk).update(is_open=False)
        consultation.refresh_from_db()
        audit_record(
            actor=actor,
            action="accord.consultation.close",
            target=consultation,
            group_id=consultation.report.group_id,
        )
    return consultation
