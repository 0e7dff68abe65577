"""Opening and closing consultations; submitting and moderating statements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.common.ratelimit import rate_limit_hit
from accord.groups.models import WorkingGroup
from accord.groups.permissions import can, require

from ..models import STATEMENT_MAX_LENGTH, Consultation, Statement
from ..permissions import CLOSE, MODERATE, OPEN, SUBMIT
from .votes import (
    ANON_STATEMENTS_PER_HOUR,
    _is_signed_in,
    ensure_may_take_part,
    ensure_open,
    participant_for_request,
)


def _clean_statement(text: str, *, field: str = "text") -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationFailed(_("A statement cannot be empty."), fields={field: "required"})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationFailed(
            _("A statement is at most %(STATEMENT_MAX_LENGTH)s characters (this one has %(len)s).")
            % {"STATEMENT_MAX_LENGTH": STATEMENT_MAX_LENGTH, "len": len(text)},
            fields={field: "too long"},
        )
    return text


def consultation_open(
    *,
    actor: Any,
    group: WorkingGroup,
    question: str,
    description: str = "",
    seed_statements: Sequence[str] = (),
    allow_public: bool = False,
    allow_public_statements: bool = False,
    moderation_required: bool = True,
    closes_at: datetime | None = None,
) -> Consultation:
    """Open a consultation on ``question`` with seed statements (published at once)."""
    require(actor, OPEN, group)
    question = " ".join((question or "").split())
    if not question:
        raise ValidationFailed(
            _("Say what the consultation asks."), fields={"question": "required"}
        )
    if len(question) > 500:
        raise ValidationFailed(
            _("The question is at most 500 characters."), fields={"question": "too long"}
        )
    now = timezone.now()
    if closes_at is not None and closes_at <= now:
        raise ValidationFailed(
            _("The closing time must be in the future."), fields={"closes_at": "in the past"}
        )
    seeds: list[str] = []
    seen: set[str] = set()
    for raw in seed_statements:
        if not (raw or "").strip():
            continue
        text = _clean_statement(raw, field="seed_statements")
        if text.casefold() not in seen:
            seen.add(text.casefold())
            seeds.append(text)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            group=group,
            question=question,
            description=description.strip(),
            opened_by=actor,
            opened_at=now,
            closes_at=closes_at,
            allow_public=allow_public,
            allow_public_statements=allow_public and allow_public_statements,
            moderation_required=moderation_required,
        )
        Statement.objects.bulk_create(
            Statement(
                consultation=consultation,
                text=text,
                is_seed=True,
                status=Statement.Status.PUBLISHED,
                moderated_by=actor,
                moderated_at=now,
            )
            for text in seeds
        )
        audit_record(
            actor=actor,
            action="accord.consultation.open",
            target=consultation,
            group_id=group.pk,
            data={"question": question, "seeds": len(seeds), "public": allow_public},
        )
    return consultation


def consultation_close(*, actor: Any, consultation: Consultation) -> Consultation:
    require(actor, CLOSE, consultation.group)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == Consultation.Status.CLOSED:
            raise Conflict(_("This consultation is already closed."))
        locked.status = Consultation.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="accord.consultation.close",
            target=locked,
            group_id=locked.group_id,
        )
    return locked


def statement_submit(
    *,
    actor: Any,
    consultation: Consultation,
    text: str,
    anon_token: str | None = None,
    client_ip: str = "",
) -> Statement:
    """Add a participant's statement: held for moderation when the consultation says so
    (statements by its moderators are published at once). Duplicates → Conflict."""
    ensure_open(consultation)
    text = _clean_statement(text)
    ensure_may_take_part(actor, consultation, action=SUBMIT)
    if not _is_signed_in(actor):
        if not anon_token:
            raise ValidationFailed(_("Submitting anonymously needs cookies: enable them."))
        rate_limit_hit(
            f"consult-statement:{client_ip or 'unknown'}",
            limit=ANON_STATEMENTS_PER_HOUR,
            window_seconds=3600,
            message=_("Too many statements from this network in an hour; try again later."),
        )
    existing = consultation.statements.exclude(status=Statement.Status.REJECTED)
    if any(t.casefold() == text.casefold() for t in existing.values_list("text", flat=True)):
        raise Conflict(_("This statement is already in the consultation."))
    publish_now = not consultation.moderation_required or can(actor, MODERATE, consultation.group)
    with transaction.atomic():
        participant = participant_for_request(
            consultation=consultation, user=actor, anon_token=anon_token, create=True
        )
        statement = Statement.objects.create(
            consultation=consultation,
            text=text,
            author=participant,
            status=Statement.Status.PUBLISHED if publish_now else Statement.Status.SUBMITTED,
        )
        audit_record(
            actor=actor,
            action="accord.consultation_statement.submit",
            target=statement,
            group_id=consultation.group_id,
            data={"consultation": consultation.pk, "status": statement.status},
        )
    return statement


def statement_moderate(*, actor: Any, statement: Statement, action: str) -> Statement:
    """``action``: "publish" or "reject" (a published statement may be withdrawn from the map
    by rejecting it; its votes stay recorded but no longer count)."""
    consultation = statement.consultation
    require(actor, MODERATE, consultation.group)
    targets = {"publish": Statement.Status.PUBLISHED, "reject": Statement.Status.REJECTED}
    if action not in targets:
        raise ValidationFailed(_("Choose publish or reject."), fields={"action": "invalid"})
    with transaction.atomic():
        locked = Statement.objects.select_for_update().get(pk=statement.pk)
        if locked.status == targets[action]:
            raise Conflict(
                _("This statement is already %(lower)s.")
                % {"lower": locked.get_status_display().lower()}
            )
        before = locked.status
        locked.status = targets[action]
        locked.moderated_by = actor
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
        audit_record(
            actor=actor,
            action=f"accord.consultation_statement.{action}",
            target=locked,
            group_id=consultation.group_id,
            data={"from": before, "to": locked.status},
        )
    return locked
