"""Option groups: alternatives of which only one survives into the next revision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.groups.permissions import require

from ..models import OptionGroup, Paragraph, Version, VersionParagraph
from .amendments import group_of


def option_group_create(
    *, actor: Any, version: Version, label: str, paragraphs: Sequence[Paragraph]
) -> OptionGroup:
    """Group two or more paragraphs of ``version`` as alternatives (the chair)."""
    group = group_of(version)
    require(actor, "drafts.decide_amendment", group)
    label = label.strip()
    if not label:
        raise ValidationFailed(_("Give the option group a label."), fields={"label": "required"})
    ids = list(dict.fromkeys(p.pk for p in paragraphs))
    if len(ids) < 2:
        raise ValidationFailed(
            _("An option group needs at least two paragraphs."), fields={"paragraphs": "too_few"}
        )
    present = set(
        VersionParagraph.objects.filter(version=version, paragraph_id__in=ids).values_list(
            "paragraph_id", flat=True
        )
    )
    if present != set(ids):
        raise ValidationFailed(
            _("Every option must be a paragraph of this version."), fields={"paragraphs": "invalid"}
        )
    with transaction.atomic():
        taken = OptionGroup.objects.filter(
            version=version, chosen__isnull=True, paragraphs__in=ids
        ).exists()
        if taken:
            raise Conflict(_("One of these paragraphs is already in an open option group."))
        option_group = OptionGroup.objects.create(version=version, label=label[:200])
        option_group.paragraphs.set(ids)
        audit_record(
            actor=actor,
            action="accord.option_group.create",
            target=option_group,
            group_id=group.pk,
            data={"label": label, "paragraphs": [p.key for p in paragraphs]},
        )
    return option_group


def option_choose(*, actor: Any, group: OptionGroup, paragraph: Paragraph) -> OptionGroup:
    """The chair chooses the surviving option; the others are dropped in the next revision."""
    working_group = group_of(group.version)
    require(actor, "drafts.decide_amendment", working_group)
    with transaction.atomic():
        current = OptionGroup.objects.select_for_update().get(pk=group.pk)
        if not current.paragraphs.filter(pk=paragraph.pk).exists():
            raise ValidationFailed(
                _("That paragraph is not one of the options."), fields={"paragraph": "invalid"}
            )
        if current.chosen_id == paragraph.pk:
            return current
        previous = current.chosen.key if current.chosen else None
        current.chosen = paragraph
        current.save(update_fields=["chosen"])
        audit_record(
            actor=actor,
            action="accord.option_group.choose",
            target=current,
            group_id=working_group.pk,
            data={"chosen": paragraph.key, "previous": previous},
        )
    return current
