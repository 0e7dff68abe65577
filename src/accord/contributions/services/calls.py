"""Opening a call for contributions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import ValidationFailed
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require

from ..models import Call, Question
from ..permissions import CALL_CREATE


def call_create(
    *,
    actor: Any,
    group: WorkingGroup,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    questions: Sequence[str],
    description: str = "",
    allow_members: bool = True,
    allow_observers: bool = True,
    allow_public: bool = False,
    accept_late: bool = True,
) -> Call:
    """Create a call; ``questions`` are numbered 1, 2, … in the order given."""
    require(actor, CALL_CREATE, group)
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = _("A call needs a title.")
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        errors["opens_at"] = _("Give the opening and closing times with a time zone.")
    elif closes_at <= opens_at:
        errors["closes_at"] = _("The call must close after it opens.")
    texts = [q.strip() for q in questions if q and q.strip()]
    if not texts:
        errors["questions"] = _("Ask at least one question.")
    if not (allow_members or allow_observers or allow_public):
        errors["allow_members"] = _("Let at least members, observers or the public submit.")
    if errors:
        raise ValidationFailed(" ".join(errors.values()), fields=errors)
    with transaction.atomic():
        call = Call.objects.create(
            group=group,
            title=title[:300],
            description=description.strip(),
            opens_at=opens_at,
            closes_at=closes_at,
            allow_members=allow_members,
            allow_observers=allow_observers,
            allow_public=allow_public,
            accept_late=accept_late,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        Question.objects.bulk_create(
            [Question(call=call, number=n, text=text) for n, text in enumerate(texts, start=1)]
        )
        audit_record(
            actor=actor,
            action="accord.call.create",
            target=call,
            group_id=group.pk,
            data={"questions": len(texts), "closes_at": closes_at.isoformat()},
        )
    return call
